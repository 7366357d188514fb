"""Scoped reads of the PMKS household registry.

Every query starts from ``Keluarga.objects.for_user(user)`` (or the Anggota/Klasifikasi
equivalents), so a user never reads outside their area. List pages use a constant number of
queries: counts are annotated and related rows prefetched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import BigIntegerField, Count, F, Func, IntegerField, Prefetch, Q, QuerySet, Value

from pmks.models import Anggota, Keluarga, KlasifikasiPMKS, PerpindahanAnggota, RiwayatNoKK
from tksk.format import samarkan
from tksk.models import Pengguna, Tingkat
from tksk.permissions import Aksi, boleh
from tksk.scoping import get_for_user, kelurahan_untuk, wilayah_tugas

from . import choices as c
from .nik import normalisasi_nomor

_ANGKA = re.compile(r"^\d+$")


def perlu_nomor_lengkap(user) -> bool:
    """Roles that work with people (TKSK, Dinsos, admin) see full NIK / No. KK; Pejabat see them masked."""
    return boleh(user, Aksi.UBAH_DATA)


def get_keluarga_for_user(user, pk: int, *, write: bool = False) -> Keluarga:
    """One household within the user's area: 404 outside, 403 for a read-only role writing."""
    aksi = Aksi.UBAH_DATA if write else None
    return get_for_user(
        Keluarga.objects.select_related("kelurahan__induk", "didaftarkan_oleh"),
        user, "kelurahan", write=write, aksi=aksi, pk=pk,
    )


def get_anggota_for_user(user, pk: int, *, write: bool = False) -> Anggota:
    aksi = Aksi.UBAH_DATA if write else None
    return get_for_user(
        Anggota.objects.select_related("keluarga__kelurahan"), user, "keluarga__kelurahan",
        write=write, aksi=aksi, pk=pk,
    )


def get_klasifikasi_for_user(user, pk: int, *, write: bool = False) -> KlasifikasiPMKS:
    aksi = Aksi.UBAH_DATA if write else None
    return get_for_user(
        KlasifikasiPMKS.objects.select_related("keluarga__kelurahan", "jenis", "anggota"),
        user, "keluarga__kelurahan", write=write, aksi=aksi, pk=pk,
    )


# Above this many matching households the id list is not sent back to the database; the search
# then runs as a subquery (correct, slower) and is ordered newest first.
BATAS_ID_LANGSUNG = 20000


# Name search returns at most this many households, best match first (a name typed in a
# province of millions is a question about a person, not a list to page through).
BATAS_HASIL_NAMA = 200
# Words of the query that are looked at (a pasted paragraph must not become a huge query).
MAKS_KATA = 6


def _rentang_wilayah(wilayah) -> tuple[str, str] | None:
    """``kode_wilayah`` bounds of everything inside ``wilayah`` (``None``: no bound): the
    index's kelurahan codes from ``35.74.04.`` up to (not including) ``35.74.04/``."""
    if wilayah is None:
        return None
    if wilayah.adalah_kelurahan:
        return wilayah.kode, wilayah.kode + " "  # only the code itself (codes have no control characters)
    return f"{wilayah.kode}.", f"{wilayah.kode}/"


# A search wider than one kab/kota looks at this many of the closest distinct names.
BATAS_NAMA_KAMUS = 200

# Province-wide: the closest distinct spellings (``pmks_kamusnama``, its own trigram index), then per
# spelling the newest households carrying it (``indeks_nama_persis``, index-only, LIMIT), as one stream
# ordered by (score, household): what it reads is bounded by the two limits, not by how many of the
# province's people share a common name; PostgreSQL sorts it score group by score group (Incremental
# Sort) and stops once the page's rows are found, so the spellings of lower scores are not read.
# A household appears once per matching member: its first row carries its best score.
_SQL_NAMA_LUAS = """
SELECT h.keluarga_id FROM (
  SELECT nama_cari, word_similarity(sidamping_nama_cari(%(q)s), nama_cari) AS skor
    FROM pmks_kamusnama WHERE sidamping_nama_cari(%(q)s) <%% nama_cari
   ORDER BY skor DESC, similarity(sidamping_nama_cari(%(q)s), nama_cari) DESC, nama_cari LIMIT %(nama)s
) n CROSS JOIN LATERAL (
  SELECT i.keluarga_id FROM pmks_indeksnama i WHERE i.nama_cari = n.nama_cari {syarat}
   ORDER BY i.keluarga_id DESC LIMIT %(batas)s
) h
ORDER BY n.skor DESC, h.keluarga_id DESC LIMIT %(baris)s
"""


def _lebih_luas_dari_kota(wilayah) -> bool:
    """The search spans several kab/kota partitions of the name index (a province, or no bound)."""
    return wilayah is None or wilayah.tingkat == Tingkat.PROVINSI


def cari_nama(teks: str, *, wilayah=None, batas: int = BATAS_HASIL_NAMA) -> list[int]:
    """Household ids whose member names resemble ``teks``, best first, within ``wilayah``.

    One query on ``pmks_indeksnama`` (see ``pmks.models.cari``): the query text goes through the
    same SQL function as the stored names (``sidamping_nama_cari``: lowercase, oe→u, dj→j, tj→c,
    sj→sy, ch→kh), so "Soekarno" finds "Sukarno"; a name matches when the query's trigrams are
    found in it (pg_trgm ``<%``, word similarity ≥ ``pg_trgm.word_similarity_threshold``, 0.6), so
    a typo or the words in another order still match. Ordered by the best member's word similarity,
    then newest household first.

    Inside a kab/kota (or smaller) the query is pruned to that kab/kota's partition and its trigram
    index. Wider (a province, the administrator) it goes through the name dictionary
    (``_SQL_NAMA_LUAS``): the ``BATAS_NAMA_KAMUS`` closest distinct spellings, then at most ``batas``
    households per spelling. Same order, except when more than ``BATAS_NAMA_KAMUS`` spellings match
    ("Siti": ~1,500 at 1 M): spellings beyond the closest ones are not looked at (ties of word
    similarity go to the spelling closest as a whole, so the exact spelling is always looked at). The
    results then have the same scores, but among households of the same score the newest of the spellings
    looked at are shown, not the newest of all.
    """
    kata = re.split(r"\s+", (teks or "").strip())[:MAKS_KATA]
    teks = " ".join(kata)
    if not teks:
        return []
    rentang = _rentang_wilayah(wilayah)
    if _lebih_luas_dari_kota(wilayah):
        # twice the rows: room for households met again through a second member (dropped here)
        param = {"q": teks, "nama": BATAS_NAMA_KAMUS, "batas": batas, "baris": 2 * batas}
        syarat = ""
        if rentang is not None:
            syarat = "AND i.kode_wilayah >= %(awal)s AND i.kode_wilayah < %(akhir)s"
            param["awal"], param["akhir"] = rentang
        with connection.cursor() as cur:
            cur.execute(_SQL_NAMA_LUAS.format(syarat=syarat), param)
            return list(dict.fromkeys(r[0] for r in cur.fetchall()))[:batas]
    syarat, param = ["sidamping_nama_cari(%s) <%% nama_cari"], [teks]
    if rentang is not None:
        syarat.append("kode_wilayah >= %s AND kode_wilayah < %s")
        param += list(rentang)
    sql = (
        "SELECT keluarga_id FROM pmks_indeksnama WHERE " + " AND ".join(syarat)
        + " GROUP BY keluarga_id"
        " ORDER BY max(word_similarity(sidamping_nama_cari(%s), nama_cari)) DESC, keluarga_id DESC LIMIT %s"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [*param, teks, batas])
        return [r[0] for r in cur.fetchall()]


def _id_keluarga(sumber: QuerySet) -> list[int] | QuerySet:
    """Matching household ids as a list (the planner then walks the primary key), or the
    subquery itself when there are very many."""
    ids = list(set(sumber))
    return ids if len(ids) <= BATAS_ID_LANGSUNG else sumber


def cari_keluarga(qs: QuerySet, q: str, *, wilayah=None) -> QuerySet:
    """Search households by NIK, No. KK (current or earlier; exact when 16 digits, prefix
    otherwise) or a member's name (``cari_nama`` within ``wilayah``, the user's area; at most
    ``BATAS_HASIL_NAMA`` households, ordered by how well the best-matching member's name fits).

    ``qs`` stays the scope: the name index only narrows it.
    """
    teks = (q or "").strip()
    if not teks:
        return qs
    angka = normalisasi_nomor(teks)
    if _ANGKA.match(angka):
        if len(angka) == 16:
            kk, nik, lama = Q(no_kk=angka), Q(nik=angka), Q(no_kk=angka)
        else:
            kk, nik, lama = Q(no_kk__startswith=angka), Q(nik__startswith=angka), Q(no_kk__startswith=angka)
        sumber = (
            Keluarga.objects.filter(kk).order_by().values_list("id", flat=True)
            .union(Anggota.objects.filter(nik).order_by().values_list("keluarga_id", flat=True))
            .union(RiwayatNoKK.objects.filter(lama).order_by().values_list("keluarga_id", flat=True))
        )
        return qs.filter(pk__in=_id_keluarga(sumber))
    ids = cari_nama(teks, wilayah=wilayah)
    if not ids:
        return qs.none()
    urutan = Func(Value(ids, output_field=ArrayField(BigIntegerField())), F("id"), function="array_position",
                  output_field=IntegerField())
    return qs.filter(pk__in=ids).annotate(relevansi=urutan).order_by("relevansi")


def keluarga_untuk_daftar(qs: QuerySet) -> QuerySet:
    """Decorate a (filtered) household queryset for list rows with a constant number of queries.

    Active members and classifications are prefetched for the page's rows only (a count
    subquery in SELECT would also run for every row skipped by OFFSET on deep pages).
    """
    return qs.select_related("kelurahan").prefetch_related(
        Prefetch(
            "anggota",
            queryset=Anggota.objects.filter(status=c.StatusAnggota.AKTIF).only(
                "id", "keluarga_id", "nama", "hubungan", "status", "tanggal_lahir"
            ),
            to_attr="anggota_aktif",
        ),
        Prefetch(
            "klasifikasi",
            queryset=KlasifikasiPMKS.objects.filter(aktif=True).select_related("jenis").order_by("jenis__kode"),
            to_attr="klasifikasi_aktif",
        ),
    )


# Up to this many kelurahan the scope is sent as an id list (PostgreSQL then estimates the rows
# from its statistics); a larger area (a province: thousands of desa) is joined by code prefix.
BATAS_DAFTAR_KELURAHAN = 1000


def kelurahan_ids_lingkup(user) -> list[int] | None:
    """The ids of the kelurahan the user may read when they are at most ``BATAS_DAFTAR_KELURAHAN``
    (a kecamatan, a kab/kota); ``None`` for a larger area (a province, the administrator), which is
    then scoped by the code prefix (``for_user``). Same area as ``tksk.scoping.kelurahan_untuk``."""
    ids = list(kelurahan_untuk(user).order_by().values_list("id", flat=True)[: BATAS_DAFTAR_KELURAHAN + 1])
    return None if len(ids) > BATAS_DAFTAR_KELURAHAN else ids


def keluarga_daftar(*, user, q: str = "") -> QuerySet:
    """The household list for a user, newest first, optionally searched (filters: ``pmks.registri.filters``).

    Same scope as ``Keluarga.objects.for_user``. For a kecamatan or a kab/kota it is expressed as
    the list of the user's kelurahan ids, so that PostgreSQL estimates the row count from its
    statistics and pages through the primary key instead of sorting the whole area; for a
    province (thousands of ids, thousands of index probes per count) as the join on the code prefix.
    """
    ids_kelurahan = kelurahan_ids_lingkup(user)
    if ids_kelurahan is None:
        qs = Keluarga.objects.for_user(user).order_by("-id")
    else:
        qs = Keluarga.objects.filter(kelurahan_id__in=ids_kelurahan).order_by("-id")
    return cari_keluarga(qs, q, wilayah=wilayah_tugas(user))


def keluarga_detail(*, keluarga: Keluarga) -> dict:
    """Members, classification, No. KK history and moves of one household (constant queries)."""
    anggota = list(keluarga.anggota.all())
    # active members first, the kepala on top, then by age
    anggota.sort(key=lambda a: (a.status != c.StatusAnggota.AKTIF, not a.adalah_kepala, a.tanggal_lahir))
    klasifikasi = list(
        keluarga.klasifikasi.select_related("jenis", "anggota", "dinilai_oleh").order_by("-aktif", "jenis__kode")
    )
    perpindahan = list(
        PerpindahanAnggota.objects.filter(Q(dari_keluarga=keluarga) | Q(ke_keluarga=keluarga))
        .select_related("anggota", "dari_keluarga", "ke_keluarga", "oleh")
    )
    return {
        "anggota_list": anggota,
        "anggota_aktif": [a for a in anggota if a.status == c.StatusAnggota.AKTIF],
        "klasifikasi_list": klasifikasi,
        "riwayat_no_kk": list(keluarga.riwayat_no_kk.select_related("diubah_oleh")),
        "perpindahan_list": perpindahan,
    }


# --- history (django-pghistory) -----------------------------------------------------------
@dataclass
class Perubahan:
    waktu: object
    oleh: str
    objek: str  # "Keluarga", "Anggota: Siti", "Klasifikasi FM"
    aksi: str  # "dibuat" / "diubah"
    rincian: list[tuple[str, str, str]]  # (kolom, sebelum, sesudah)
    alasan: str = ""


KOLOM_NOMOR = {"nik", "no_kk"}
KOLOM_DIABAIKAN = {"pgh_id", "pgh_created_at", "pgh_label", "pgh_obj", "pgh_obj_id", "pgh_context",
                   "pgh_context_id", "id", "dibuat_pada", "diubah_pada", "peringatan_nik_dikonfirmasi", "versi"}


def _tampil(model, kolom: str, nilai, lengkap: bool, nama_fk: dict) -> str:
    if nilai in (None, ""):
        return "—"
    if kolom in KOLOM_NOMOR and not lengkap:
        return samarkan(str(nilai))
    f = model._meta.get_field(kolom)
    if getattr(f, "choices", None):
        return str(dict(f.choices).get(nilai, nilai))
    if kolom in nama_fk:
        return nama_fk[kolom].get(nilai, str(nilai))
    if isinstance(nilai, bool):
        return "Ya" if nilai else "Tidak"
    return str(nilai)


def riwayat_perubahan(*, keluarga: Keluarga, user, batas: int = 100) -> list[Perubahan]:
    """Who changed what and when, for the household, its members and its classification.

    Built from pghistory snapshots: each event is compared with the previous snapshot of the same
    object. NIK / No. KK values are masked for roles that do not need them.
    """
    from pghistory.models import Context

    lengkap = perlu_nomor_lengkap(user)
    peristiwa = _snapshot_keluarga(keluarga)
    konteks_ids = {ev.pgh_context_id for _, ev in peristiwa if ev.pgh_context_id}
    konteks = {k.id: k.metadata for k in Context.objects.filter(id__in=konteks_ids)}
    user_ids = {m.get("user") for m in konteks.values() if m.get("user")}
    pengguna = {p.pk: p.nama_tampil for p in Pengguna.objects.filter(pk__in=user_ids)}
    nama_fk = _nama_fk(peristiwa, pengguna)

    hasil: list[Perubahan] = []
    sebelumnya: dict[tuple, object] = {}
    for model, ev in peristiwa:
        kunci = (model, ev.pgh_obj_id)
        lalu = sebelumnya.get(kunci)
        sebelumnya[kunci] = ev
        if model is Anggota and ev.keluarga_id != keluarga.pk and (lalu is None or lalu.keluarga_id != keluarga.pk):
            continue  # the person's history in another household is not this household's history
        rincian = _rincian(model, ev, lalu, lengkap, nama_fk)
        if lalu is not None and not rincian:
            continue
        meta = konteks.get(ev.pgh_context_id, {})
        hasil.append(
            Perubahan(
                waktu=ev.pgh_created_at,
                oleh=pengguna.get(meta.get("user"), "sistem"),
                objek=_nama_objek(model, ev, nama_fk),
                aksi="dibuat" if lalu is None else "diubah",
                rincian=rincian,
                alasan=meta.get("alasan", ""),
            )
        )
    hasil.sort(key=lambda p: p.waktu, reverse=True)
    return hasil[:batas]


def _snapshot_keluarga(keluarga: Keluarga) -> list[tuple[type, object]]:
    """(model, event) of every snapshot of the household, its members and classifications, in
    order per object, so each event can be compared with the one before (3 queries)."""
    model_event = _model_event()
    sumber = [
        (model_event["keluarga"], Q(pgh_obj_id=keluarga.pk), Keluarga),
        (model_event["anggota"], Q(keluarga_id=keluarga.pk), Anggota),
        (model_event["klasifikasi"], Q(keluarga_id=keluarga.pk), KlasifikasiPMKS),
    ]
    peristiwa = []
    for event_model, filter_q, model in sumber:
        obj_ids = event_model.objects.filter(filter_q).values("pgh_obj_id")
        for ev in event_model.objects.filter(pgh_obj_id__in=obj_ids).order_by("pgh_obj_id", "pgh_id"):
            peristiwa.append((model, ev))
    return peristiwa


def _nama_fk(peristiwa: list[tuple[type, object]], pengguna: dict[int, str]) -> dict[str, dict]:
    """Foreign key column → {id: name shown}, for the values in the history (2 queries)."""
    from pmks.models import JenisPMKS
    from tksk.models import Wilayah

    kel_ids = {ev.kelurahan_id for m, ev in peristiwa if m is Keluarga}
    return {
        "jenis": {j.pk: j.singkatan for j in JenisPMKS.objects.all()},
        "kelurahan": {w.pk: w.nama for w in Wilayah.objects.filter(pk__in=kel_ids)},
        "anggota": {ev.pgh_obj_id: ev.nama for m, ev in peristiwa if m is Anggota},
        "keluarga": {},
        "dinilai_oleh": pengguna,
        "didaftarkan_oleh": pengguna,
    }


def _kolom_riwayat(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.attname not in KOLOM_DIABAIKAN]


def _rincian(model, ev, lalu, lengkap: bool, nama_fk: dict) -> list[tuple[str, str, str]]:
    """(label, before, after) of every column that changed since the previous snapshot ``lalu``."""
    rincian = []
    for attname in _kolom_riwayat(model):
        kolom = attname[:-3] if attname.endswith("_id") else attname
        baru = getattr(ev, attname)
        lama = getattr(lalu, attname) if lalu is not None else None
        if lalu is not None and baru == lama:
            continue
        if lalu is None and baru in (None, "", [], False) and kolom not in ("aktif",):
            continue
        label = str(model._meta.get_field(kolom).verbose_name)
        rincian.append(
            (label, _tampil(model, kolom, lama, lengkap, nama_fk) if lalu is not None else "",
             _tampil(model, kolom, baru, lengkap, nama_fk))
        )
    return rincian


def _nama_objek(model, ev, nama_fk: dict) -> str:
    if model is Keluarga:
        return "Keluarga"
    if model is Anggota:
        return f"Anggota: {ev.nama}"
    return f"Klasifikasi {nama_fk['jenis'].get(ev.jenis_id, '')}"


def _model_event() -> dict:
    from django.apps import apps

    return {
        "keluarga": apps.get_model("pmks", "KeluargaEvent"),
        "anggota": apps.get_model("pmks", "AnggotaEvent"),
        "klasifikasi": apps.get_model("pmks", "KlasifikasiPMKSEvent"),
    }


def ringkasan_per_kelurahan(*, user) -> dict[int, int]:
    """Active households per kelurahan id in the user's area (one query)."""
    hasil: dict[int, int] = defaultdict(int)
    for row in Keluarga.objects.for_user(user).aktif().values("kelurahan_id").annotate(n=Count("id")):
        hasil[row["kelurahan_id"]] = row["n"]
    return dict(hasil)


__all__ = [
    "cari_keluarga",
    "get_anggota_for_user",
    "get_keluarga_for_user",
    "get_klasifikasi_for_user",
    "keluarga_daftar",
    "keluarga_detail",
    "keluarga_untuk_daftar",
    "kelurahan_ids_lingkup",
    "perlu_nomor_lengkap",
    "riwayat_perubahan",
]
