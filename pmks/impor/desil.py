"""Import of the DTSEN desil ranking (the SIKS-NG spreadsheet): a second kind of import on the
registry import's machinery (upload through ``tksk.berkas``-checked forms, child-process parsing,
preview with row errors, all-or-nothing commit in one transaction, progress and the background
worker for large files, the kept file and the error report — ``pmks.impor.services``).

Columns: NIK and/or No. KK, Nama (recommended), Desil (1–10) and Posisi data (a date, or
month and year; or one date for the whole file on the upload form).

- Rows are matched to a household by **No. KK first, then NIK** (``pmks.registri.nik`` rules).
- A row whose household is not registered, lies outside the uploader's area (TKSK: kecamatan,
  Dinas Sosial: kab/kota — ``tksk.scoping``) or whose name does not match the household (by No.
  KK: any member; by NIK: that member) is **listed, not written** (a warning of the preview and of
  the result). Names are compared after the ONE name normalisation of the search index
  (``sidamping_nama_cari``: old spellings oe→u, dj→j, …) with a tolerance for typos and
  abbreviations (``nama_cocok``).
- Invalid cells (NIK as a number, desil 11, a date that is not one, two rows giving one household
  two desil for the same position) are errors: then nothing is written.
- Matched rows become desil history rows (``pmks.registri.desil.desil_catat_massal``); a position
  already recorded is unchanged, so re-importing the same file writes nothing.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from tksk import batas
from tksk.scoping import kelurahan_untuk

from ..ekstensi import PerubahanDesil
from ..models import Anggota, Keluarga, RiwayatDesil, SumberDesil
from ..registri import desil as rd
from ..registri.nik import normalisasi_nomor, periksa_nik, periksa_no_kk
from . import nilai as n
from . import services
from .baca import baca_tabel
from .kolom import kunci_judul
from .models import JenisImpor
from .periksa import PESAN_NUL, POTONGAN, Galat, sel_nul
from .rencana import SalahSatu

# ``= ANY(array)`` lookups (one parameter whatever the number of keys) on the fields this module filters by.
RiwayatDesil._meta.get_field("keluarga").register_lookup(SalahSatu)
Keluarga._meta.get_field("id").register_lookup(SalahSatu)

JUDUL = {"nik": "NIK", "no_kk": "No. KK", "nama": "Nama", "desil": "Desil", "posisi_data": "Posisi data"}
_ALIAS = {
    "no_kk": ("nokk", "nomorkk", "nomorkartukeluarga", "nokartukeluarga", "kk"),
    "nik": ("nik", "nikkepalakeluarga", "nikkrt", "nikart", "nomorindukkependudukan", "nikkk"),
    "nama": ("nama", "namakepalakeluarga", "namakrt", "namaart", "namalengkap", "namakk", "namaanggota"),
    "desil": ("desil", "desilnasional", "peringkatdesil", "desilkesejahteraan", "desildtsen", "desilkeluarga"),
    "posisi_data": ("posisidata", "tanggalposisidata", "periode", "periodedata", "bulandata", "posisi",
                    "tanggaldata"),
}
_KODE = {kunci_judul(a): kode for kode, alias in _ALIAS.items() for a in (*alias, JUDUL[kode])}
# A desil row is ~25 bytes: with the default 256 KB limit, beyond ~1,700 rows (43 KB) the check and the
# save go to the background worker.
SKALA_BATAS_LANGSUNG = 1 / 6
SUMBER_IMPOR = SumberDesil.DTSEN
KETERANGAN_IMPOR = "DTSEN"

LABEL = {
    "baris_cocok": "Baris cocok dengan keluarga terdaftar",
    "riwayat_baru": "Posisi desil baru (dicatat di riwayat)",
    "baris_sama": "Posisi desil sudah tercatat (tidak berubah)",
    "keluarga_berubah": "Keluarga yang desilnya berubah",
    "penerima_ditandai": "Penerima ditandai \u201ctidak lagi memenuhi syarat desil\u201d",
    "tidak_cocok": "Baris tidak cocok / nama berbeda / di luar wilayah (tidak dicatat)",
}


def kode_kolom(teks: object) -> str | None:
    """A header cell → column code: exact names first, then the longest known name it starts with."""
    k = kunci_judul(teks)
    if k in _KODE:
        return _KODE[k]
    cocok = [j for j in _KODE if len(j) >= 4 and k.startswith(j)]
    return _KODE[max(cocok, key=len)] if cocok else None


# --- Names ---------------------------------------------------------------------------------


def _mirip(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) >= 3 and len(b) >= 3 and (a.startswith(b) or b.startswith(a)):  # Moh / Mohammad
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.7


def nama_cocok(di_berkas: str, terdaftar: str) -> bool:
    """Tolerant comparison of two names ALREADY normalised by ``sidamping_nama_cari``: every word of
    the shorter name has a similar word in the other (typos, abbreviations, added titles), or the
    whole names are close. "siti aminah" ~ "siti aminatun"; "siti aminah" ≠ "siti rahayu"."""
    if di_berkas == terdaftar:
        return True
    a, b = di_berkas.split(), terdaftar.split()
    if not a or not b:
        return True  # nothing to compare: not a mismatch
    if difflib.SequenceMatcher(None, " ".join(a), " ".join(b)).ratio() >= 0.85:
        return True
    pendek, panjang = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(_mirip(w, v) for v in panjang) for w in pendek if len(w) >= 2)


def _normalkan(nama: list[str]) -> list[str]:
    """The search index's normalisation (one SQL function), for many names in one query."""
    if not nama:
        return []
    with connection.cursor() as cur:
        cur.execute("SELECT coalesce(sidamping_nama_cari(x), '') FROM unnest(%s::text[]) WITH ORDINALITY AS t(x, i) "
                    "ORDER BY i", [nama])
        return [r[0] for r in cur.fetchall()]


# --- Phase 1: the file ---------------------------------------------------------------------


@dataclass
class BarisDesil:
    baris: int
    nik: str
    no_kk: str
    nama: str
    desil: int
    posisi_data: date


_BULAN = {nama: i for i, nama in enumerate(
    ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
     "november", "desember"], start=1)}


def posisi_data(sel: object, judul: str = "Posisi data", *, hari_ini: date | None = None) -> tuple[date | None, str]:
    """A date, or a month: "10-2025", "2025-10", "Oktober 2025" (→ the first of the month); bounded."""
    t = n.teks(sel).lower() if isinstance(sel, str) else ""
    hasil, galat = None, ""
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{4})", t) or None
    m2 = re.fullmatch(r"(\d{4})[-/.](\d{1,2})", t)
    m3 = re.fullmatch(r"([a-z]+)\s+(\d{4})", t)
    try:
        if m:
            hasil = date(int(m.group(2)), int(m.group(1)), 1)
        elif m2:
            hasil = date(int(m2.group(1)), int(m2.group(2)), 1)
        elif m3 and m3.group(1) in _BULAN:
            hasil = date(int(m3.group(2)), _BULAN[m3.group(1)], 1)
    except ValueError:
        return None, f"{judul} '{n.teks(sel)}' bukan bulan yang ada."
    if hasil is None:
        hasil, galat = n.tanggal(sel, judul)
        if galat:
            return None, galat
    if hasil is not None:
        galat = _di_luar_rentang(hasil, judul, hari_ini or timezone.localdate())
        if galat:
            return None, galat
    return hasil, ""


@lru_cache(maxsize=4096)
def _di_luar_rentang(tanggal: date, judul: str, hari_ini: date) -> str:
    """The date window's message ("tidak boleh di masa depan", …) or ""; a file repeats its dates."""
    try:
        batas.TANGGAL_KEGIATAN.dengan_label(judul)(tanggal)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def _desil(sel: object) -> tuple[int | None, str]:
    t = n.teks(sel)
    m = re.fullmatch(r"(?:desil\s*)?(\d{1,2})", t, flags=re.IGNORECASE)
    if not t:
        return None, "Desil wajib diisi (angka 1\u201310)."
    if not m or not 1 <= int(m.group(1)) <= 10:
        return None, f"Desil '{t[:20]}' tidak sah: isi angka 1\u201310."
    return int(m.group(1)), ""


def _nomor(sel: object, judul: str, periksa) -> tuple[str, str]:
    if sel is None or (isinstance(sel, str) and not sel.strip()):
        return "", ""
    if isinstance(sel, (int, float)) and not isinstance(sel, bool):
        sel = float(sel)  # a numeric cell lost its last digits already: the rule rejects it
    e = periksa(sel)
    return ("", e[0]) if e else (normalisasi_nomor(sel), "")


def urai(tabel, *, posisi_bawaan: date | None) -> tuple[list[BarisDesil], list[Galat]]:
    i = {k: tabel.indeks(k) for k in JUDUL}
    hasil, galat = [], []
    hari_ini = timezone.localdate()  # the date window's "today", once per file
    for baris, isi in tabel.baris:
        nul = sel_nul(tabel, isi)
        if nul:
            galat.extend(Galat(baris, judul, PESAN_NUL.format(judul=judul)) for _, judul in nul)
            continue
        sel = {k: (isi[j] if j is not None else None) for k, j in i.items()}
        salah = []
        nik, e = _nomor(sel["nik"], "NIK", periksa_nik)
        if e:
            salah.append(Galat(baris, "NIK", e))
        no_kk, e = _nomor(sel["no_kk"], "No. KK", periksa_no_kk)
        if e:
            salah.append(Galat(baris, "No. KK", e))
        if not salah and not nik and not no_kk:
            salah.append(Galat(baris, "No. KK", "Isi No. KK atau NIK (16 digit)."))
        desil, e = _desil(sel["desil"])
        if e:
            salah.append(Galat(baris, "Desil", e))
        posisi, e = (posisi_data(sel["posisi_data"], hari_ini=hari_ini) if sel["posisi_data"] not in (None, "")
                     else (posisi_bawaan, ""))
        if e:
            salah.append(Galat(baris, "Posisi data", e))
        elif posisi is None:
            salah.append(Galat(baris, "Posisi data",
                               "Posisi data kosong: isi kolom Posisi data atau tanggal posisi data pada formulir."))
        if salah:
            galat.extend(salah)
            continue
        nama = n.teks(sel["nama"])[:150] if sel["nama"] is not None else ""
        hasil.append(BarisDesil(baris, nik, no_kk, nama, desil, posisi))
    return hasil, galat


# --- Phase 2: against the registry ----------------------------------------------------------


@dataclass
class Rencana:
    galat: list[Galat]
    tidak_cocok: list[Galat]
    tulis: list[dict]  # history rows to write
    sama: int
    cocok: int
    perubahan: list[PerubahanDesil]  # expected value changes (riwayat_id None)

    def ringkasan(self, jumlah_baris: int, ditandai: int = 0) -> dict:
        return {"baris_cocok": self.cocok, "riwayat_baru": len(self.tulis), "baris_sama": self.sama,
                "keluarga_berubah": len(self.perubahan), "penerima_ditandai": ditandai,
                "tidak_cocok": len(self.tidak_cocok), "jumlah_baris": jumlah_baris,
                "jumlah_galat": len(self.galat)}


def _potong(daftar: list):
    for i in range(0, len(daftar), POTONGAN):
        yield daftar[i : i + POTONGAN]


def _lebih_baru(posisi: date, sumber: str, terbaru: dict | None) -> bool:
    """Would a new row (written last) be the newest by the rule of ``pmks.registri.desil``?"""
    if terbaru is None:
        return True
    lama = terbaru["posisi_data"] or date.min  # undated: older than any position
    if posisi != lama:
        return posisi > lama
    return sumber == SumberDesil.DTSEN or terbaru["sumber"] != SumberDesil.DTSEN


_KOLOM_KELUARGA = ("id", "no_kk", "kelurahan_id", "desil", "tanggal_desil", "sumber_desil")


@dataclass
class _Registri:
    """What the registry holds for a file's rows: households by No. KK and by id, members by NIK,
    and each household's members' normalised names."""

    kel: dict[str, dict]
    ang: dict[str, dict]
    per_id: dict[int, dict]
    nama_anggota: dict[int, list[tuple[int, str]]]  # keluarga id → [(anggota id, normalised name)]


def _muat_registri(rows: list[BarisDesil]) -> _Registri:
    """The households and members the rows name, in a handful of set-based queries."""
    kel: dict[str, dict] = {}
    for p in _potong(sorted({r.no_kk for r in rows if r.no_kk})):
        for k in Keluarga.objects.filter(no_kk__salah_satu=p).values(*_KOLOM_KELUARGA):
            kel[k["no_kk"]] = k
    ang: dict[str, dict] = {}
    for p in _potong(sorted({r.nik for r in rows if r.nik})):
        for a in Anggota.objects.filter(nik__salah_satu=p).values("id", "nik", "keluarga_id"):
            ang[a["nik"]] = a
    lewat_nik = {a["keluarga_id"] for a in ang.values()} - {k["id"] for k in kel.values()}
    per_id = {k["id"]: k for k in kel.values()}
    for p in _potong(sorted(lewat_nik)):
        for k in Keluarga.objects.filter(id__salah_satu=p).values(*_KOLOM_KELUARGA):
            per_id[k["id"]] = k
    nama_anggota: dict[int, list[tuple[int, str]]] = {}
    with connection.cursor() as cur:
        for p in _potong(sorted(per_id)):
            cur.execute("SELECT keluarga_id, id, coalesce(sidamping_nama_cari(nama), '') FROM pmks_anggota "
                        "WHERE keluarga_id = ANY(%s)", [p])
            for kid, aid, nm in cur.fetchall():
                nama_anggota.setdefault(kid, []).append((aid, nm))
    return _Registri(kel, ang, per_id, nama_anggota)


def _cocokkan(rows: list[BarisDesil], reg: _Registri, *, user, rencana: Rencana) -> dict[int, tuple[BarisDesil, int]]:
    """Match each row to a household of the user's area (No. KK first, then NIK; the name must fit a
    member); unmatched rows and conflicting duplicates go to ``rencana``. Returns file row → (row,
    keluarga id) of the rows to consider, one per household and data position."""
    boleh = set(kelurahan_untuk(user, write=True).values_list("id", flat=True))
    nama_berkas = dict(zip([r.baris for r in rows], _normalkan([r.nama for r in rows]), strict=True))
    dipilih: dict[int, tuple[BarisDesil, int]] = {}
    per_posisi: dict[tuple[int, date], BarisDesil] = {}
    for r in rows:
        k, anggota_id = None, None
        if r.no_kk and r.no_kk in reg.kel:
            k = reg.kel[r.no_kk]
        elif r.nik and r.nik in reg.ang:
            anggota_id = reg.ang[r.nik]["id"]
            k = reg.per_id.get(reg.ang[r.nik]["keluarga_id"])
        if k is None:
            apa = "No. KK" if r.no_kk else "NIK"
            rencana.tidak_cocok.append(Galat(r.baris, apa, f"{apa} belum terdaftar di registri; tidak dicatat.",
                                             "tidak_ada"))
            continue
        if k["kelurahan_id"] not in boleh:
            rencana.tidak_cocok.append(Galat(r.baris, "No. KK" if r.no_kk else "NIK",
                                             "Keluarga terdaftar di luar wilayah kerja Anda; tidak dicatat.",
                                             "luar_wilayah"))
            continue
        nm = nama_berkas.get(r.baris, "")
        calon = [x for x in reg.nama_anggota.get(k["id"], []) if anggota_id is None or x[0] == anggota_id]
        if nm and calon and not any(nama_cocok(nm, x[1]) for x in calon):
            siapa = "anggota ber-NIK ini" if anggota_id else "anggota keluarga ber-No. KK ini"
            rencana.tidak_cocok.append(Galat(r.baris, "Nama", f"Nama tidak cocok dengan {siapa}; periksa baris ini. "
                                             "Tidak dicatat.", "nama_berbeda"))
            continue
        rencana.cocok += 1
        kunci = (k["id"], r.posisi_data)
        if kunci in per_posisi:
            pertama = per_posisi[kunci]
            if pertama.desil != r.desil:
                rencana.galat.append(Galat(r.baris, "Desil", f"Desil berbeda dengan baris {pertama.baris} untuk "
                                           "keluarga yang sama pada posisi data yang sama."))
            continue
        per_posisi[kunci] = r
        dipilih[r.baris] = (r, k["id"])
    return dipilih


def _putuskan(dipilih: dict[int, tuple[BarisDesil, int]], per_id: dict[int, dict], rencana: Rencana) -> None:
    """Which matched rows are new history rows, and whose current desil they change."""
    ids = sorted({kid for _, kid in dipilih.values()})
    ada: set[tuple[int, str, date, int]] = set()
    for p in _potong(ids):
        ada.update(RiwayatDesil.objects.filter(keluarga__salah_satu=p)
                   .values_list("keluarga_id", "sumber", "posisi_data", "desil"))
    terbaru = rd.desil_terbaru(ids)
    for kid in ids:  # a desil stored without history counts as its first position (riwayat_awal_isi)
        k = per_id[kid]
        if kid not in terbaru and k["desil"] is not None:
            sumber = rd.sumber_dari_teks(k["sumber_desil"])
            posisi = k["tanggal_desil"]
            ada.add((kid, sumber, posisi, k["desil"]))
            terbaru[kid] = {"id": None, "desil": k["desil"], "sumber": sumber, "posisi_data": posisi}
    baru_per_keluarga: dict[int, int] = {}
    for r, kid in sorted(dipilih.values(), key=lambda x: x[0].posisi_data):
        if (kid, SUMBER_IMPOR, r.posisi_data, r.desil) in ada:
            rencana.sama += 1
            continue
        rencana.tulis.append({"keluarga_id": kid, "desil": r.desil, "sumber": SUMBER_IMPOR,
                              "posisi_data": r.posisi_data, "keterangan": KETERANGAN_IMPOR})
        t = terbaru.get(kid)
        if _lebih_baru(r.posisi_data, SUMBER_IMPOR, t):
            terbaru[kid] = {"id": None, "desil": r.desil, "sumber": SUMBER_IMPOR, "posisi_data": r.posisi_data}
            baru_per_keluarga[kid] = r.desil
    for kid, desil in baru_per_keluarga.items():
        lama = per_id[kid]["desil"]
        if lama != desil:
            rencana.perubahan.append(PerubahanDesil(kid, lama, desil))


def rencanakan(rows: list[BarisDesil], *, user) -> Rencana:
    """Match every row (a handful of set-based queries whatever the file size) and decide what to write."""
    reg = _muat_registri(rows)
    rencana = Rencana(galat=[], tidak_cocok=[], tulis=[], sama=0, cocok=0, perubahan=[])
    dipilih = _cocokkan(rows, reg, user=user, rencana=rencana)
    _putuskan(dipilih, reg.per_id, rencana)
    rencana.galat.sort(key=lambda g: g.baris)
    rencana.tidak_cocok.sort(key=lambda g: g.baris)
    return rencana


# --- The kind of import ---------------------------------------------------------------------


def _posisi_bawaan(impor) -> date | None:
    teks = (impor.parameter or {}).get("posisi_data")
    return date.fromisoformat(teks) if teks else None


def _periksa(impor, data: bytes, progres):
    progres(5, "Membaca berkas")
    tabel = baca_tabel(data, impor.nama_berkas, kolom_wajib=("desil", ("no_kk", "nik")), pengenal=kode_kolom,
                       judul_kolom=JUDUL)
    progres(30, f"Memeriksa {len(tabel.baris)} baris")
    rows, galat = urai(tabel, posisi_bawaan=_posisi_bawaan(impor))
    if len(galat) > services.maks_galat():  # refused anyway: no need to match against the registry
        return None, {"jumlah_baris": len(tabel.baris), "jumlah_galat": len(galat)}, galat, []
    progres(60, "Mencocokkan dengan registri")
    rencana = rencanakan(rows, user=impor.oleh)
    ditandai = rd.umumkan(rencana.perubahan, simpan=False)
    galat = sorted([*galat, *rencana.galat], key=lambda g: g.baris)
    return rows, {**rencana.ringkasan(len(tabel.baris), ditandai), "jumlah_galat": len(galat)}, galat, \
        rencana.tidak_cocok


def _simpan(impor, rows: list[BarisDesil]):
    """Inside the commit transaction: match again against the current registry, then write."""
    rencana = rencanakan(rows, user=impor.oleh)
    if rencana.galat:
        return rencana.ringkasan(impor.jumlah_baris), rencana.galat
    ditulis, perubahan, ditandai = rd.desil_catat_massal(rencana.tulis, oleh=impor.oleh, impor=impor)
    hasil = rencana.ringkasan(impor.jumlah_baris, ditandai)
    hasil.update(riwayat_baru=ditulis, keluarga_berubah=len(perubahan))
    return hasil, []


services.daftarkan_pemroses(
    JenisImpor.DESIL,
    services.Pemroses(
        _periksa, _simpan, LABEL, judul_peringatan="baris tidak dicatat (belum terdaftar, nama berbeda, atau di "
        "luar wilayah Anda)", peringatan_perlu_alasan=False, kolom_wajib=("desil", ("no_kk", "nik")),
        pengenal=kode_kolom, judul_kolom=JUDUL, peringatan_di_hasil=True,
        skala_batas_langsung=SKALA_BATAS_LANGSUNG,
    ),
)


def parameter_unggah(posisi: date | None) -> dict:
    hasil = {"label": "Desil DTSEN"}
    if posisi:
        hasil.update(posisi_data=posisi.isoformat(), label=f"Desil DTSEN, posisi data {posisi:%d-%m-%Y}")
    return hasil

