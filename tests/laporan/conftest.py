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

from pmks.models import Anggota, JenisPMKS, Keluarga
from pmks.registri.choices import StatusKeluarga
from tests.factories import AnggotaFactory, KeluargaFactory, KlasifikasiPMKSFactory, wilayah

KEL_KANIGARAN = "35.74.04.1003"
KEL_SUKOHARJO = "35.74.04.1002"
KEL_MAYANGAN = "35.74.03.1001"


@pytest.fixture(autouse=True)
def _media_sementara(settings, tmp_path):
    """Submitted reports store their PDF: keep test files out of the real MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"


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


def versi_narasi(*, kecamatan, periode) -> int:
    """The version a narrative form opened now would carry (0 before the draft exists)."""
    from laporan.selectors import laporan_atau_none

    laporan = laporan_atau_none(kecamatan=kecamatan, periode=periode)
    return laporan.versi if laporan else 0


def isi_narasi(laporan_kwargs: dict, user) -> None:
    from laporan import services

    services.laporan_simpan_narasi(
        **laporan_kwargs,
        oleh=user,
        versi=versi_narasi(**laporan_kwargs),
        kondisi_sosial="Kondisi sosial kecamatan kondusif.",
        kendala="Satu TKSK untuk enam kelurahan.",
        rencana_tindak_lanjut="Verifikasi lapangan bersama PSM.",
    )


def _pada(model, obj, waktu: datetime, field: str = "pada") -> None:
    model.objects.filter(pk=obj.pk).update(**{field: waktu})


@pytest.fixture
def dunia_lengkap(dunia, tksk_kanigaran, dinsos):
    """``dunia`` plus aid and pendampingan records of October/November 2026 (see test_angka_bantuan)."""
    from bantuan import choices as bc
    from bantuan.models import PenerimaanEksternal, Penyaluran, ProgramBantuan, RiwayatStatusUsulan, Usulan
    from pmks.pendampingan.models import Kunjungan, RencanaTindakLanjut, RiwayatStatusRujukan, Rujukan

    def program(kode, jenis, nilai, **kw):
        return ProgramBantuan.objects.create(
            kode=kode, nama=kode.title(), jenis=jenis, sumber_dana=bc.SumberDana.APBD_KOTA, tahun_anggaran=2026,
            periode_mulai=date(2026, 1, 1), periode_selesai=date(2026, 12, 31), bentuk=bc.BentukBantuan.TUNAI,
            nilai_per_penerima=nilai, **kw,
        )

    sembako = program("sembako", bc.JenisProgram.SEMBAKO, 200_000, frekuensi=bc.Frekuensi.BULANAN)
    ternak = program("ternak", bc.JenisProgram.TERNAK, 3_000_000)
    pkh = program("pkh", bc.JenisProgram.PKH, 750_000, dikelola_dinas=False)

    def usulan(prog, kel, status, dibuat, riwayat):
        u = Usulan.objects.create(
            program=prog, keluarga=kel, status=status, justifikasi="uji", diusulkan_oleh=tksk_kanigaran
        )
        _pada(Usulan, u, dibuat, "dibuat_pada")
        dari = ""
        for ke, waktu in riwayat:
            r = RiwayatStatusUsulan.objects.create(usulan=u, dari=dari, ke=ke, oleh=dinsos)
            _pada(RiwayatStatusUsulan, r, waktu)
            dari = ke
        return u

    def salur(u, tanggal, nilai):
        return Penyaluran.objects.create(
            usulan=u, tanggal=tanggal, bulan=tanggal.replace(day=1), nilai=nilai, diterima_oleh="Penerima",
            dicatat_oleh=dinsos,
        )

    d = dunia
    u1 = usulan(sembako, d["k1"], "disetujui", datetime(2026, 10, 15, 3, tzinfo=UTC), [
        ("diajukan", datetime(2026, 10, 20, 3, tzinfo=UTC)),
        ("disetujui", datetime(2026, 10, 31, 20, tzinfo=UTC)),  # 1 Nov 03:00 WIB → November
    ])
    salur(u1, date(2026, 10, 5), 200_000)
    salur(u1, date(2026, 11, 5), 200_000)
    u2 = usulan(ternak, d["k2"], "disalurkan", datetime(2026, 11, 1, 10, tzinfo=UTC), [
        ("diajukan", datetime(2026, 11, 2, 3, tzinfo=UTC)),
        ("disetujui", datetime(2026, 11, 10, 3, tzinfo=UTC)),
        ("disalurkan", datetime(2026, 11, 15, 3, tzinfo=UTC)),
    ])
    salur(u2, date(2026, 11, 15), None)  # in kind: valued at the program's 3.000.000
    usulan(sembako, d["k3"], "ditolak", datetime(2026, 11, 3, 3, tzinfo=UTC), [
        ("diajukan", datetime(2026, 11, 3, 4, tzinfo=UTC)),
        ("ditolak", datetime(2026, 11, 4, 3, tzinfo=UTC)),
    ])
    u4 = usulan(sembako, d["k5"], "disetujui", datetime(2026, 11, 12, 3, tzinfo=UTC), [
        ("disetujui", datetime(2026, 11, 12, 4, tzinfo=UTC)),
    ])
    salur(u4, date(2026, 11, 20), 200_000)
    PenerimaanEksternal.objects.create(
        program=pkh, keluarga=d["k1"], periode_mulai=date(2026, 7, 1), periode_selesai=date(2026, 12, 31),
        sumber="BNBA PKH 2026",
    )

    kel_kan, kel_suk = wilayah(KEL_KANIGARAN), wilayah(KEL_SUKOHARJO)

    def kunjungan(kel, tanggal, jenis, keluarga_list):
        k = Kunjungan.objects.create(kelurahan=kel, tanggal=tanggal, jenis=jenis, dicatat_oleh=tksk_kanigaran)
        k.keluarga.set(keluarga_list)

    kunjungan(kel_kan, date(2026, 11, 3), "asesmen", [d["k1"], d["k2"]])
    kunjungan(kel_kan, date(2026, 11, 30), "bimbingan_kelompok", [d["k1"]])
    kunjungan(kel_suk, date(2026, 11, 10), "monitoring_bantuan", [d["k3"]])
    kunjungan(kel_kan, date(2026, 10, 31), "asesmen", [d["k1"]])

    def rujukan(kel, kategori, tanggal, status, riwayat):
        r = Rujukan.objects.create(
            keluarga=kel, kategori=kategori, tujuan_lain="Puskesmas", alasan="uji", tanggal=tanggal, status=status,
            dibuat_oleh=tksk_kanigaran,
        )
        for dari, ke, waktu in riwayat:
            rw = RiwayatStatusRujukan.objects.create(rujukan=r, dari_status=dari, ke_status=ke, oleh=tksk_kanigaran)
            _pada(RiwayatStatusRujukan, rw, waktu)

    rujukan(d["k1"], "kesehatan", date(2026, 11, 4), "selesai", [
        ("", "dikirim", datetime(2026, 11, 4, 3, tzinfo=UTC)),
        ("dikirim", "diterima", datetime(2026, 11, 6, 3, tzinfo=UTC)),
        ("diterima", "selesai", datetime(2026, 11, 20, 3, tzinfo=UTC)),
    ])
    rujukan(d["k3"], "pendidikan", date(2026, 10, 20), "diterima", [
        ("", "dikirim", datetime(2026, 10, 20, 3, tzinfo=UTC)),
        ("dikirim", "diterima", datetime(2026, 11, 2, 3, tzinfo=UTC)),
    ])
    tl1 = RencanaTindakLanjut.objects.create(
        keluarga=d["k2"], uraian="Kunjungan ulang", batas_waktu=date(2026, 11, 15), dibuat_oleh=tksk_kanigaran
    )
    _pada(RencanaTindakLanjut, tl1, datetime(2026, 11, 3, 3, tzinfo=UTC), "dibuat_pada")
    tl2 = RencanaTindakLanjut.objects.create(
        keluarga=d["k1"], uraian="Antar ke Puskesmas", batas_waktu=date(2026, 12, 10), status="selesai",
        diselesaikan_pada=datetime(2026, 11, 25, 3, tzinfo=UTC), dibuat_oleh=tksk_kanigaran,
    )
    _pada(RencanaTindakLanjut, tl2, datetime(2026, 11, 5, 3, tzinfo=UTC), "dibuat_pada")
    return d
