"""Household-level business rules, as pure functions over plain data.

The single source of these rules for every entry path: the register/edit form (formset), the
spreadsheet import and any service. NIK / No. KK number rules live in ``pmks.registri.nik``.
Messages are in Bahasa Indonesia and meant for end users.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from tksk.batas import AWAL_LAHIR, TANGGAL_LAHIR

from .choices import Hubungan, StatusAnggota
from .nik import normalisasi_nomor


@dataclass(frozen=True)
class DataAnggota:
    """What the rules need to know about one member (from a form row or a spreadsheet row)."""

    nik: str
    nama: str
    tanggal_lahir: date | None
    hubungan: str
    status: str = StatusAnggota.AKTIF


@dataclass(frozen=True)
class Pelanggaran:
    """One broken rule: ``indeks`` is the member's position (None = the household as a whole)."""

    pesan: str
    indeks: int | None = None
    kolom: str | None = None


def _pesan(validator, nilai) -> str:
    try:
        validator(nilai)
    except ValidationError as exc:
        return exc.messages[0]
    return ""


# Relations that must be younger than the head of the family.
HUBUNGAN_LEBIH_MUDA = {Hubungan.ANAK, Hubungan.CUCU}


def periksa_susunan_keluarga(anggota: list[DataAnggota], *, hari_ini: date | None = None) -> list[Pelanggaran]:
    """Rules over the whole set of members of one household.

    - at least one member; exactly one active kepala keluarga;
    - no birth date in the future or before 1900 (``tksk.batas.TANGGAL_LAHIR``);
    - an anak or cucu is not older than the kepala keluarga;
    - the same NIK does not appear twice.
    """
    hari_ini = hari_ini or timezone.localdate()
    hasil: list[Pelanggaran] = []
    aktif = [(i, a) for i, a in enumerate(anggota) if a.status == StatusAnggota.AKTIF]
    if not aktif:
        return [Pelanggaran("Keluarga harus memiliki paling sedikit satu anggota.")]

    kepala = [(i, a) for i, a in aktif if a.hubungan == Hubungan.KEPALA]
    if not kepala:
        hasil.append(Pelanggaran("Keluarga harus memiliki tepat satu kepala keluarga; belum ada yang dipilih."))
    elif len(kepala) > 1:
        for i, _ in kepala[1:]:
            hasil.append(
                Pelanggaran("Keluarga hanya boleh memiliki satu kepala keluarga.", indeks=i, kolom="hubungan")
            )

    for i, a in enumerate(anggota):
        if a.tanggal_lahir and a.tanggal_lahir > hari_ini:
            hasil.append(Pelanggaran("Tanggal lahir tidak boleh di masa depan.", indeks=i, kolom="tanggal_lahir"))
        elif a.tanggal_lahir and a.tanggal_lahir < AWAL_LAHIR:
            hasil.append(Pelanggaran(_pesan(TANGGAL_LAHIR, a.tanggal_lahir), indeks=i, kolom="tanggal_lahir"))

    if len(kepala) == 1 and kepala[0][1].tanggal_lahir:
        lahir_kepala = kepala[0][1].tanggal_lahir
        for i, a in aktif:
            if a.hubungan in HUBUNGAN_LEBIH_MUDA and a.tanggal_lahir and a.tanggal_lahir < lahir_kepala:
                hasil.append(
                    Pelanggaran(
                        f"{Hubungan(a.hubungan).label} tidak mungkin lebih tua dari kepala keluarga.",
                        indeks=i,
                        kolom="tanggal_lahir",
                    )
                )

    terlihat: dict[str, int] = {}
    for i, a in enumerate(anggota):
        nik = normalisasi_nomor(a.nik)
        if not nik:
            continue
        if nik in terlihat:
            hasil.append(
                Pelanggaran(f"NIK sama dengan anggota baris {terlihat[nik] + 1}.", indeks=i, kolom="nik")
            )
        else:
            terlihat[nik] = i
    return hasil


# --- Housing ------------------------------------------------------------------------------------
# Kemensos RTLH criterion (DOMAIN.md): less than 7.2 m² of floor per person.
BATAS_RTLH_LUAS_PER_ORANG = Decimal("7.2")


def luas_lantai_per_orang(luas_lantai, jumlah_orang) -> Decimal | None:
    """Floor area per person in m² (2 decimals, half up), or None when either figure is missing.

    The one definition: the RTLH assessment stores it, the proposal form shows it as it is typed
    (static/bantuan/usulan_form.js rounds the same way for display only)."""
    if luas_lantai in (None, "") or not jumlah_orang:
        return None
    try:
        luas, orang = Decimal(str(luas_lantai)), int(jumlah_orang)
    except (ArithmeticError, ValueError, TypeError):
        return None
    if orang <= 0 or luas < 0:
        return None
    return (luas / orang).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
