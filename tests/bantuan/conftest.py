"""Fixtures for the aid tests: programs of the current year and proposals in any status."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from bantuan import choices as c
from bantuan.models import ProgramBantuan, RiwayatStatusUsulan, Usulan
from pmks.models import JenisPMKS
from tests.conftest import KODE
from tests.factories import KeluargaFactory, KlasifikasiPMKSFactory, wilayah

TAHUN = timezone.localdate().year


def tanggal_lalu(bulan: int, hari: int) -> date:
    """``date(TAHUN, bulan, hari)`` or, while that is still ahead (early in the year), today:
    a distribution date that is never in the future and always inside this year's programs."""
    return min(date(TAHUN, bulan, hari), timezone.localdate())


def buat_program(kode: str, jenis: str = c.JenisProgram.SEMBAKO, *, tahun: int = TAHUN, **kw) -> ProgramBantuan:
    data = {
        "nama": kode.replace("-", " ").title(),
        "jenis": jenis,
        "sumber_dana": c.SumberDana.APBD_KOTA,
        "tahun_anggaran": tahun,
        "periode_mulai": date(tahun, 1, 1),
        "periode_selesai": date(tahun, 12, 31),
        "bentuk": c.BentukBantuan.TUNAI,
        "nilai_per_penerima": 1_500_000,
        "frekuensi": c.Frekuensi.SEKALI,
    }
    data.update(kw)
    return ProgramBantuan.objects.create(kode=kode, **data)


def keluarga_pmks(kelurahan_kode: str = KODE["kel_kanigaran"], *, singkatan: str = "FM", desil: int | None = 2, **kw):
    """An active household with one active PMKS classification."""
    from tests.factories import PenggunaFactory

    k = KeluargaFactory(kelurahan=wilayah(kelurahan_kode), desil=desil, **kw)
    KlasifikasiPMKSFactory(
        keluarga=k, jenis=JenisPMKS.objects.get(singkatan=singkatan),
        dinilai_oleh=PenggunaFactory(username="penilai", peran="dinsos", wilayah=wilayah(KODE["kota"])),
    )
    return k


def usulan_status(program, keluarga, status: str, *, oleh) -> Usulan:
    """A proposal put directly in ``status`` (test setup only; services are tested separately)."""
    u = Usulan.objects.create(
        program=program, keluarga=keluarga, status=status, justifikasi="Uji", diusulkan_oleh=oleh,
        diajukan_pada=timezone.now(),
    )
    RiwayatStatusUsulan.objects.create(usulan=u, dari="", ke=status, oleh=oleh, catatan="setup uji")
    return u


@pytest.fixture
def sembako(db):
    return program_sembako()


def program_sembako() -> ProgramBantuan:
    return buat_program(
        "sembako-uji", c.JenisProgram.SEMBAKO, frekuensi=c.Frekuensi.BULANAN, nilai_per_penerima=200_000,
        sumber_dana=c.SumberDana.APBN,
    )


@pytest.fixture
def ternak(db):
    return program_ternak()


def program_ternak() -> ProgramBantuan:
    return buat_program(
        "ternak-uji", c.JenisProgram.TERNAK, bentuk=c.BentukBantuan.NATURA, nilai_per_penerima=3_000_000,
        uraian_barang="2 ekor kambing", jumlah_barang=2, satuan="ekor",
    )


@pytest.fixture
def modal(ternak):
    p = buat_program("modal-uji", c.JenisProgram.MODAL_USAHA, sumber_dana=c.SumberDana.APBD_PROVINSI)
    p.tidak_boleh_bersamaan.add(ternak)
    return p


@pytest.fixture
def keluarga(db):
    return keluarga_pmks()


@pytest.fixture
def keluarga_mayangan(db):
    return keluarga_pmks(KODE["kel_mayangan"])
