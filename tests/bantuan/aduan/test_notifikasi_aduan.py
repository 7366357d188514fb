"""Complaint notifications are created exactly once per event: assigned to me (intake, reassignment),
deadline approaching / passed (the daily scan, run twice, through tksk.jadwal)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bantuan.aduan import choices as ac
from bantuan.aduan import services as svc
from tests.factories import PenggunaFactory, wilayah
from tksk import jadwal
from tksk.models import Notifikasi, Pengguna

from .helpers import aduan_baru

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def test_the_tksk_hears_once_that_a_complaint_taken_by_dinsos_is_assigned(dinsos, tksk_kanigaran):
    aduan = aduan_baru(dinsos)
    kedua = PenggunaFactory(username="tksk.kedua", peran="tksk", wilayah=wilayah("35.74.04"))
    catatan = Notifikasi.objects.filter(jenis="aduan_ditugaskan")
    assert list(catatan.values_list("penerima", flat=True)) == [tksk_kanigaran.pk]
    assert f"/aduan/{aduan.pk}/" == catatan.get().url
    svc.aduan_alihkan(aduan=aduan, oleh=dinsos, petugas=kedua)
    assert catatan.filter(penerima=kedua).count() == 1
    assert catatan.count() == 2


def test_a_tksk_taking_a_complaint_is_not_told_about_it(tksk_kanigaran):
    aduan_baru(tksk_kanigaran)
    assert not Notifikasi.objects.exists()


def test_the_daily_scan_run_twice_notifies_each_deadline_event_once(tksk_kanigaran, dinsos):
    telat = aduan_baru(tksk_kanigaran, jenis=ac.JenisAduan.SANGGAH, kategori=ac.KategoriAduan.SANGGAH_EKSKLUSI,
                       tanggal_terima=date(2026, 1, 1))
    pagi = datetime(2026, 2, 1, 7, 0, tzinfo=WIB)
    assert "aduan_tenggat" in jadwal.pindaian_terdaftar()
    assert jadwal.jalankan_pindaian(pagi)["aduan_tenggat"] == 1
    assert jadwal.jalankan_pindaian(pagi)["aduan_tenggat"] == 0
    terlambat = Notifikasi.objects.filter(jenis="aduan_terlambat", url=f"/aduan/{telat.pk}/")
    dinsos_kota = Pengguna.objects.filter(peran="dinsos", wilayah__kode="35.74").values_list("pk", flat=True)
    assert dinsos.pk in dinsos_kota
    assert sorted(terlambat.values_list("penerima", flat=True)) == sorted([tksk_kanigaran.pk, *dinsos_kota])
    assert terlambat.count() == len(set(terlambat.values_list("penerima", flat=True)))
