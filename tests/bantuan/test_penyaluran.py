"""Distribution: one per month for monthly programs, once for one-off aid; monitoring after it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bantuan import choices as c
from bantuan.services import penerima as penerima_svc
from bantuan.services import penyaluran as penyaluran_svc
from tests.simpan_aman import versi_kini

from .conftest import TAHUN, tanggal_lalu, usulan_status

S = c.StatusUsulan
pytestmark = pytest.mark.django_db


def test_monthly_program_allows_one_distribution_per_month(dinsos, tksk_kanigaran, sembako, keluarga):
    u = usulan_status(sembako, keluarga, S.DISETUJUI, oleh=tksk_kanigaran)
    p = penyaluran_svc.penyaluran_catat(usulan=u, oleh=dinsos, tanggal=tanggal_lalu(1, 5), diterima_oleh="Siti")
    u.refresh_from_db()
    assert u.status == S.DISALURKAN and p.nilai == 200_000 and p.bulan == date(TAHUN, 1, 1)
    with pytest.raises(ValidationError, match="bulan Januari .* sudah dicatat"):
        penyaluran_svc.penyaluran_catat(usulan=u, oleh=dinsos, tanggal=tanggal_lalu(1, 28), diterima_oleh="Siti")
    if date(TAHUN, 2, 5) <= timezone.localdate():
        penyaluran_svc.penyaluran_catat(usulan=u, oleh=tksk_kanigaran, tanggal=date(TAHUN, 2, 5), diterima_oleh="Siti")
        assert u.penyaluran.count() == 2
    assert u.riwayat.filter(ke=S.DISALURKAN).count() == 1


def test_one_off_aid_is_distributed_once(dinsos, tksk_kanigaran, ternak, keluarga):
    u = usulan_status(ternak, keluarga, S.DISETUJUI, oleh=tksk_kanigaran)
    penyaluran_svc.penyaluran_catat(
        usulan=u, oleh=dinsos, tanggal=tanggal_lalu(1, 5), diterima_oleh="Budi", jumlah_barang=2
    )
    with pytest.raises(ValidationError, match="hanya disalurkan sekali"):
        penyaluran_svc.penyaluran_catat(usulan=u, oleh=dinsos, tanggal=timezone.localdate(), diterima_oleh="Budi")


def test_distribution_refused_before_approval_for_inactive_recipient_in_future_and_for_pejabat(
    dinsos, tksk_kanigaran, pejabat_kota, sembako, keluarga
):
    u = usulan_status(sembako, keluarga, S.DIVERIFIKASI, oleh=tksk_kanigaran)
    with pytest.raises(ValidationError, match="hanya untuk usulan yang disetujui"):
        penyaluran_svc.penyaluran_catat(usulan=u, oleh=dinsos, tanggal=tanggal_lalu(1, 5), diterima_oleh="Siti")
    u.status = S.DISETUJUI
    u.save()
    with pytest.raises(PermissionDenied):
        penyaluran_svc.penyaluran_catat(usulan=u, oleh=pejabat_kota, tanggal=tanggal_lalu(1, 5), diterima_oleh="Siti")
    with pytest.raises(ValidationError, match="masa depan"):
        penyaluran_svc.penyaluran_catat(usulan=u, oleh=dinsos, tanggal=timezone.localdate() + timedelta(days=1),
                             diterima_oleh="Siti")
    penerima_svc.penerima_nonaktifkan(
        usulan=u, oleh=dinsos, versi=versi_kini(u), alasan="meninggal", keterangan="Wafat"
    )
    with pytest.raises(ValidationError, match="tidak aktif"):
        penyaluran_svc.penyaluran_catat(usulan=u, oleh=dinsos, tanggal=tanggal_lalu(1, 5), diterima_oleh="Siti")


def test_monitoring_of_livestock_and_business(dinsos, tksk_kanigaran, ternak, modal, keluarga, sembako):
    t = usulan_status(ternak, keluarga, S.DISETUJUI, oleh=tksk_kanigaran)
    with pytest.raises(ValidationError, match="setelah bantuan disalurkan"):
        penyaluran_svc.monitoring_catat(usulan=t, oleh=tksk_kanigaran, tanggal=timezone.localdate(), ternak_hidup=2)
    penyaluran_svc.penyaluran_catat(usulan=t, oleh=dinsos, tanggal=tanggal_lalu(1, 5), diterima_oleh="Budi")
    with pytest.raises(ValidationError, match="ternak yang hidup wajib"):
        penyaluran_svc.monitoring_catat(usulan=t, oleh=tksk_kanigaran, tanggal=timezone.localdate())
    m = penyaluran_svc.monitoring_catat(usulan=t, oleh=tksk_kanigaran, tanggal=timezone.localdate(), ternak_hidup=3,
                             ternak_lahir=1)
    assert m.ternak_hidup == 3
    s = usulan_status(sembako, keluarga, S.DISALURKAN, oleh=tksk_kanigaran)
    with pytest.raises(ValidationError, match="hanya untuk bantuan ternak dan modal usaha"):
        penyaluran_svc.monitoring_catat(
            usulan=s, oleh=tksk_kanigaran, tanggal=timezone.localdate(), usaha_berjalan=True
        )
