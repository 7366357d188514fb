"""Seeded duplicates for the scan and merge tests (Kota Probolinggo, kab/kota 35.74)."""

from __future__ import annotations

from datetime import date

from pmks.ganda import pindai
from pmks.ganda.models import PasanganDuplikat
from pmks.models import Anggota
from tests.factories import AnggotaFactory, KeluargaFactory, nik_valid, wilayah

KOTA = "35.74"
KEL_KANIGARAN = "35.74.04.1003"
KEL_MAYANGAN = "35.74.03.1001"


def keluarga(kelurahan: str = KEL_KANIGARAN, *, nama_kepala: str, lahir: date, jk: str = "L", **kepala):
    return KeluargaFactory(kelurahan=wilayah(kelurahan), kepala__nama=nama_kepala, kepala__tanggal_lahir=lahir,
                           kepala__jenis_kelamin=jk, **{f"kepala__{k}": v for k, v in kepala.items()})


def orang(k, *, nama: str, lahir: date, jk: str = "L", nik: str | None = None, tempat: str = "Probolinggo",
          hubungan: str = "anak") -> Anggota:
    return AnggotaFactory(keluarga=k, nama=nama, tanggal_lahir=lahir, jenis_kelamin=jk, tempat_lahir=tempat,
                          nik=nik or nik_valid(tanggal_lahir=lahir, jenis_kelamin=jk), hubungan=hubungan)


def tukar_tanggal(nik: str, posisi: int = 7) -> str:
    """The NIK with digits ``posisi`` and ``posisi + 1`` (1-based, date part) swapped."""
    i = posisi - 1
    return nik[:i] + nik[i + 1] + nik[i] + nik[i + 2:]


def pasangan(x: Anggota, y: Anggota) -> PasanganDuplikat | None:
    a, b = sorted([x.pk, y.pk])
    return PasanganDuplikat.objects.filter(anggota_a_id=a, anggota_b_id=b).first()


def pindai_kota() -> int:
    return pindai.pindai_kabkota(KOTA)
