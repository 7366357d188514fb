"""The deadline clock: per kind (admin-configurable), from the receipt date in Asia/Jakarta, across
month ends; one function for tepat waktu / hampir jatuh tempo / terlambat; the idempotent daily scan."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from bantuan.aduan import choices as ac
from bantuan.aduan import services as svc
from bantuan.aduan.selectors import keadaan_tenggat
from bantuan.models import Aduan, PeringatanTenggatAduan, TenggatAduan

from .helpers import aduan_baru, aduan_pada

pytestmark = pytest.mark.django_db
T = ac.StatusTenggat
WIB = ZoneInfo("Asia/Jakarta")
UTC = ZoneInfo("UTC")


def sanggah(tksk, **kw):
    return aduan_baru(tksk, jenis=ac.JenisAduan.SANGGAH, kategori=ac.KategoriAduan.SANGGAH_EKSKLUSI, **kw)


@pytest.mark.parametrize(("terima", "tenggat"), [
    (date(2026, 1, 31), date(2026, 2, 14)),
    (date(2026, 2, 20), date(2026, 3, 6)),  # February has 28 days in 2026
    (date(2024, 2, 20), date(2024, 3, 5)),  # ... and 29 in 2024
    (date(2025, 12, 25), date(2026, 1, 8)),  # across the year end
])
def test_a_sanggah_is_due_14_days_after_receipt_across_month_ends(tksk_kanigaran, terima, tenggat):
    assert sanggah(tksk_kanigaran, tanggal_terima=terima).tenggat == tenggat


def test_the_receipt_date_is_the_jakarta_date_of_intake(tksk_kanigaran, monkeypatch):
    # 31 January 17:30 UTC is already 1 February 00:30 in Jakarta.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 1, 31, 17, 30, tzinfo=UTC))
    keluarga = None
    from tests.bantuan.conftest import keluarga_pmks

    keluarga = keluarga_pmks()
    aduan = svc.aduan_terima(
        oleh=tksk_kanigaran, jenis=ac.JenisAduan.SANGGAH, kategori=ac.KategoriAduan.SANGGAH_EKSKLUSI,
        saluran=ac.SaluranAduan.TELEPON, uraian="Layak tapi belum menerima", anonim=True, keluarga=keluarga,
    )
    assert aduan.tanggal_terima == date(2026, 2, 1)
    assert aduan.tenggat == date(2026, 2, 15)


def test_the_administrator_sets_the_deadline_per_kind_for_new_complaints(tksk_kanigaran):
    lama = sanggah(tksk_kanigaran, tanggal_terima=date(2026, 3, 1))
    TenggatAduan.objects.update_or_create(jenis=ac.JenisAduan.SANGGAH, defaults={"hari": 7, "hari_peringatan": 2})
    baru = sanggah(tksk_kanigaran, tanggal_terima=date(2026, 3, 1))
    assert baru.tenggat == date(2026, 3, 8)
    assert Aduan.objects.get(pk=lama.pk).tenggat == date(2026, 3, 15)  # open deadlines do not move
    TenggatAduan.objects.all().delete()
    assert sanggah(tksk_kanigaran, tanggal_terima=date(2026, 3, 1)).tenggat == date(2026, 3, 15)  # the default


def test_default_deadline_rows_are_editable_in_the_admin(admin_client):
    assert TenggatAduan.objects.get(jenis=ac.JenisAduan.SANGGAH).hari == 14
    resp = admin_client.get("/admin/bantuan/tenggataduan/")
    assert resp.status_code == 200 and "Sanggah" in resp.content.decode()


@pytest.mark.parametrize(("hari_ini", "keadaan"), [
    (date(2026, 2, 10), T.TEPAT_WAKTU),  # 4 days before
    (date(2026, 2, 11), T.HAMPIR),  # 3 days before (default warning)
    (date(2026, 2, 14), T.HAMPIR),  # the deadline day itself
    (date(2026, 2, 15), T.TERLAMBAT),  # from the day after
    (date(2026, 3, 1), T.TERLAMBAT),
])
def test_one_function_gives_the_state_of_an_undecided_complaint(tksk_kanigaran, hari_ini, keadaan):
    aduan = sanggah(tksk_kanigaran, tanggal_terima=date(2026, 1, 31))
    assert keadaan_tenggat(aduan, hari_ini=hari_ini) == keadaan


@pytest.mark.parametrize(("diputuskan_utc", "keadaan"), [
    (datetime(2026, 2, 14, 16, 30, tzinfo=UTC), T.TEPAT_WAKTU),  # 14 Feb 23:30 WIB: the deadline day
    (datetime(2026, 2, 14, 17, 30, tzinfo=UTC), T.TERLAMBAT),  # 15 Feb 00:30 WIB: one day late
])
def test_the_clock_stops_at_the_decision_counted_in_jakarta_time(personas, diputuskan_utc, keadaan):
    aduan = aduan_pada(ac.StatusAduan.DIPUTUSKAN, tksk=personas["tksk_kanigaran"], dinsos=personas["dinsos"],
                       jenis=ac.JenisAduan.SANGGAH, kategori=ac.KategoriAduan.SANGGAH_EKSKLUSI,
                       tanggal_terima=date(2026, 1, 31))
    Aduan.objects.filter(pk=aduan.pk).update(diputuskan_pada=diputuskan_utc)
    aduan.refresh_from_db()
    # whatever "today" is afterwards
    assert keadaan_tenggat(aduan, hari_ini=date(2026, 6, 1)) == keadaan


def test_overdue_queryset_agrees_with_the_state_function(tksk_kanigaran):
    a = sanggah(tksk_kanigaran, tanggal_terima=date(2026, 1, 31))
    assert list(Aduan.objects.terlambat(date(2026, 2, 14))) == []
    assert list(Aduan.objects.terlambat(date(2026, 2, 15))) == [a]


def test_the_daily_scan_run_twice_creates_no_duplicate_warnings(tksk_kanigaran, personas):
    hampir = sanggah(tksk_kanigaran, tanggal_terima=date(2026, 1, 31))  # due 14 Feb
    telat = sanggah(tksk_kanigaran, tanggal_terima=date(2026, 1, 20))  # due 3 Feb
    sanggah(tksk_kanigaran, tanggal_terima=date(2026, 2, 10))  # due 24 Feb: on time
    diputus = aduan_pada(ac.StatusAduan.DIPUTUSKAN, tksk=tksk_kanigaran, dinsos=personas["dinsos"],
                         tanggal_terima=date(2026, 1, 1))  # decided: the clock stopped
    pagi = datetime(2026, 2, 12, 7, 0, tzinfo=WIB)
    pertama = svc.aduan_pindai_tenggat(pagi)
    assert {(p.aduan_id, p.keadaan) for p in pertama} == {(hampir.pk, T.HAMPIR), (telat.pk, T.TERLAMBAT)}
    assert svc.aduan_pindai_tenggat(pagi) == []
    assert svc.aduan_pindai_tenggat(pagi + timedelta(days=1)) == []
    # three days later the first one is overdue too: one new warning, once
    nanti = svc.aduan_pindai_tenggat(pagi + timedelta(days=3))
    assert [(p.aduan_id, p.keadaan) for p in nanti] == [(hampir.pk, T.TERLAMBAT)]
    assert svc.aduan_pindai_tenggat(pagi + timedelta(days=3)) == []
    assert PeringatanTenggatAduan.objects.count() == 3
    assert not PeringatanTenggatAduan.objects.filter(aduan=diputus).exists()
