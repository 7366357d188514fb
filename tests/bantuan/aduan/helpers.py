"""Complaints for tests, moved along the workflow through the real services."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from bantuan.aduan import choices as ac
from bantuan.aduan import services as svc
from tests.bantuan.conftest import keluarga_pmks

S = ac.StatusAduan
TELEPON = "081234567890"


def aduan_baru(oleh, *, keluarga=None, jenis=ac.JenisAduan.PERBAIKAN_DATA, kategori=ac.KategoriAduan.DATA_SALAH,
               tanggal_terima: date | None = None, **kw):
    """A complaint received by ``oleh`` (by phone), about ``keluarga`` (a new Kanigaran household by default)."""
    if keluarga is None and not kw.get("subjek_nama"):
        keluarga = keluarga_pmks()
    data = {
        "oleh": oleh, "jenis": jenis, "kategori": kategori, "saluran": ac.SaluranAduan.TELEPON,
        "tanggal_terima": tanggal_terima or timezone.localdate(), "uraian": "Tanggal lahir kepala keluarga salah.",
        "pelapor_nama": "Bu Sulastri", "pelapor_telepon": TELEPON, "pelapor_hubungan": ac.HubunganPelapor.TETANGGA,
        "keluarga": keluarga,
    }
    data.update(kw)
    return svc.aduan_terima(**data)


def aduan_pada(status: str, *, tksk, dinsos, keputusan: str = ac.Keputusan.DIKABULKAN, **kw):
    """A complaint brought to ``status`` by TKSK (intake, verification) and Dinas Sosial (decision, rest)."""
    aduan = aduan_baru(tksk, **kw)
    if status == S.DITERIMA:
        return aduan
    aduan = svc.aduan_verifikasi(aduan=aduan, oleh=tksk, tanggal=timezone.localdate(), hasil="Sesuai laporan.")
    if status == S.DIVERIFIKASI:
        return aduan
    aduan = svc.aduan_putuskan(aduan=aduan, oleh=dinsos, keputusan=keputusan, alasan="Hasil verifikasi lapangan.")
    if status == S.DIPUTUSKAN:
        return aduan
    if keputusan == ac.Keputusan.DIKABULKAN:
        aduan = svc.aduan_tindak_lanjuti(
            aduan=aduan, oleh=dinsos, jenis=ac.JenisTindakLanjut.LAINNYA, keterangan="Data dicek ulang."
        )
        if status == S.DITINDAKLANJUTI:
            return aduan
    return svc.aduan_selesaikan(aduan=aduan, oleh=dinsos)
