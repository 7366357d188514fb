"""NIK and No. KK rules.

A NIK is 16 digits ``PPKKCC DDMMYY SSSS``: province, kab/kota and kecamatan where it was first
registered (they do not change when the person moves, so they are never compared with the current
address), the birth date with 40 added to the day for women, and a serial from 0001. A NIK is for
life and is not re-issued when a birth date is corrected.

Hard errors block saving; soft warnings (``Peringatan``) must be confirmed by the user with a
reason, because real NIKs whose date part disagrees with the true birth date exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

# The 38 province codes (Kepmendagri 2025).
KODE_PROVINSI = frozenset(
    [*range(11, 20), 21, *range(31, 37), 51, 52, 53, *range(61, 66), *range(71, 77), 81, 82, *range(91, 97)]
)

# ASCII digits only (re.ASCII): str.isdigit() and a plain \d also accept full-width (３) and
# Arabic-Indic (٣) digits, which the database's ``^\d{16}$`` constraints then refuse at save time.
_ANGKA_16 = re.compile(r"^[0-9]{16}$")
_NOTASI_ILMIAH = re.compile(r"^\s*\d+([.,]\d+)?[eE][+]?\d+\s*$", re.ASCII)


@dataclass(frozen=True)
class Peringatan:
    """A soft warning: saving is allowed once the user confirms it with a reason."""

    kode: str
    pesan: str


def _tanggal_valid(dd: int, mm: int, yy: int) -> bool:
    for abad in (1900, 2000):
        try:
            date(abad + yy, mm, dd)
            return True
        except ValueError:
            continue
    return False


def normalisasi_nomor(nilai: object) -> str:
    """Strip spaces and dots/dashes people type; never turn a number into digits."""
    return re.sub(r"[\s.\-]", "", str(nilai or ""))


def periksa_format_16_digit(nilai: object, label: str) -> list[str]:
    """Errors shared by NIK and No. KK: spreadsheet numbers, length, digits only."""
    if isinstance(nilai, float) or (isinstance(nilai, str) and _NOTASI_ILMIAH.match(nilai)):
        return [
            f"{label} tersimpan sebagai angka/notasi ilmiah (mis. 3.57E+15) sehingga digit terakhirnya "
            f"hilang. Format kolom {label} sebagai Teks di spreadsheet lalu ketik ulang."
        ]
    teks = normalisasi_nomor(nilai)
    if not teks:
        return [f"{label} wajib diisi."]
    if "\x00" in teks:
        return [f"{label} berisi karakter tak sah (NUL). Ketik ulang nomornya."]
    if not (teks.isascii() and teks.isdigit()):
        if any(ch.isdigit() and not ch.isascii() for ch in teks):
            # Refused, not silently converted: the number was typed or pasted from an odd source
            # and should be checked against the KK; one rule for forms and imports alike.
            return [f"{label} memuat angka selain 0-9 biasa (mis. angka lebar penuh atau angka Arab). "
                    "Ketik ulang dengan angka 0-9."]
        return [f"{label} hanya boleh berisi angka."]
    if not _ANGKA_16.match(teks):
        return [f"{label} harus 16 digit (tertulis {len(teks)} digit)."]
    return []


def periksa_nik(nilai: object) -> list[str]:
    """Hard errors for a NIK; empty list when it is acceptable."""
    errors = periksa_format_16_digit(nilai, "NIK")
    if errors:
        return errors
    nik = normalisasi_nomor(nilai)
    if int(nik[:2]) not in KODE_PROVINSI:
        errors.append(f"Kode provinsi {nik[:2]} pada NIK tidak dikenal.")
    dd, mm, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    hari = dd - 40 if dd > 40 else dd
    if not (1 <= dd <= 31 or 41 <= dd <= 71) or not (1 <= mm <= 12) or not _tanggal_valid(hari, mm, yy):
        errors.append("Bagian tanggal lahir pada NIK (digit 7-12) bukan tanggal yang valid.")
    if nik[12:] == "0000":
        errors.append("Nomor urut NIK (4 digit terakhir) tidak boleh 0000.")
    return errors


def periksa_no_kk(nilai: object) -> list[str]:
    """Hard errors for a No. KK: 16 digits, known province, valid recording date, serial ≠ 0000."""
    errors = periksa_format_16_digit(nilai, "No. KK")
    if errors:
        return errors
    kk = normalisasi_nomor(nilai)
    if int(kk[:2]) not in KODE_PROVINSI:
        errors.append(f"Kode provinsi {kk[:2]} pada No. KK tidak dikenal.")
    dd, mm, yy = int(kk[6:8]), int(kk[8:10]), int(kk[10:12])
    if not (1 <= mm <= 12) or not _tanggal_valid(dd, mm, yy):
        errors.append("Bagian tanggal pencatatan pada No. KK (digit 7-12) bukan tanggal yang valid.")
    if kk[12:] == "0000":
        errors.append("Nomor urut No. KK (4 digit terakhir) tidak boleh 0000.")
    return errors


def tanggal_dari_nik(nik: str, tanggal_lahir: date | None = None) -> tuple[date | None, str]:
    """Birth date and sex ('L'/'P') encoded in a valid NIK.

    The two-digit year is resolved with the recorded birth date when given, otherwise with the
    latest century that does not put the date in the future.
    """
    dd, mm, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    jk = "P" if dd > 40 else "L"
    hari = dd - 40 if dd > 40 else dd
    abad_kandidat = [2000, 1900]
    if tanggal_lahir is not None:
        abad_kandidat.sort(key=lambda a: abs(a + yy - tanggal_lahir.year))
    for abad in abad_kandidat:
        try:
            d = date(abad + yy, mm, hari)
        except ValueError:
            continue
        if tanggal_lahir is None and d > timezone.localdate():
            continue
        return d, jk
    return None, jk


def peringatan_nik(
    nik: str, *, tanggal_lahir: date | None, jenis_kelamin: str | None, kode_kabkota_dikenal=None
) -> list[Peringatan]:
    """Soft warnings for a NIK that passed ``periksa_nik``."""
    hasil: list[Peringatan] = []
    tgl, jk = tanggal_dari_nik(nik, tanggal_lahir)
    if jenis_kelamin and jk != jenis_kelamin:
        hasil.append(
            Peringatan(
                "nik_jenis_kelamin",
                f"Kode tanggal NIK menunjukkan {'perempuan' if jk == 'P' else 'laki-laki'}, "
                f"berbeda dengan jenis kelamin yang diisi.",
            )
        )
    if tanggal_lahir and tgl and tgl != tanggal_lahir:
        hasil.append(
            Peringatan(
                "nik_tanggal_lahir",
                f"Tanggal pada NIK ({tgl:%d-%m-%Y}) berbeda dengan tanggal lahir yang diisi "
                f"({tanggal_lahir:%d-%m-%Y}).",
            )
        )
    if kode_kabkota_dikenal is not None and nik[:4] not in kode_kabkota_dikenal:
        hasil.append(
            Peringatan("nik_kabkota", f"Kode kabupaten/kota {nik[:2]}.{nik[2:4]} pada NIK tidak dikenal.")
        )
    return hasil
