"""Validation of an import and the plan of changes, set-based.

Two phases, so the file is parsed once and the database is compared again at commit time:

1. ``urai`` (file only): every cell is normalised and checked with the registry's own rules
   (``pmks.nik`` for NIK / No. KK, ``pmks.choices`` for coded answers); the same NIK twice in the
   file, household fields that disagree between rows of one No. KK, unknown kelurahan and
   kelurahan outside the user's area are row errors. The result (``HasilUrai``) is kept between
   preview and commit.
2. ``rencanakan`` (file + database, a handful of queries whatever the file size): matches
   households by No. KK and members by NIK, refuses households outside the user's area and
   members registered in another household, applies ``pmks.rules.periksa_susunan_keluarga`` to
   each household as it will be after the import, and computes what to create / update / leave.
   Empty cells never overwrite stored values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Lookup, Q

from tksk.batas import LUAS_LANTAI
from tksk.models import Wilayah
from tksk.scoping import kelurahan_untuk

from .. import choices as c
from ..models import Anggota, JenisPMKS, Keluarga, KlasifikasiPMKS
from ..nik import normalisasi_nomor, periksa_nik, periksa_no_kk, peringatan_nik
from ..rules import DataAnggota, periksa_susunan_keluarga
from . import nilai as n
from .baca import Tabel
from .kolom import KOLOM_ANGGOTA, KOLOM_KELUARGA, KOLOM_PER_KODE

POTONGAN = 50000  # keys per query (one array parameter each)
WAJIB_ANGGOTA_BARU = ("nama", "tanggal_lahir", "jenis_kelamin", "hubungan")
WAJIB_KELUARGA_BARU = ("alamat", "kelurahan_id")
PANJANG_MAKS = {"nama": 150, "tempat_lahir": 100, "pekerjaan": 100, "alamat": 255}
# Model field for each household column ("kelurahan" is stored as its id).
FIELD_KELUARGA = {k: ("kelurahan_id" if k == "kelurahan" else k) for k in KOLOM_KELUARGA}


@dataclass(frozen=True)
class Galat:
    """One problem in the file: spreadsheet row number, column header, message (Indonesian)."""

    baris: int
    kolom: str
    pesan: str
    kode: str = ""  # for soft warnings: the pmks.nik.Peringatan code


@dataclass
class BarisOrang:
    baris: int
    no_kk: str
    nik: str
    anggota: dict  # member fields, non-empty only
    keluarga: dict  # household fields written on this row, non-empty only
    pmks_anggota: list[int] = field(default_factory=list)
    pmks_keluarga: list[int] = field(default_factory=list)
    kolom_galat: frozenset[str] = frozenset()  # columns already reported as wrong on this row


@dataclass
class HasilUrai:
    orang: list[BarisOrang]
    galat: list[Galat]  # at most the cap given to ``urai``
    jumlah_baris: int
    nama_berkas: str = ""
    jumlah_galat: int = 0  # every error found, kept or not


@dataclass
class Rencana:
    galat: list[Galat]
    peringatan: list[Galat]
    keluarga_baru: list[dict] = field(default_factory=list)
    keluarga_ubah: dict[int, dict] = field(default_factory=dict)
    keluarga_sama: int = 0
    id_keluarga: dict[str, int] = field(default_factory=dict)  # existing No. KK → id
    anggota_baru: list[dict] = field(default_factory=list)  # fields + "no_kk" + "nik" + "peringatan"
    anggota_ubah: dict[int, dict] = field(default_factory=dict)
    anggota_sama: int = 0
    peringatan_ubah: dict[int, list[dict]] = field(default_factory=dict)  # anggota id → codes to confirm
    id_anggota: dict[str, int] = field(default_factory=dict)  # existing NIK → id
    klasifikasi_baru: list[tuple[str, str | None, int]] = field(default_factory=list)  # (no_kk, nik, jenis)

    def ringkasan(self) -> dict[str, int]:
        return {
            "keluarga_baru": len(self.keluarga_baru),
            "keluarga_ubah": len(self.keluarga_ubah),
            "keluarga_sama": self.keluarga_sama,
            "anggota_baru": len(self.anggota_baru),
            "anggota_ubah": len(self.anggota_ubah),
            "anggota_sama": self.anggota_sama,
            "klasifikasi_baru": len(self.klasifikasi_baru),
            "jumlah_galat": len(self.galat),
            "jumlah_peringatan": len(self.peringatan),
        }


def _judul(kode: str) -> str:
    return KOLOM_PER_KODE[kode].judul


# --- Phase 1: the file ----------------------------------------------------------------------


class PetaKelurahan:
    """Kelurahan by name (any case, with or without "Kel."/"Desa") or Kemendagri code."""

    def __init__(self, user) -> None:
        self.semua: dict[str, list[Wilayah]] = {}
        for w in Wilayah.objects.kelurahan().only("id", "kode", "nama"):
            for k in (w.kode, w.kode_polos, n.kunci(w.nama)):
                self.semua.setdefault(k, []).append(w)
        self.boleh_tulis = set(kelurahan_untuk(user, write=True).values_list("id", flat=True))
        self._memo: dict = {}

    def cari(self, nilai: object) -> tuple[int | None, str]:
        kunci = (type(nilai), nilai)
        if kunci not in self._memo:
            self._memo[kunci] = self._cari(nilai)
        return self._memo[kunci]

    def _cari(self, nilai: object) -> tuple[int | None, str]:
        t = n.teks(nilai)
        if not t:
            return None, ""
        k = t if t.replace(".", "").isdigit() else n.kunci(t)
        for awalan in ("kelurahan", "kel", "desa"):
            if k not in self.semua and k.startswith(awalan) and k[len(awalan):] in self.semua:
                k = k[len(awalan):]
        kandidat = self.semua.get(k, [])
        if not kandidat:
            return None, f"Kelurahan '{t}' tidak dikenal. Tulis nama kelurahan atau kodenya (mis. 35.74.04.1003)."
        if len(kandidat) > 1:
            return None, f"Nama kelurahan '{t}' ada di lebih dari satu kecamatan; tulis kode kelurahannya."
        w = kandidat[0]
        if w.id not in self.boleh_tulis:
            return None, f"Kelurahan {w.nama} ({w.kode}) berada di luar wilayah kerja Anda."
        return w.id, ""


class PetaJenisPMKS:
    def __init__(self) -> None:
        self.peta: dict[str, int] = {}
        for j in JenisPMKS.objects.filter(aktif=True).only("id", "nama", "singkatan"):
            self.peta[n.kunci(j.singkatan)] = j.id
            self.peta[n.kunci(j.nama)] = j.id
        self._memo: dict = {}

    def cari(self, nilai: object, judul: str) -> tuple[list[int], str]:
        kunci = (type(nilai), nilai, judul)
        if kunci not in self._memo:
            self._memo[kunci] = self._cari(nilai, judul)
        hasil, galat = self._memo[kunci]
        return list(hasil), galat

    def _cari(self, nilai: object, judul: str) -> tuple[list[int], str]:
        t = n.teks(nilai)
        if not t:
            return [], ""
        hasil, tak_dikenal = [], []
        for potong in t.replace(";", ",").split(","):
            if not potong.strip():
                continue
            jid = self.peta.get(n.kunci(potong))
            if jid is None:
                tak_dikenal.append(potong.strip())
            elif jid not in hasil:
                hasil.append(jid)
        if tak_dikenal:
            return [], f"{judul}: '{', '.join(tak_dikenal)}' tidak dikenal. Lihat daftar di lembar Petunjuk."
        return hasil, ""


def _sel(tabel_idx: dict[str, int], isi: list, kode: str) -> object:
    i = tabel_idx.get(kode)
    return isi[i] if i is not None else None


def _nomor(sel: object, pemeriksa: Callable[[object], list[str]]) -> tuple[str, str]:
    """NIK / No. KK cell → digits, or the first hard error. A numeric XLSX cell is itself an
    error: Excel keeps only 15 significant digits, so the last digit is already lost."""
    if n.adalah_angka(sel):
        sel = float(sel)
    galat = pemeriksa(sel)
    return (normalisasi_nomor(sel), "") if not galat else ("", galat[0])


def sel_nul(tabel: Tabel, isi: list) -> list[tuple[int, str]]:
    """(index, header) of the cells of a row holding a NUL character (\\x00).

    PostgreSQL cannot store NUL in text, so such a cell is a row error in the preview, whatever the
    column (the error report writes every cell back, so an ignored column counts too).
    """
    return [(i, (tabel.judul[i] if i < len(tabel.judul) and tabel.judul[i] else f"Kolom {i + 1}"))
            for i, sel in enumerate(isi) if type(sel) is str and "\x00" in sel]


PESAN_NUL = "{judul} berisi karakter tak sah (NUL, \\x00). Ketik ulang isi sel ini."


def urai(tabel: Tabel, *, user, progres: Callable[[int, int], None] | None = None,
         maks_galat: int | None = None) -> HasilUrai:
    """Phase 1: normalise and check every row of the file; no registry lookups.

    At most ``maks_galat`` errors are kept (all are counted in ``jumlah_galat``): a junk file of
    200,000 rows must not hold a million error objects in memory.
    """
    idx: dict[str, int] = {}
    for i, k in enumerate(tabel.kode):
        if k is not None:
            idx.setdefault(k, i)  # a column named twice: the first one counts
    kelurahan = PetaKelurahan(user)
    jenis_pmks = PetaJenisPMKS()
    galat: list[Galat] = []
    jumlah_galat = 0
    orang: list[BarisOrang] = []
    nik_pertama: dict[str, int] = {}
    total = len(tabel.baris)

    def simpan_galat(g: Galat) -> None:
        nonlocal jumlah_galat
        jumlah_galat += 1
        if maks_galat is None or len(galat) < maks_galat:
            galat.append(g)

    for urutan, (baris, isi) in enumerate(tabel.baris):
        if progres and urutan % 5000 == 0:
            progres(urutan, total)
        salah: set[str] = set()
        nul = sel_nul(tabel, isi)
        if nul:
            isi = list(isi)
            for i, judul in nul:
                simpan_galat(Galat(baris, judul, PESAN_NUL.format(judul=judul)))
                isi[i] = None
                if tabel.kode[i] is not None:
                    salah.add(tabel.kode[i])
        kosong_karena_nul = frozenset(salah)

        def lapor(kode: str, pesan: str, baris=baris, salah=salah, lewati=kosong_karena_nul) -> None:
            if kode in lewati:
                return  # already reported as a NUL cell
            salah.add(kode)
            simpan_galat(Galat(baris, _judul(kode), pesan))

        nik, e_nik = _nomor(_sel(idx, isi, "nik"), periksa_nik)
        if e_nik:
            lapor("nik", e_nik)
        no_kk, e_kk = _nomor(_sel(idx, isi, "no_kk"), periksa_no_kk)
        if e_kk:
            lapor("no_kk", e_kk)
        if nik:
            if nik in nik_pertama:
                lapor("nik", f"NIK sama dengan baris {nik_pertama[nik]}; satu orang hanya boleh muncul sekali.")
                nik = ""
            else:
                nik_pertama[nik] = baris

        anggota: dict = {}
        keluarga: dict = {}
        for kode in (*KOLOM_ANGGOTA, *KOLOM_KELUARGA):
            if kode not in idx:
                continue
            sel = isi[idx[kode]]
            kol = KOLOM_PER_KODE[kode]
            if kode == "tanggal_lahir":
                v, e = n.tanggal(sel, kol.judul)
            elif kode in ("rt", "rw"):
                v, e = n.rt_rw(sel, kol.judul)
            elif kode == "luas_lantai":
                v, e = n.desimal(sel, kol.judul)
                if not e and v is not None and v > LUAS_LANTAI.maksimum:  # the registry form's bound
                    v, e = None, f"{kol.judul} paling besar {LUAS_LANTAI.maksimum} m²."
            elif kode == "kelurahan":
                v, e = kelurahan.cari(sel)
            elif kol.pilihan is not None:
                v, e = n.pilihan(kol.pilihan, sel, kol.judul)
            else:
                v, e = n.teks_terbatas(sel, kol.judul, PANJANG_MAKS.get(kode, 255))
            if e:
                lapor(kode, e)
            elif v not in ("", None):
                (anggota if kol.tingkat == "anggota" else keluarga)[FIELD_KELUARGA.get(kode, kode)] = v
        pmks_a, e = jenis_pmks.cari(_sel(idx, isi, "pmks_anggota"), _judul("pmks_anggota"))
        if e:
            lapor("pmks_anggota", e)
        pmks_k, e = jenis_pmks.cari(_sel(idx, isi, "pmks_keluarga"), _judul("pmks_keluarga"))
        if e:
            lapor("pmks_keluarga", e)
        if nik and no_kk:
            orang.append(BarisOrang(baris, no_kk, nik, anggota, keluarga, pmks_a, pmks_k, frozenset(salah)))

    for g in _periksa_konsistensi_keluarga(orang):
        simpan_galat(g)
    if progres:
        progres(total, total)
    return HasilUrai(orang=orang, galat=galat, jumlah_baris=total, jumlah_galat=jumlah_galat)


def _periksa_konsistensi_keluarga(orang: list[BarisOrang]) -> list[Galat]:
    """Household fields may be written on one row or repeated; repeated values must agree."""
    galat = []
    pertama: dict[tuple[str, str], tuple[object, int]] = {}
    for o in orang:
        for f, v in o.keluarga.items():
            kunci = (o.no_kk, f)
            if kunci not in pertama:
                pertama[kunci] = (v, o.baris)
            elif pertama[kunci][0] != v:
                kode = "kelurahan" if f == "kelurahan_id" else f
                galat.append(Galat(o.baris, _judul(kode),
                                   f"{_judul(kode)} berbeda dengan baris {pertama[kunci][1]} untuk No. KK yang sama."))
    return galat


# --- Phase 2: against the registry ----------------------------------------------------------


class SalahSatu(Lookup):
    """``kolom = ANY(%s)`` with ONE array parameter: psycopg's client-side binding of a
    50,000-item ``IN (%s, ...)`` list costs seconds; an array costs nothing."""

    lookup_name = "salah_satu"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


# Registered on these field instances only (not on every CharField of the project).
for _model, _field in ((Keluarga, "no_kk"), (Anggota, "nik"), (Anggota, "keluarga"), (KlasifikasiPMKS, "keluarga")):
    _model._meta.get_field(_field).register_lookup(SalahSatu)


def _potong(kunci: list[str]):
    for i in range(0, len(kunci), POTONGAN):
        yield kunci[i : i + POTONGAN]


def _keluarga_per_kk(orang: list[BarisOrang]) -> dict[str, list[BarisOrang]]:
    hasil: dict[str, list[BarisOrang]] = {}
    for o in orang:
        hasil.setdefault(o.no_kk, []).append(o)
    return hasil


def rencanakan(hasil: HasilUrai, *, user, hari_ini: date | None = None) -> Rencana:
    """Phase 2: compare the parsed rows with the registry and decide every change."""
    rencana = Rencana(galat=list(hasil.galat), peringatan=[])
    per_kk = _keluarga_per_kk(hasil.orang)
    semua_nik = [o.nik for o in hasil.orang]
    boleh_tulis = set(kelurahan_untuk(user, write=True).values_list("id", flat=True))

    f_kel = list(FIELD_KELUARGA.values())
    kel_ada: dict[str, dict] = {}
    for potong in _potong(list(per_kk)):
        for k in Keluarga.objects.filter(no_kk__salah_satu=potong).values("id", "no_kk", *f_kel):
            kel_ada[k["no_kk"]] = k
    f_ang = list(KOLOM_ANGGOTA)
    ang_ada: dict[str, dict] = {}
    for potong in _potong(semua_nik):
        for a in Anggota.objects.filter(nik__salah_satu=potong).values(
            "id", "nik", "keluarga_id", "keluarga__no_kk", "keluarga__kelurahan_id", "status",
            "peringatan_nik_dikonfirmasi", *f_ang,
        ):
            ang_ada[a["nik"]] = a
    id_kel_ada = [k["id"] for k in kel_ada.values()]
    anggota_kel_ada: dict[int, list[dict]] = {}
    klas_ada: set[tuple[int, int | None, int]] = set()
    for i in range(0, len(id_kel_ada), POTONGAN):
        potong_id = id_kel_ada[i : i + POTONGAN]
        for a in Anggota.objects.filter(keluarga__salah_satu=potong_id).values(
            "id", "nik", "keluarga_id", "nama", "tanggal_lahir", "hubungan", "status"
        ):
            anggota_kel_ada.setdefault(a["keluarga_id"], []).append(a)
        klas_ada.update(
            KlasifikasiPMKS.objects.filter(Q(keluarga__salah_satu=potong_id), aktif=True).values_list(
                "keluarga_id", "anggota_id", "jenis_id"
            )
        )
    rencana.id_keluarga = {kk: k["id"] for kk, k in kel_ada.items()}
    rencana.id_anggota = {nik: a["id"] for nik, a in ang_ada.items()}
    dikenal = _kabkota_dikenal()

    for no_kk, baris_kk in per_kk.items():
        _rencanakan_keluarga(rencana, no_kk, baris_kk, kel_ada.get(no_kk), ang_ada, anggota_kel_ada,
                             klas_ada, boleh_tulis, hari_ini, dikenal)
    rencana.galat = sorted(set(rencana.galat), key=lambda g: (g.baris, g.kolom, g.pesan))
    rencana.peringatan.sort(key=lambda g: g.baris)
    return rencana


def _rencanakan_keluarga(rencana, no_kk, baris_kk, kel, ang_ada, anggota_kel_ada, klas_ada, boleh_tulis, hari_ini,
                         dikenal):
    galat = rencana.galat
    pertama = baris_kk[0].baris
    gabungan: dict = {}
    pmks_keluarga: list[int] = []
    for o in baris_kk:
        for f, v in o.keluarga.items():
            gabungan.setdefault(f, v)
        pmks_keluarga += [j for j in o.pmks_keluarga if j not in pmks_keluarga]

    if kel is not None and kel["kelurahan_id"] not in boleh_tulis:
        for o in baris_kk:
            galat.append(Galat(o.baris, _judul("no_kk"),
                               "No. KK ini sudah terdaftar di luar wilayah kerja Anda; hubungi Dinas Sosial."))
        return
    if kel is None:
        for f in WAJIB_KELUARGA_BARU:
            kode = "kelurahan" if f == "kelurahan_id" else f
            if f not in gabungan and not any(kode in o.kolom_galat for o in baris_kk):
                pesan = f"{_judul(kode)} wajib diisi untuk keluarga baru (No. KK {no_kk})."
                galat.append(Galat(pertama, _judul(kode), pesan))
        rencana.keluarga_baru.append({"no_kk": no_kk, **gabungan})
    else:
        ubah = {f: v for f, v in gabungan.items() if kel[f] != v}
        if ubah:
            rencana.keluarga_ubah[kel["id"]] = ubah
        else:
            rencana.keluarga_sama += 1

    # Members: match by NIK; a person registered in another household is not moved by an import.
    susunan: list[DataAnggota] = []
    for o in baris_kk:
        ada = ang_ada.get(o.nik)
        milik_lain = False
        if ada is not None and (kel is None or ada["keluarga_id"] != kel["id"]):
            if ada["keluarga__kelurahan_id"] in boleh_tulis:
                pesan = (f"NIK sudah terdaftar pada keluarga lain (No. KK {ada['keluarga__no_kk']}). "
                         "Pindahkan anggota lewat halaman keluarga, bukan lewat impor.")
            else:
                pesan = "NIK sudah terdaftar pada keluarga di luar wilayah kerja Anda; hubungi Dinas Sosial."
            galat.append(Galat(o.baris, _judul("nik"), pesan))
            ada, milik_lain = None, True
            data = o.anggota
        elif ada is None:
            for f in WAJIB_ANGGOTA_BARU:
                if f not in o.anggota and f not in o.kolom_galat:
                    galat.append(Galat(o.baris, _judul(f), f"{_judul(f)} wajib diisi untuk anggota baru."))
            data = o.anggota
        else:
            data = {f: o.anggota.get(f, ada[f]) for f in KOLOM_ANGGOTA}
        status = ada["status"] if ada else c.StatusAnggota.AKTIF
        susunan.append(DataAnggota(nik=o.nik, nama=data.get("nama", ""), tanggal_lahir=data.get("tanggal_lahir"),
                                   hubungan=data.get("hubungan", ""), status=status))

        if milik_lain:
            continue
        kode_peringatan = _peringatan(rencana, o, data, ada, dikenal)
        if ada is None:
            rencana.anggota_baru.append({"no_kk": no_kk, "nik": o.nik, **o.anggota, "peringatan": kode_peringatan})
        else:
            ubah = {f: v for f, v in o.anggota.items() if ada[f] != v}
            if ubah:
                rencana.anggota_ubah[ada["id"]] = ubah
                if kode_peringatan:
                    rencana.peringatan_ubah[ada["id"]] = kode_peringatan
            else:
                rencana.anggota_sama += 1
        id_anggota = ada["id"] if ada else None
        for j in o.pmks_anggota:
            if kel is None or id_anggota is None or (kel["id"], id_anggota, j) not in klas_ada:
                rencana.klasifikasi_baru.append((no_kk, o.nik, j))
    for j in pmks_keluarga:
        if kel is None or (kel["id"], None, j) not in klas_ada:
            rencana.klasifikasi_baru.append((no_kk, None, j))

    # Household composition after the import: file rows first, then registered members not in the file.
    di_berkas = {o.nik for o in baris_kk}
    lain = [a for a in anggota_kel_ada.get(kel["id"], []) if a["nik"] not in di_berkas] if kel else []
    for a in lain:
        susunan.append(DataAnggota(nik=a["nik"], nama=a["nama"], tanggal_lahir=a["tanggal_lahir"],
                                   hubungan=a["hubungan"], status=a["status"]))
    baris_kepala = next((o.baris for o, d in zip(baris_kk, susunan, strict=False) if d.hubungan == c.Hubungan.KEPALA),
                        pertama)
    for p in periksa_susunan_keluarga(susunan, hari_ini=hari_ini):
        kode = {"tanggal_lahir": "tanggal_lahir", "nik": "nik"}.get(p.kolom or "", "hubungan")
        if p.indeks is not None and p.indeks < len(baris_kk):
            o = baris_kk[p.indeks]
            if kode in o.kolom_galat:
                continue
            galat.append(Galat(o.baris, _judul(kode), p.pesan))
        elif p.indeks is not None:
            a = lain[p.indeks - len(baris_kk)]
            galat.append(Galat(baris_kepala, _judul(kode), f"{p.pesan} (anggota terdaftar: {a['nama']})"))
        else:
            galat.append(Galat(pertama, _judul(kode), f"No. KK {no_kk}: {p.pesan}"))


def _kabkota_dikenal() -> set[str] | None:
    """The registry's list of known kab/kota codes (same soft check as the registration form)."""
    try:
        from ..services import kode_kabkota_dikenal
    except ImportError:  # pragma: no cover - registry services not installed
        return None
    return kode_kabkota_dikenal()


def _peringatan(rencana: Rencana, o: BarisOrang, data: dict, ada: dict | None, dikenal) -> list[dict]:
    """Soft NIK warnings (pmks.nik) for new members and for a changed birth date / sex.

    Returned as the registry stores confirmed warnings: ``[{"kode": ..., "pesan": ...}]``.
    """
    if ada is not None and all(o.anggota.get(f, ada[f]) == ada[f] for f in ("tanggal_lahir", "jenis_kelamin")):
        return []
    sudah = {d.get("kode") for d in (ada or {}).get("peringatan_nik_dikonfirmasi") or [] if isinstance(d, dict)}
    hasil = []
    for p in peringatan_nik(o.nik, tanggal_lahir=data.get("tanggal_lahir"), jenis_kelamin=data.get("jenis_kelamin"),
                            kode_kabkota_dikenal=dikenal):
        if p.kode in sudah:
            continue
        kolom = {"nik_jenis_kelamin": "jenis_kelamin", "nik_tanggal_lahir": "tanggal_lahir"}.get(p.kode, "nik")
        rencana.peringatan.append(Galat(o.baris, _judul(kolom), p.pesan, kode=p.kode))
        hasil.append({"kode": p.kode, "pesan": p.pesan})
    return hasil
