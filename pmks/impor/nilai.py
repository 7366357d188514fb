"""Tolerant normalisation of spreadsheet cells: what real files contain → registry values.

Each function returns ``(value, error)``; ``error`` is an Indonesian message or ``""``.
Empty cells give ``""`` / ``None`` without error: whether a value is required is decided by the
caller (new vs existing record), and an empty cell never overwrites stored data.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.db import models

from pmks.registri import choices as c


def kunci(teks: object) -> str:
    """Comparison key: lowercase letters and digits only ("Laki-laki " → "lakilaki")."""
    return re.sub(r"[^0-9a-z]", "", str(teks).lower())


def teks(nilai: object) -> str:
    """A cell as clean text: trimmed, inner whitespace collapsed, 12.0 → "12"."""
    if type(nilai) is str:
        hasil = " ".join(nilai.split())
        if hasil in ("-", "--"):  # people write "-" for "nothing"
            return ""
        if hasil[:1] == "'" and hasil[1:2] in ("=", "+", "-", "@"):  # our own formula escaping (export)
            return hasil[1:]
        return hasil
    if nilai is None:
        return ""
    if isinstance(nilai, bool):
        return "Ya" if nilai else "Tidak"
    if isinstance(nilai, float):
        return str(int(nilai)) if nilai.is_integer() else str(nilai)
    if isinstance(nilai, datetime):
        return f"{nilai:%d-%m-%Y}"
    if isinstance(nilai, date):
        return f"{nilai:%d-%m-%Y}"
    hasil = " ".join(str(nilai).split())
    if hasil in ("-", "--"):  # people write "-" for "nothing"
        return ""
    if hasil[:1] == "'" and hasil[1:2] in ("=", "+", "-", "@"):  # our own formula escaping (export)
        return hasil[1:]
    return hasil


def adalah_angka(nilai: object) -> bool:
    """A numeric spreadsheet cell (not text): NIK / No. KK must never be one."""
    return isinstance(nilai, (int, float)) and not isinstance(nilai, bool)


# Spelling variants seen in Dukcapil/DTKS extracts and hand-made sheets, per choice value.
_ALIAS: dict[type[models.TextChoices], dict[str, tuple[str, ...]]] = {
    c.JenisKelamin: {
        "L": ("lk", "laki", "lakilaki", "pria", "male", "m"),
        "P": ("pr", "perempuan", "wanita", "female", "w"),
    },
    c.Hubungan: {
        "kepala": ("kepala", "kepalakeluarga", "kepalarumahtangga", "krt", "kk"),
        "istri_suami": ("istri", "isteri", "suami", "istrisuami", "suamiistri"),
        "anak": ("anakkandung", "anaktiri", "anakangkat"),
        "orang_tua": ("orangtua", "ortu", "mertua", "ayah", "ibu", "bapak", "famili orang tua"),
        "pembantu": ("sopir", "pembanturumahtangga", "art"),
        "lainnya": ("famili", "famililain", "familylain", "lain", "lainlain"),
    },
    c.StatusPerkawinan: {
        "belum_kawin": ("belummenikah", "lajang", "bujang"),
        "kawin": ("menikah", "kawintercatat", "kawinbelumtercatat", "kawinsiri"),
        "cerai_hidup": ("cerai", "janda", "duda"),
        "cerai_mati": ("janda mati", "duda mati"),
    },
    c.Pendidikan: {
        "tidak_sekolah": ("tidaksekolah", "belumsekolah", "tidakpernahsekolah", "tidakbelumsekolah"),
        "tidak_tamat_sd": ("belumtamatsd", "tidaktamatsdsederajat", "belumtamatsdsederajat"),
        "sd": ("sdmi", "tamatsd", "mi"),
        "smp": ("sltp", "mts", "smpmts", "sltpsederajat"),
        "sma": ("sma", "smk", "slta", "ma", "smasmk", "smasmkma", "sltasederajat"),
        "d1_d3": ("d1", "d2", "d3", "diploma", "diplomai", "diplomaii", "diplomaiii", "diplomaiiii", "akademi"),
        "s1": ("s1", "d4", "strata1", "diplomaiv", "sarjana", "d4s1"),
        "s2_s3": ("s2", "s3", "magister", "doktor"),
    },
    c.Disabilitas: {
        "tidak_ada": ("tidak", "tidakada", "tidak ada", "bukan", "normal", "no"),
        "fisik": ("tunadaksa", "daksa"),
        "intelektual": ("tunagrahita", "grahita"),
        "netra": ("tunanetra",),
        "rungu_wicara": ("rungu", "wicara", "tunarungu", "tunawicara", "tunarunguwicara"),
        "ganda": ("multi", "gandamulti"),
    },
    c.StatusKepemilikanRumah: {"kontrak_sewa": ("kontrak", "sewa", "ngontrak")},
}

_PETA: dict[type[models.TextChoices], dict[str, str]] = {}


def _peta(pilihan: type[models.TextChoices]) -> dict[str, str]:
    """key → stored value, from each value, label, '/'-part of a label and alias (ambiguous parts dropped)."""
    if pilihan in _PETA:
        return _PETA[pilihan]
    peta: dict[str, str] = {}
    bagian: dict[str, set[str]] = {}
    for nilai, label in pilihan.choices:
        peta[kunci(nilai)] = nilai
        peta[kunci(label)] = nilai
        for potong in re.split(r"[/,]| dengan | tanpa ", str(label)):
            bagian.setdefault(kunci(potong), set()).add(nilai)
    for k, nilai_set in bagian.items():
        if k and len(nilai_set) == 1:
            peta.setdefault(k, next(iter(nilai_set)))
    for nilai, alias in _ALIAS.get(pilihan, {}).items():
        for a in alias:
            peta[kunci(a)] = nilai
    _PETA[pilihan] = peta
    return peta


@lru_cache(maxsize=65536, typed=True)
def pilihan(jenis: type[models.TextChoices], nilai: object, judul: str) -> tuple[str, str]:
    t = teks(nilai)
    if not t:
        return "", ""
    hasil = _peta(jenis).get(kunci(t))
    if hasil is None:
        contoh = ", ".join(str(label) for _, label in jenis.choices)
        return "", f"{judul} '{t}' tidak dikenal. Pilihan: {contoh}."
    return hasil, ""


_EPOCH_EXCEL = date(1899, 12, 30)
_POLA_TANGGAL = [
    (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"), ("y", "m", "d")),
]


@lru_cache(maxsize=65536, typed=True)
def tanggal(nilai: object, judul: str) -> tuple[date | None, str]:
    """Excel date cells, Excel serial numbers, or text dd-mm-yyyy / dd/mm/yyyy (also yyyy-mm-dd)."""
    if nilai is None or nilai == "":
        return None, ""
    if isinstance(nilai, datetime):
        return nilai.date(), ""
    if isinstance(nilai, date):
        return nilai, ""
    if adalah_angka(nilai):
        if 1 <= nilai < 80000:
            return _EPOCH_EXCEL + timedelta(days=int(nilai)), ""
        return None, f"{judul} '{teks(nilai)}' bukan tanggal."
    t = teks(nilai)
    if not t:
        return None, ""
    t = t.split(" ")[0]  # "12-03-1985 00:00:00"
    for pola, urutan in _POLA_TANGGAL:
        m = pola.match(t)
        if m:
            bagian = dict(zip(urutan, (int(x) for x in m.groups()), strict=True))
            try:
                return date(bagian["y"], bagian["m"], bagian["d"]), ""
            except ValueError:
                return None, f"{judul} '{t}' bukan tanggal yang ada."
    if t.isdigit() and 1 <= int(t) < 80000:
        return _EPOCH_EXCEL + timedelta(days=int(t)), ""
    return None, f"{judul} '{t}' tidak dikenali. Tulis dd-mm-yyyy, mis. 12-03-1985."


@lru_cache(maxsize=65536, typed=True)
def rt_rw(nilai: object, judul: str) -> tuple[str, str]:
    """RT/RW as three digits ("3" → "003") so that re-imports compare equal."""
    t = teks(nilai)
    if not t:
        return "", ""
    t = re.sub(r"^(rt|rw)\.?\s*", "", t, flags=re.IGNORECASE)
    if not (t.isascii() and t.isdigit()) or len(t.lstrip("0")) > 3:  # "３" passes isdigit(): stored as garbage
        return "", f"{judul} harus berupa angka, paling banyak 3 digit."
    return t.zfill(3)[-3:], ""


@lru_cache(maxsize=65536, typed=True)
def desimal(nilai: object, judul: str) -> tuple[Decimal | None, str]:
    if nilai is None or nilai == "":
        return None, ""
    if adalah_angka(nilai):
        d = Decimal(str(nilai))
    else:
        t = teks(nilai).replace(" ", "").replace(",", ".")
        if not t:
            return None, ""
        try:
            d = Decimal(t)
        except InvalidOperation:
            return None, f"{judul} '{teks(nilai)}' bukan angka."
    if d < 0 or d >= Decimal("100000"):
        return None, f"{judul} harus antara 0 dan 99999."
    return d.quantize(Decimal("0.01")), ""


@lru_cache(maxsize=65536, typed=True)
def teks_terbatas(nilai: object, judul: str, maks: int) -> tuple[str, str]:
    t = teks(nilai)
    if len(t) > maks:
        return "", f"{judul} terlalu panjang (maks. {maks} karakter)."
    return t, ""
