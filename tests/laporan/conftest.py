"""A small hand-computed registry for report figures (Kecamatan Kanigaran, November 2026).

Timestamps are set explicitly (``dibuat_pada`` is auto_now_add) to test month boundaries in
Asia/Jakarta: 2026-10-31 20:00 UTC is 1 November 03:00 WIB → November.

Expected November figures for Kecamatan Kanigaran (see ``HARAPAN_NOVEMBER``):
- Kel. Kanigaran: K1 (Sep, 3 jiwa, FM household-level Sep 15) and K2 (created 2026-10-31 20:00 UTC
  = November WIB, 2 jiwa, FM household-level Nov 1, LUT for the kepala Nov 5).
- Kel. Sukoharjo: K3 (created 2026-10-31 16:59 UTC = October WIB, 1 jiwa, LUT for the kepala Nov 20).
- Not counted: K4 (status pindah), an inactive classification of K1, a classification dated in
  December, and K5 in Kecamatan Mayangan (counted only in the city recap).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pmks.choices import StatusKeluarga
from pmks.models import Anggota, JenisPMKS, Keluarga
from tests.factories import AnggotaFactory, KeluargaFactory, KlasifikasiPMKSFactory, wilayah

KEL_KANIGARAN = "35.74.04.1003"
KEL_SUKOHARJO = "35.74.04.1002"
KEL_MAYANGAN = "35.74.03.1001"


def atur_dibuat(keluarga: Keluarga, waktu: datetime) -> None:
    """Backdate a household and all its members (auto_now_add cannot be set on create)."""
    Keluarga.objects.filter(pk=keluarga.pk).update(dibuat_pada=waktu)
    Anggota.objects.filter(keluarga=keluarga).update(dibuat_pada=waktu)


def keluarga(kode_kelurahan: str, *, jiwa: int, dibuat: datetime, **kwargs) -> Keluarga:
    kel = KeluargaFactory(kelurahan=wilayah(kode_kelurahan), **kwargs)
    for _ in range(jiwa - 1):
        AnggotaFactory(keluarga=kel)
    atur_dibuat(kel, dibuat)
    return kel


def jenis(singkatan: str) -> JenisPMKS:
    return JenisPMKS.objects.get(singkatan=singkatan)


@pytest.fixture
def dunia(db, tksk_kanigaran):
    u = tksk_kanigaran
    k1 = keluarga(KEL_KANIGARAN, jiwa=3, dibuat=datetime(2026, 9, 10, 3, 0, tzinfo=UTC))
    KlasifikasiPMKSFactory(keluarga=k1, jenis=jenis("FM"), tanggal_asesmen=date(2026, 9, 15), dinilai_oleh=u)
    KlasifikasiPMKSFactory(
        keluarga=k1, jenis=jenis("PD"), tanggal_asesmen=date(2026, 11, 2), dinilai_oleh=u, aktif=False
    )
    k2 = keluarga(KEL_KANIGARAN, jiwa=2, dibuat=datetime(2026, 10, 31, 20, 0, tzinfo=UTC))
    KlasifikasiPMKSFactory(keluarga=k2, jenis=jenis("FM"), tanggal_asesmen=date(2026, 11, 1), dinilai_oleh=u)
    KlasifikasiPMKSFactory(
        keluarga=k2, anggota=k2.kepala_uji, jenis=jenis("LUT"), tanggal_asesmen=date(2026, 11, 5), dinilai_oleh=u
    )
    k3 = keluarga(KEL_SUKOHARJO, jiwa=1, dibuat=datetime(2026, 10, 31, 16, 59, tzinfo=UTC))
    KlasifikasiPMKSFactory(
        keluarga=k3, anggota=k3.kepala_uji, jenis=jenis("LUT"), tanggal_asesmen=date(2026, 11, 20), dinilai_oleh=u
    )
    KlasifikasiPMKSFactory(keluarga=k3, jenis=jenis("RTLH"), tanggal_asesmen=date(2026, 12, 1), dinilai_oleh=u)
    k4 = keluarga(
        KEL_KANIGARAN, jiwa=2, dibuat=datetime(2026, 11, 3, 1, 0, tzinfo=UTC), status=StatusKeluarga.PINDAH
    )
    KlasifikasiPMKSFactory(keluarga=k4, jenis=jenis("FM"), tanggal_asesmen=date(2026, 11, 3), dinilai_oleh=u)
    k5 = keluarga(KEL_MAYANGAN, jiwa=4, dibuat=datetime(2026, 11, 10, 1, 0, tzinfo=UTC))
    KlasifikasiPMKSFactory(keluarga=k5, jenis=jenis("FM"), tanggal_asesmen=date(2026, 11, 10), dinilai_oleh=u)
    return {"k1": k1, "k2": k2, "k3": k3, "k4": k4, "k5": k5}


def isi_narasi(laporan_kwargs: dict, user) -> None:
    from laporan import services

    services.laporan_simpan_narasi(
        **laporan_kwargs,
        oleh=user,
        kondisi_sosial="Kondisi sosial kecamatan kondusif.",
        kendala="Satu TKSK untuk enam kelurahan.",
        rencana_tindak_lanjut="Verifikasi lapangan bersama PSM.",
    )
