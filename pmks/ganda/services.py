"""Deciding a duplicate-candidate pair: *berbeda* (remembered) or *gabungkan* (merge, one transaction).

A merge keeps one record (the survivor), takes field by field the values the user chose (the NIK
only by an explicit choice: no default), moves every row that points at the other record to the
survivor and archives the other record (status ``digabung``, with the reason), never deleting it.
When the other record's household is left without any active member, that household was only the
duplicate's: it is merged too (its household-level rows move, it is archived with status
``digabung`` and its No. KK becomes an earlier No. KK of the survivor's household).

``RELASI`` declares, for every foreign key to ``Anggota`` or ``Keluarga`` in the project, what the
merge does with it; ``tests/pmks/ganda/test_gabung.py`` fails when a model gains such a key that is
not declared here. History: every row written is tracked by django-pghistory (database triggers,
so ``update()`` is recorded too) under one context naming the user, the reason and the pair.

Locks, always in this order so two merges (or a merge and an edit) cannot deadlock: the two
households (by id), the two members (by id), then the pair (``tksk.transisi.pindah_status``). Two
staff merging the same pair at once: the second waits, then finds the pair decided and is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

import pghistory
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from pmks.models import Anggota, Keluarga, KlasifikasiPMKS, PerpindahanAnggota, RiwayatNoKK
from tksk.konkurensi import versi_naikkan
from tksk.transisi import pindah_status

from ..registri import choices as rc
from . import choices as c
from .models import PasanganDuplikat

# What the merge does with each foreign key to Anggota / Keluarga (model label, field) →
#   "anggota":  person-level: moves to the survivor (and its household column, when the row has one, follows);
#   "keluarga": household-level: moves only when the other household is merged (left without active members);
#   "riwayat":  append-only history/log: stays pointing at what it pointed at;
#   "turunan":  derived data kept by database triggers (follows the member by itself);
#   "pasangan": the queue itself: a pair names the two records it compared.
# pghistory event tables (``pghistory.models.Event``) are history by construction.
RELASI: dict[tuple[str, str], str] = {
    ("pmks.Anggota", "keluarga"): "keluarga",
    ("pmks.KlasifikasiPMKS", "anggota"): "anggota",
    ("pmks.KlasifikasiPMKS", "keluarga"): "keluarga",
    ("pmks.PerpindahanAnggota", "anggota"): "anggota",
    ("pmks.PerpindahanAnggota", "dari_keluarga"): "riwayat",
    ("pmks.PerpindahanAnggota", "ke_keluarga"): "riwayat",
    ("pmks.RiwayatNoKK", "keluarga"): "keluarga",
    ("pmks.IndeksNama", "anggota"): "turunan",
    ("pmks.AksesData", "keluarga"): "riwayat",
    ("pmks.Kunjungan", "keluarga"): "keluarga",
    ("pmks.RencanaTindakLanjut", "keluarga"): "keluarga",
    ("pmks.Rujukan", "anggota"): "anggota",
    ("pmks.Rujukan", "keluarga"): "keluarga",
    ("bantuan.Usulan", "anggota"): "anggota",
    ("bantuan.Usulan", "keluarga"): "keluarga",
    ("bantuan.PenerimaanEksternal", "anggota"): "anggota",
    ("bantuan.PenerimaanEksternal", "keluarga"): "keluarga",
    ("bantuan.Aduan", "anggota"): "anggota",
    ("bantuan.Aduan", "keluarga"): "keluarga",
    ("bantuan.Aduan", "keluarga_baru"): "riwayat",  # "registered because of this complaint": a fact
    ("pmks.RiwayatDesil", "keluarga"): "riwayat",  # a DTSEN position was stated for that record
    ("bantuan.TandaDesil", "keluarga"): "keluarga",  # an open drift flag follows the household's aid
    # UU PDP records are facts about what that record's people were told / asked (pmks/registri/pdp.py);
    # a withdrawal on the archived household does not silently restrict the survivor (decide per case).
    ("pmks.PemberitahuanKeluarga", "keluarga"): "riwayat",
    ("pmks.PenarikanPersetujuan", "keluarga"): "riwayat",
    ("pmks.PermintaanSubjekData", "anggota"): "riwayat",
    ("pmks.PermintaanSubjekData", "keluarga"): "riwayat",
    ("pmks.PasanganDuplikat", "anggota_a"): "pasangan",
    ("pmks.PasanganDuplikat", "anggota_b"): "pasangan",
    ("pmks.PasanganDuplikat", "penyintas"): "pasangan",
}

# A person-level row that also names a household: that column follows the survivor's household.
IKUT_KELUARGA: dict[tuple[str, str], str] = {
    ("pmks.KlasifikasiPMKS", "anggota"): "keluarga",
    ("pmks.Rujukan", "anggota"): "keluarga",
    ("bantuan.Usulan", "anggota"): "keluarga",
    ("bantuan.PenerimaanEksternal", "anggota"): "keluarga",
    ("bantuan.Aduan", "anggota"): "keluarga",
}


def _relasi(strategi: str) -> list[tuple[type, str]]:
    """(model, field) of every declared key with ``strategi``, models resolved by label (pmks does not
    import the apps that depend on it)."""
    return [(apps.get_model(label), kolom) for (label, kolom), s in RELASI.items() if s == strategi]


# The fields a merge takes from either record, as the user chooses (NIK: an explicit choice).
KOLOM_PILIHAN = (
    "nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "status_perkawinan", "pendidikan",
    "pekerjaan", "disabilitas", "status_hidup",
)

PESAN_SUDAH_DIPUTUS = "Pasangan ini sudah diputus ({status}) oleh petugas lain. Muat ulang antrean."
PESAN_SUDAH_DIGABUNG = (
    "Salah satu data pada pasangan ini sudah digabung dengan data lain dan diarsipkan; pasangan ini tidak dapat "
    "digabung lagi. Tandai sebagai berbeda atau biarkan."
)


def _pesan_status(obj: PasanganDuplikat, ke: str) -> str:
    return PESAN_SUDAH_DIPUTUS.format(status=c.StatusPasangan(obj.status).label.lower())


def _alasan_terisi(alasan: str) -> str:
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": ["Alasan wajib diisi."]})
    return alasan


@transaction.atomic
def pasangan_tandai_berbeda(*, user, pasangan: PasanganDuplikat, alasan: str) -> PasanganDuplikat:
    """The two records are different people: remembered, the scan never proposes them again."""
    alasan = _alasan_terisi(alasan)
    a, b = pasangan.anggota_a, pasangan.anggota_b
    with pghistory.context(user=user.pk, alasan=alasan):
        pindah_status(
            pasangan, c.StatusPasangan.BERBEDA, user, transisi=c.TRANSISI, riwayat=None, pesan_status=_pesan_status,
            wilayah=[a.keluarga.kelurahan, b.keluarga.kelurahan],
            ubah={"diputus_oleh": user, "diputus_pada": timezone.now(), "catatan_putusan": alasan},
        )
    return pasangan


@dataclass
class HasilGabung:
    penyintas: Anggota
    diarsipkan: Anggota
    keluarga_digabung: bool
    dipindah: dict[str, list[int]]


def _kunci(pasangan: PasanganDuplikat) -> tuple[dict[int, Keluarga], dict[int, Anggota]]:
    """Households then members, each in id order (see the module docstring)."""
    ids = sorted([pasangan.anggota_a_id, pasangan.anggota_b_id])
    kel_ids = sorted(set(Anggota.objects.filter(pk__in=ids).values_list("keluarga_id", flat=True)))
    keluarga = {k.pk: k for k in Keluarga.objects.select_for_update().select_related("kelurahan")
                .filter(pk__in=kel_ids).order_by("pk")}
    anggota = {a.pk: a for a in Anggota.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    if {a.keluarga_id for a in anggota.values()} - set(keluarga):
        raise ValidationError("Data anggota baru saja dipindahkan oleh pengguna lain. Muat ulang lalu coba lagi.")
    for a in anggota.values():
        a.keluarga = keluarga[a.keluarga_id]
    return keluarga, anggota


@transaction.atomic
def pasangan_gabungkan(
    *, user, pasangan: PasanganDuplikat, penyintas_id: int, pilihan: dict[str, int], alasan: str
) -> HasilGabung:
    """Merge the pair into record ``penyintas_id``. ``pilihan``: field → the id of the record whose
    value is kept (``nik`` required; other fields default to the survivor's)."""
    alasan = _alasan_terisi(alasan)
    _keluarga, anggota = _kunci(pasangan)
    if penyintas_id not in anggota:
        raise ValidationError({"penyintas": ["Pilih salah satu dari dua data pada pasangan ini."]})
    hidup = anggota[penyintas_id]
    lain = next(a for pk, a in anggota.items() if pk != penyintas_id)
    pilihan = _periksa_pilihan(pilihan, set(anggota))

    def prasyarat() -> None:
        if any(a.status == rc.StatusAnggota.DIGABUNG for a in anggota.values()):
            raise ValidationError(PESAN_SUDAH_DIGABUNG)
        if (lain.keluarga_id != hidup.keluarga_id and lain.adalah_kepala and lain.status == rc.StatusAnggota.AKTIF
                and lain.keluarga.anggota.aktif().exclude(pk=lain.pk).exists()):
            raise ValidationError(
                "Data yang akan diarsipkan adalah kepala keluarga aktif di KK lain yang masih beranggota. Ganti "
                "kepala keluarga KK itu dulu, atau pertahankan data tersebut."
            )

    with pghistory.context(user=user.pk, alasan=alasan, gabung_pasangan=pasangan.pk):
        pindah_status(
            pasangan, c.StatusPasangan.DIGABUNG, user, transisi=c.TRANSISI, riwayat=None, pesan_status=_pesan_status,
            wilayah=[hidup.keluarga.kelurahan, lain.keluarga.kelurahan], prasyarat=prasyarat,
            ubah={"diputus_oleh": user, "diputus_pada": timezone.now(), "catatan_putusan": alasan,
                  "penyintas": hidup},
        )
        try:
            with transaction.atomic():
                hasil = _gabungkan(user, hidup, lain, pilihan, alasan)
                pasangan.rincian_gabung = {
                    "dipindah": hasil.dipindah, "keluarga_digabung": hasil.keluarga_digabung,
                    "nik_dari": pilihan["nik"], "pilihan": pilihan,
                }
                pasangan.save(update_fields=["rincian_gabung"])
        except IntegrityError as exc:
            raise ValidationError(
                "Penggabungan dibatalkan: kedua data memiliki catatan yang bentrok (mis. usulan terbuka untuk program "
                f"yang sama di kedua keluarga). Selesaikan salah satunya dulu. ({type(exc).__name__})"
            ) from exc
    return hasil


def _periksa_pilihan(pilihan: dict[str, int], ids: set[int]) -> dict[str, int]:
    galat = {}
    if pilihan.get("nik") not in ids:
        galat["nik"] = ["Pilih NIK yang dipakai: NIK data yang dipertahankan tidak otomatis menang."]
    for kolom, pk in pilihan.items():
        if kolom not in KOLOM_PILIHAN or pk not in ids:
            galat.setdefault(kolom if kolom in KOLOM_PILIHAN else "__all__", []).append("Pilihan tidak dikenal.")
    if galat:
        raise ValidationError(galat)
    return pilihan


def _gabungkan(user, hidup: Anggota, lain: Anggota, pilihan: dict[str, int], alasan: str) -> HasilGabung:
    dipindah: dict[str, list[int]] = {}
    nik_lain = pilihan["nik"] == lain.pk
    nilai = {k: getattr(lain if pilihan.get(k, hidup.pk) == lain.pk else hidup, k) for k in KOLOM_PILIHAN}
    nik_hidup_lama = hidup.nik

    # 1. Archive the other record first (frees the active-head slot of a shared household).
    kepala_lain = lain.adalah_kepala and lain.status == rc.StatusAnggota.AKTIF
    lain.status = rc.StatusAnggota.DIGABUNG
    lain.alasan_status = f"Data ganda, digabung ke data {hidup.nama} (id {hidup.pk}): {alasan}"
    if nik_lain:
        lain.nik = f"00{lain.pk:014d}"[-16:]  # placeholder while the two NIKs change places (unique column)
    lain.save(update_fields=["status", "alasan_status", "nik", "diubah_pada"])

    # 2. The survivor takes the chosen values (the NIKs swap places when the other's NIK was chosen).
    for k, v in nilai.items():
        setattr(hidup, k, v)
    if kepala_lain and lain.keluarga_id == hidup.keluarga_id:
        hidup.hubungan = rc.Hubungan.KEPALA
    hidup.full_clean(exclude=["keluarga"], validate_unique=False, validate_constraints=False)
    hidup.save()
    if nik_lain:
        lain.nik = nik_hidup_lama
        lain.save(update_fields=["nik"])

    # 3. Person-level rows follow the survivor (their household column too).
    for model, kolom in _relasi("anggota"):
        qs = model._base_manager.filter(**{kolom: lain})
        if model is KlasifikasiPMKS:
            _cabut_klasifikasi_ganda(qs.filter(aktif=True), Q(anggota=hidup), hidup, alasan)
        ubah = {kolom: hidup}
        if (kolom_kel := IKUT_KELUARGA.get((model._meta.label, kolom))) is not None:
            ubah[kolom_kel] = hidup.keluarga
        _pindahkan(qs, ubah, dipindah, model._meta.label)

    # 4. A household left without active members was only the duplicate's: merge it too.
    digabung_kel = False
    kel_lain = lain.keluarga
    if kel_lain.pk != hidup.keluarga_id and not kel_lain.anggota.aktif().exists():
        _gabungkan_keluarga(user, hidup.keluarga, kel_lain, alasan, dipindah)
        digabung_kel = True
    for kel_id in {hidup.keluarga_id, kel_lain.pk}:
        versi_naikkan(Keluarga, kel_id)  # open household forms list these members: stale now
    return HasilGabung(penyintas=hidup, diarsipkan=lain, keluarga_digabung=digabung_kel, dipindah=dipindah)


def _pindahkan(qs, ubah: dict, dipindah: dict[str, list[int]], label: str) -> None:
    """Move the rows of ``qs`` (one UPDATE; tracked models get their history from the triggers) and
    note their ids: the pair keeps the list (``rincian_gabung``), for models without history too."""
    ids = list(qs.values_list("pk", flat=True))
    if ids:
        qs.model._base_manager.filter(pk__in=ids).update(**ubah)
        dipindah.setdefault(label, []).extend(ids)


def _cabut_klasifikasi_ganda(qs, milik_penyintas: Q, hidup: Anggota, alasan: str) -> None:
    """Active classifications the survivor already holds are revoked, not moved (one active per type)."""
    sudah = set(KlasifikasiPMKS.objects.filter(milik_penyintas, aktif=True).values_list("jenis_id", flat=True))
    qs.filter(jenis_id__in=sudah).update(aktif=False, alasan_dicabut=f"Ganda, digabung ke data {hidup}: {alasan}")


def _gabungkan_keluarga(user, tujuan: Keluarga, asal: Keluarga, alasan: str, dipindah: dict[str, list[int]]) -> None:
    # Members no longer counted there (moved away, died) follow their household, each move recorded;
    # the archived duplicate stays where it was.
    pindah = list(asal.anggota.exclude(status=rc.StatusAnggota.DIGABUNG).values_list("pk", flat=True))
    for model, kolom in _relasi("keluarga"):
        label = model._meta.label
        if model is Anggota:
            for pk in pindah:
                PerpindahanAnggota.objects.create(anggota_id=pk, dari_keluarga=asal, ke_keluarga=tujuan, oleh=user,
                                                  alasan=f"KK ganda digabung: {alasan}"[:255])
            _pindahkan(Anggota.objects.filter(pk__in=pindah), {"keluarga": tujuan}, dipindah, label)
            continue
        if model._meta.get_field(kolom).many_to_many:
            # The link moves; a row already linked to both households keeps one link.
            lewat = getattr(model, kolom).through
            sisi = model._meta.model_name  # e.g. kunjungan_id
            sudah = lewat.objects.filter(keluarga=tujuan).values(f"{sisi}_id")
            lewat.objects.filter(keluarga=asal, **{f"{sisi}_id__in": sudah}).delete()
            dipindah.setdefault(label, []).extend(
                lewat.objects.filter(keluarga=asal).values_list(f"{sisi}_id", flat=True))
            lewat.objects.filter(keluarga=asal).update(keluarga=tujuan)
            continue
        qs = model._base_manager.filter(**{kolom: asal})
        if model is KlasifikasiPMKS:
            qs = qs.filter(anggota__isnull=True)
            _cabut_klasifikasi_ganda(qs.filter(aktif=True), Q(keluarga=tujuan, anggota__isnull=True), tujuan, alasan)
        _pindahkan(qs, {kolom: tujuan}, dipindah, label)
    RiwayatNoKK.objects.create(keluarga=tujuan, no_kk=asal.no_kk, alasan=f"KK ganda digabung: {alasan}"[:255],
                               diubah_oleh=user)
    asal.status = rc.StatusKeluarga.DIGABUNG
    asal.alasan_status = f"KK ganda, digabung ke KK {tujuan.no_kk}: {alasan}"
    asal.save(update_fields=["status", "alasan_status", "diubah_pada"])


def pindai_minta(*, user) -> int:
    """Dinas Sosial's "Pindai sekarang": queue the scan of each kab/kota of the user's area."""
    from tksk.models import TINGKAT_KOTA_KABUPATEN, Wilayah
    from tksk.permissions import WILAYAH_TUGAS, Aksi, wajib
    from tksk.scoping import filter_wilayah

    from .tasks import antrekan_pindai

    wajib(user, Aksi.PINDAI_DUPLIKAT, wilayah=WILAYAH_TUGAS)
    kode = filter_wilayah(Wilayah.objects.filter(tingkat__in=TINGKAT_KOTA_KABUPATEN), user, "")
    return antrekan_pindai(list(kode.order_by("kode").values_list("kode", flat=True)))
