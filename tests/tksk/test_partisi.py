"""History events and the download/export logs are partitioned by month; retention drops a month."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from pmks.models import Keluarga
from tests.factories import KeluargaFactory
from tksk.partisi import partisi_buang_sebelum, siapkan_partisi, tabel_berpartisi

WIB = ZoneInfo("Asia/Jakarta")
TABEL = {
    "pmks_keluargaevent", "pmks_anggotaevent", "pmks_klasifikasipmksevent", "pmks_kunjunganevent",
    "pmks_ekspor", "laporan_riwayatunduhan",
}


def _partisi_dari(tabel: str, pgh_id: int) -> str:
    with connection.cursor() as c:
        c.execute(f"SELECT tableoid::regclass::text FROM {tabel} WHERE pgh_id = %s", [pgh_id])
        return c.fetchone()[0]


def _partisi(tabel: str) -> list[str]:
    with connection.cursor() as c:
        c.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass ORDER BY 1", [tabel],
        )
        return [r[0] for r in c.fetchall()]


@pytest.mark.django_db
def test_history_and_log_tables_are_partitioned_by_month():
    assert TABEL <= {t for t, _ in tabel_berpartisi()}


@pytest.mark.django_db
def test_a_change_of_a_household_lands_in_this_months_history_partition():
    keluarga = KeluargaFactory()
    event = Keluarga.pgh_event_model.objects.filter(pgh_obj_id=keluarga.pk).latest("pgh_id")
    bulan = event.pgh_created_at.astimezone(WIB).strftime("%Y%m")
    assert _partisi_dari("pmks_keluargaevent", event.pgh_id) == f"pmks_keluargaevent_p{bulan}"


@pytest.mark.django_db
def test_preparing_partitions_twice_creates_them_once_and_moves_stray_rows_out_of_default():
    siapkan_partisi(bulan_ke_depan=2)
    assert siapkan_partisi(bulan_ke_depan=2) == []
    # a row far in the future lands in the default partition, and moves when its month is created
    keluarga = KeluargaFactory()
    nanti = datetime(2031, 5, 10, 9, 0, tzinfo=WIB)
    event = Keluarga.pgh_event_model.objects.filter(pgh_obj_id=keluarga.pk).latest("pgh_id")
    Keluarga.pgh_event_model.objects.filter(pgh_id=event.pgh_id).update(pgh_created_at=nanti)
    assert _partisi_dari("pmks_keluargaevent", event.pgh_id) == "pmks_keluargaevent_default"
    dibuat = siapkan_partisi(bulan_ke_depan=0, hari_ini=date(2031, 5, 1))
    assert "pmks_keluargaevent_p203105" in dibuat
    assert _partisi_dari("pmks_keluargaevent", event.pgh_id) == "pmks_keluargaevent_p203105"


@pytest.mark.django_db
def test_retention_drops_whole_old_months_and_keeps_the_rest():
    keluarga = KeluargaFactory()
    lama = datetime(2020, 1, 15, 12, 0, tzinfo=WIB)
    siapkan_partisi(bulan_ke_depan=0, hari_ini=date(2020, 1, 1))
    event = Keluarga.pgh_event_model.objects.filter(pgh_obj_id=keluarga.pk).latest("pgh_id")
    Keluarga.pgh_event_model.objects.filter(pgh_id=event.pgh_id).update(pgh_created_at=lama)
    assert _partisi_dari("pmks_keluargaevent", event.pgh_id) == "pmks_keluargaevent_p202001"
    baru = Keluarga.pgh_event_model.objects.filter(pgh_obj_id=keluarga.pk).exclude(pgh_id=event.pgh_id).count()

    assert partisi_buang_sebelum("pmks_keluargaevent", date(2021, 1, 1)) == ["pmks_keluargaevent_p202001"]
    assert "pmks_keluargaevent_p202001" not in _partisi("pmks_keluargaevent")
    assert not Keluarga.pgh_event_model.objects.filter(pgh_id=event.pgh_id).exists()
    assert Keluarga.pgh_event_model.objects.filter(pgh_obj_id=keluarga.pk).count() == baru
    assert partisi_buang_sebelum("pmks_keluargaevent", date(2021, 1, 1)) == []  # twice: nothing more
