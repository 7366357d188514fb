"""Validation of an import, phase 1 of 2: the file only (phase 2, against the registry, is ``rencana``).

The file is parsed once and the database compared again at commit time. ``urai`` normalises every
cell and checks it with the registry's own rules (``pmks.registri.nik`` for NIK / No. KK, ``pmks.registri.choices``
for coded answers); the same NIK twice in the file, household fields that disagree between rows
of one No. KK, unknown kelurahan and kelurahan outside the user's area are row errors. The
result (``HasilUrai``) is kept between preview and commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tksk.batas import LUAS_LANTAI
from tksk.models import Wilayah
from tksk.scoping import kelurahan_untuk

from ..models import JenisPMKS
from ..registri.nik import normalisasi_nomor, periksa_nik, periksa_no_kk
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
    kode: str = ""  # for soft warnings: the pmks.registri.nik.Peringatan code


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


def judul_kolom(kode: str) -> str:
    return KOLOM_PER_KODE[kode].judul


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
    pengurai = _Pengurai(tabel, user=user, maks_galat=maks_galat)
    orang: list[BarisOrang] = []
    total = len(tabel.baris)
    for urutan, (baris, isi) in enumerate(tabel.baris):
        if progres and urutan % 5000 == 0:
            progres(urutan, total)
        o = pengurai.orang(baris, isi)
        if o is not None:
            orang.append(o)
    for g in _periksa_konsistensi_keluarga(orang):
        pengurai.simpan_galat(g)
    if progres:
        progres(total, total)
    return HasilUrai(orang=orang, galat=pengurai.galat, jumlah_baris=total, jumlah_galat=pengurai.jumlah_galat)


class _Pengurai:
    """One run of ``urai``: the lookups, the errors kept so far and the NIKs already seen."""

    def __init__(self, tabel: Tabel, *, user, maks_galat: int | None) -> None:
        self.tabel = tabel
        self.idx: dict[str, int] = {}
        for i, k in enumerate(tabel.kode):
            if k is not None:
                self.idx.setdefault(k, i)  # a column named twice: the first one counts
        self.kelurahan = PetaKelurahan(user)
        self.jenis_pmks = PetaJenisPMKS()
        self.maks_galat = maks_galat
        self.galat: list[Galat] = []
        self.jumlah_galat = 0
        self.nik_pertama: dict[str, int] = {}

    def simpan_galat(self, g: Galat) -> None:
        self.jumlah_galat += 1
        if self.maks_galat is None or len(self.galat) < self.maks_galat:
            self.galat.append(g)

    def orang(self, baris: int, isi: list) -> BarisOrang | None:
        """The person a row describes (None without a usable NIK and No. KK); its errors are kept."""
        salah: set[str] = set()  # columns reported as wrong on this row
        isi = self._tanpa_nul(baris, isi, salah)
        kosong_karena_nul = frozenset(salah)

        def lapor(kode: str, pesan: str) -> None:
            if kode in kosong_karena_nul:
                return  # already reported as a NUL cell
            salah.add(kode)
            self.simpan_galat(Galat(baris, judul_kolom(kode), pesan))

        nik, no_kk = self._nomor(baris, isi, lapor)
        anggota, keluarga = self._isian(isi, lapor)
        pmks_a, e = self.jenis_pmks.cari(_sel(self.idx, isi, "pmks_anggota"), judul_kolom("pmks_anggota"))
        if e:
            lapor("pmks_anggota", e)
        pmks_k, e = self.jenis_pmks.cari(_sel(self.idx, isi, "pmks_keluarga"), judul_kolom("pmks_keluarga"))
        if e:
            lapor("pmks_keluarga", e)
        if nik and no_kk:
            return BarisOrang(baris, no_kk, nik, anggota, keluarga, pmks_a, pmks_k, frozenset(salah))
        return None

    def _tanpa_nul(self, baris: int, isi: list, salah: set[str]) -> list:
        """Cells holding NUL are row errors and count as empty from here on."""
        nul = sel_nul(self.tabel, isi)
        if not nul:
            return isi
        isi = list(isi)
        for i, judul in nul:
            self.simpan_galat(Galat(baris, judul, PESAN_NUL.format(judul=judul)))
            isi[i] = None
            if self.tabel.kode[i] is not None:
                salah.add(self.tabel.kode[i])
        return isi

    def _nomor(self, baris: int, isi: list, lapor: Callable[[str, str], None]) -> tuple[str, str]:
        """(NIK, No. KK) of the row, each "" when unusable; a NIK seen on an earlier row is refused."""
        nik, e_nik = _nomor(_sel(self.idx, isi, "nik"), periksa_nik)
        if e_nik:
            lapor("nik", e_nik)
        no_kk, e_kk = _nomor(_sel(self.idx, isi, "no_kk"), periksa_no_kk)
        if e_kk:
            lapor("no_kk", e_kk)
        if nik:
            if nik in self.nik_pertama:
                lapor("nik", f"NIK sama dengan baris {self.nik_pertama[nik]}; satu orang hanya boleh muncul sekali.")
                nik = ""
            else:
                self.nik_pertama[nik] = baris
        return nik, no_kk

    def _isian(self, isi: list, lapor: Callable[[str, str], None]) -> tuple[dict, dict]:
        """(member fields, household fields) of the row, non-empty values only."""
        anggota: dict = {}
        keluarga: dict = {}
        for kode in (*KOLOM_ANGGOTA, *KOLOM_KELUARGA):
            if kode not in self.idx:
                continue
            kol = KOLOM_PER_KODE[kode]
            v, e = self._nilai(kode, isi[self.idx[kode]])
            if e:
                lapor(kode, e)
            elif v not in ("", None):
                (anggota if kol.tingkat == "anggota" else keluarga)[FIELD_KELUARGA.get(kode, kode)] = v
        return anggota, keluarga

    def _nilai(self, kode: str, sel: object) -> tuple[object, str]:
        kol = KOLOM_PER_KODE[kode]
        if kode == "tanggal_lahir":
            return n.tanggal(sel, kol.judul)
        if kode in ("rt", "rw"):
            return n.rt_rw(sel, kol.judul)
        if kode == "luas_lantai":
            v, e = n.desimal(sel, kol.judul)
            if not e and v is not None and v > LUAS_LANTAI.maksimum:  # the registry form's bound
                return None, f"{kol.judul} paling besar {LUAS_LANTAI.maksimum} m²."
            return v, e
        if kode == "kelurahan":
            return self.kelurahan.cari(sel)
        if kol.pilihan is not None:
            return n.pilihan(kol.pilihan, sel, kol.judul)
        return n.teks_terbatas(sel, kol.judul, PANJANG_MAKS.get(kode, 255))


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
                judul = judul_kolom("kelurahan" if f == "kelurahan_id" else f)
                pesan = f"{judul} berbeda dengan baris {pertama[kunci][1]} untuk No. KK yang sama."
                galat.append(Galat(o.baris, judul, pesan))
    return galat
