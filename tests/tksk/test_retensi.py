"""Retention (#15): whole monthly partitions past the period are dropped, the rest deleted or
anonymised; twice changes nothing; a dry run changes nothing; current months and legal holds are kept."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import InternalError, connection
from django.db.utils import ProgrammingError
from django.utils import timezone

from pmks.impor.models import Impor, StatusImpor
from pmks.models import AksesData, InsidenKebocoran, JenisAkses, Keluarga
from tests.factories import KeluargaFactory
from tksk import retensi
from tksk.models import Notifikasi
from tksk.partisi import siapkan_partisi, tabel_berpartisi

WIB = ZoneInfo("Asia/Jakarta")
LAMA = datetime(2020, 1, 15, 12, 0, tzinfo=WIB)  # far past every default period


def _partisi(tabel: str) -> set[str]:
    with connection.cursor() as c:
        c.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                  "WHERE i.inhparent = %s::regclass", [tabel])
        return {r[0] for r in c.fetchall()}


def _bulan(d: date) -> str:
    return f"{d.year:04d}{d.month:02d}"


def _hasil(hasil) -> dict[str, tuple[list[str], int]]:
    return {h.kode: (sorted(h.partisi), h.baris) for h in hasil}


@pytest.fixture
def dunia_lama(db, admin_user, settings, tmp_path):
    """Old and new rows in every kind: access log, history, notification, import file, job."""
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path)
    siapkan_partisi(bulan_ke_depan=0, hari_ini=date(2020, 1, 1))  # the old month's partitions
    siapkan_partisi(bulan_ke_depan=2)  # this month and the next two
    keluarga = KeluargaFactory()
    akses_lama = AksesData.objects.create(oleh=admin_user, jenis=JenisAkses.LIHAT_KELUARGA, keluarga=keluarga,
                                          pada=LAMA)
    akses_baru = AksesData.objects.create(oleh=admin_user, jenis=JenisAkses.LIHAT_KELUARGA, keluarga=keluarga)
    event = Keluarga.pgh_event_model.objects.filter(pgh_obj_id=keluarga.pk).latest("pgh_id")
    Keluarga.pgh_event_model.objects.filter(pgh_id=event.pgh_id).update(pgh_created_at=LAMA)
    KeluargaFactory(kelurahan=keluarga.kelurahan)  # a recent history event
    notif_lama = Notifikasi.objects.create(penerima=admin_user, jenis="uji", judul="lama", kunci="lama")
    Notifikasi.objects.filter(pk=notif_lama.pk).update(dibuat_pada=LAMA)
    notif_baru = Notifikasi.objects.create(penerima=admin_user, jenis="uji", judul="baru", kunci="baru")
    impor_lama = Impor.objects.create(oleh=admin_user, nama_berkas="lama.csv", status=StatusImpor.SELESAI,
                                      galat=[[2, "NIK", "NIK 3574010101010001 ganda"]],
                                      berkas=ContentFile(b"NIK\n3574010101010001\n", name="lama.csv"))
    Impor.objects.filter(pk=impor_lama.pk).update(dibuat_pada=LAMA)
    impor_baru = Impor.objects.create(oleh=admin_user, nama_berkas="baru.csv", status=StatusImpor.SELESAI,
                                      berkas=ContentFile(b"NIK\n", name="baru.csv"))
    with connection.cursor() as c:
        c.execute("INSERT INTO procrastinate_jobs (queue_name, task_name, status) VALUES "
                  "('default', 'uji.lama', 'succeeded'), ('default', 'uji.antre', 'todo') RETURNING id")
        lama_id, antre_id = [r[0] for r in c.fetchall()]
        c.execute("INSERT INTO procrastinate_events (job_id, type, at) VALUES (%s, 'succeeded', %s), "
                  "(%s, 'deferred', %s)", [lama_id, LAMA, antre_id, LAMA])
    return {
        "keluarga": keluarga, "akses_lama": akses_lama, "akses_baru": akses_baru, "event": event,
        "notif_lama": notif_lama, "notif_baru": notif_baru, "impor_lama": impor_lama, "impor_baru": impor_baru,
        "tugas_lama": lama_id, "tugas_antre": antre_id, "berkas_lama": impor_lama.berkas.path,
    }


def _jumlah_semua() -> dict[str, int]:
    with connection.cursor() as c:
        hasil = {}
        for tabel, _ in tabel_berpartisi():
            c.execute(f"SELECT count(*) FROM {connection.ops.quote_name(tabel)}")
            hasil[tabel] = c.fetchone()[0]
        c.execute("SELECT count(*) FROM procrastinate_jobs")
        hasil["procrastinate_jobs"] = c.fetchone()[0]
    hasil["notifikasi"] = Notifikasi.objects.count()
    hasil["impor_berkas"] = Impor.objects.exclude(berkas="").count()
    return hasil


@pytest.mark.django_db
def test_every_month_partitioned_table_has_a_retention_period():
    diatur = {t for j in retensi.jenis_terdaftar().values() for t in j.daftar_tabel()}
    assert {t for t, _ in tabel_berpartisi()} <= diatur


def test_defaults_are_documented_with_a_reason():
    jenis = retensi.jenis_terdaftar()
    assert {"akses", "ekspor", "unduhan_laporan", "riwayat", "notifikasi", "berkas_impor", "tugas"} <= set(jenis)
    assert jenis["akses"].bulan == 24 and jenis["riwayat"].bulan == 60
    assert all(j.alasan and j.bulan >= 1 for j in jenis.values())


def test_retention_drops_only_the_partitions_past_the_period(dunia_lama):
    d = dunia_lama
    kini = _bulan(timezone.localdate())
    hasil = _hasil(retensi.terapkan_retensi())

    assert "pmks_aksesdata_p202001" in hasil["akses"][0]
    assert "pmks_keluargaevent_p202001" in hasil["riwayat"][0]
    assert "pmks_aksesdata_p202001" not in _partisi("pmks_aksesdata")
    assert "pmks_keluargaevent_p202001" not in _partisi("pmks_keluargaevent")
    # the current and future months stay, with their rows
    assert f"pmks_aksesdata_p{kini}" in _partisi("pmks_aksesdata")
    assert all(not n.endswith(kini) for j in hasil.values() for n in j[0])
    assert not AksesData.objects.filter(pk=d["akses_lama"].pk).exists()
    assert AksesData.objects.filter(pk=d["akses_baru"].pk).exists()
    assert not Keluarga.pgh_event_model.objects.filter(pgh_id=d["event"].pgh_id).exists()
    assert Keluarga.pgh_event_model.objects.exists()


def test_retention_deletes_or_anonymises_what_is_not_partitioned(dunia_lama):
    d = dunia_lama
    retensi.terapkan_retensi()
    assert not Notifikasi.objects.filter(pk=d["notif_lama"].pk).exists()
    assert Notifikasi.objects.filter(pk=d["notif_baru"].pk).exists()
    lama = Impor.objects.get(pk=d["impor_lama"].pk)  # the record stays, the file and rows go
    assert not lama.berkas and lama.galat == [] and lama.nama_berkas == "lama.csv"
    import os

    assert not os.path.exists(d["berkas_lama"])
    assert Impor.objects.get(pk=d["impor_baru"].pk).berkas
    with connection.cursor() as c:
        c.execute("SELECT id FROM procrastinate_jobs WHERE id IN (%s, %s)", [d["tugas_lama"], d["tugas_antre"]])
        assert [r[0] for r in c.fetchall()] == [d["tugas_antre"]]  # a queued job is never removed


def test_running_retention_twice_changes_nothing_the_second_time(dunia_lama):
    pertama = _hasil(retensi.terapkan_retensi())
    assert any(baris for _, baris in pertama.values())
    sebelum = _jumlah_semua()
    kedua = _hasil(retensi.terapkan_retensi())
    assert all(partisi == [] and baris == 0 for partisi, baris in kedua.values()), kedua
    assert _jumlah_semua() == sebelum


def test_a_dry_run_changes_nothing_and_reports_what_a_real_run_removes(dunia_lama):
    sebelum = _jumlah_semua()
    partisi_sebelum = _partisi("pmks_aksesdata") | _partisi("pmks_keluargaevent")
    kering = _hasil(retensi.terapkan_retensi(kering=True))
    assert _jumlah_semua() == sebelum
    assert _partisi("pmks_aksesdata") | _partisi("pmks_keluargaevent") == partisi_sebelum
    assert "pmks_aksesdata_p202001" in kering["akses"][0]
    assert _hasil(retensi.terapkan_retensi()) == kering


def test_the_command_dry_run_prints_what_would_go_and_keeps_it(dunia_lama):
    keluar = StringIO()
    call_command("terapkan_retensi", "--kering", stdout=keluar)
    teks = keluar.getvalue()
    assert "pmks_aksesdata_p202001" in teks and "Uji kering" in teks
    assert "pmks_aksesdata_p202001" in _partisi("pmks_aksesdata")
    call_command("terapkan_retensi", stdout=StringIO())
    assert "pmks_aksesdata_p202001" not in _partisi("pmks_aksesdata")


def test_even_the_shortest_period_keeps_the_current_and_previous_month(dunia_lama, settings):
    settings.SIDAMPING_RETENSI_BULAN = {k: 1 for k in retensi.jenis_terdaftar()}
    hari_ini = timezone.localdate()
    bulan_lalu = (hari_ini.replace(day=1) - timedelta(days=1))
    siapkan_partisi(bulan_ke_depan=0, hari_ini=bulan_lalu)
    retensi.terapkan_retensi()
    ada = _partisi("pmks_aksesdata")
    assert {f"pmks_aksesdata_p{_bulan(bulan_lalu)}", f"pmks_aksesdata_p{_bulan(hari_ini)}"} <= ada
    assert AksesData.objects.filter(pk=dunia_lama["akses_baru"].pk).exists()


def test_a_period_of_zero_keeps_that_kind_forever(dunia_lama, settings):
    settings.SIDAMPING_RETENSI_BULAN = {"akses": 0}
    hasil = _hasil(retensi.terapkan_retensi())
    assert hasil["akses"] == ([], 0)
    assert "pmks_aksesdata_p202001" in _partisi("pmks_aksesdata")


def test_an_open_breach_incident_holds_the_logs_of_its_period(dunia_lama, admin_user):
    insiden = InsidenKebocoran.objects.create(
        judul="Akun TKSK dipakai orang lain", ditemukan_pada=timezone.now(), terjadi_sejak=date(2020, 1, 20),
        uraian="x", data_terdampak="NIK", dicatat_oleh=admin_user,
    )
    assert retensi.ditahan_sejak() == date(2020, 1, 20)
    retensi.terapkan_retensi()
    assert "pmks_aksesdata_p202001" in _partisi("pmks_aksesdata")  # the month the breach began is held
    assert AksesData.objects.filter(pk=dunia_lama["akses_lama"].pk).exists()
    InsidenKebocoran.objects.filter(pk=insiden.pk).update(ditutup_pada=timezone.now())
    retensi.terapkan_retensi()
    assert "pmks_aksesdata_p202001" not in _partisi("pmks_aksesdata")


def test_old_access_log_rows_in_the_default_partition_go_but_the_log_stays_append_only(db, admin_user):
    lama = datetime(2019, 6, 1, 10, 0, tzinfo=WIB)  # no partition for that month: the default one
    baris = AksesData.objects.create(oleh=admin_user, jenis=JenisAkses.EKSPOR, pada=lama)
    with connection.cursor() as c:
        c.execute("SELECT tableoid::regclass::text FROM pmks_aksesdata WHERE id = %s", [baris.pk])
        assert c.fetchone()[0] == "pmks_aksesdata_default"
    assert _hasil(retensi.terapkan_retensi())["akses"][1] >= 1
    assert not AksesData.objects.filter(pk=baris.pk).exists()
    baru = AksesData.objects.create(oleh=admin_user, jenis=JenisAkses.EKSPOR)
    with pytest.raises((InternalError, ProgrammingError)):
        AksesData.objects.filter(pk=baru.pk).delete()


def test_retention_runs_daily_as_a_periodic_job():
    from procrastinate.contrib.django import app

    from tksk.tasks import CRON_RETENSI

    tugas = {pt.task.name: pt.cron for pt in app.periodic_registry.periodic_tasks.values()}
    assert tugas["tksk.terapkan_retensi"] == CRON_RETENSI
