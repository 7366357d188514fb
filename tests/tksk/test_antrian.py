"""The task queue for real: procrastinate's worker runs the jobs (in-process or as a process).

Imports enqueued and processed; a transient failure retried; a killed worker's import recovered;
the daily scan at 07:00 WIB and idempotent.
"""

from __future__ import annotations

import os
import signal
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from pmks.impor import contoh
from pmks.impor.models import Impor, StatusImpor
from pmks.models import Anggota
from pmks.pendampingan.models import RencanaTindakLanjut
from tests.factories import KeluargaFactory, wilayah
from tests.pekerja import jalankan_async, jalankan_pekerja, pekerja_proses, tunggu
from tests.pmks.impor.test_impor import keluarga
from tests.simpan_aman import dengan_token
from tksk import jadwal
from tksk.models import Notifikasi, PreferensiNotifikasi
from tksk.notifikasi import beri_tahu
from tksk.tasks import CRON_PINDAI_HARIAN

from .surel_uji import GagalSekali

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def _berkas_privat(settings, tmp_path):
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path / "privat")
    settings.MEDIA_ROOT = tmp_path / "media"


def _unggah(client, user, data: bytes, nama: str = "data.xlsx") -> Impor:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(user)
    url = reverse("pmks:impor_unggah")
    resp = client.post(url, dengan_token(user, url, {"berkas": SimpleUploadedFile(nama, data)}))
    assert resp.status_code == 302, resp.content.decode()[:300]
    return Impor.objects.latest("pk")


def _job(impor: Impor) -> ProcrastinateJob | None:
    return ProcrastinateJob.objects.filter(pk=int(impor.tugas_id)).first() if impor.tugas_id else None


def test_large_import_is_checked_and_saved_by_the_worker(transactional_db, client, tksk_kanigaran, settings):
    settings.SIDAMPING_IMPOR_BATAS_LANGSUNG = 0  # every file "large": to the queue
    impor = _unggah(client, tksk_kanigaran, contoh.tulis_xlsx(keluarga(1)))
    assert impor.status == StatusImpor.MEMERIKSA and _job(impor).status == "todo"  # the request did not check it
    jalankan_pekerja()
    impor.refresh_from_db()
    assert impor.status == StatusImpor.SIAP
    assert _job(impor) is None  # succeeded jobs are deleted
    client.post(reverse("pmks:impor_konfirmasi", args=[impor.pk]))
    impor.refresh_from_db()
    assert impor.status == StatusImpor.MENYIMPAN and Anggota.objects.count() == 0
    jalankan_pekerja()
    impor.refresh_from_db()
    assert impor.status == StatusImpor.SELESAI and Anggota.objects.count() == 3
    assert list(Notifikasi.objects.filter(penerima=tksk_kanigaran).values_list("jenis", "kunci")) == [
        ("impor_selesai", f"impor:{impor.pk}:selesai"), ("impor_selesai", f"impor:{impor.pk}:siap"),
    ]


def test_email_that_fails_once_is_retried_and_sent_once(transactional_db, tksk_kanigaran, settings):
    settings.EMAIL_BACKEND = "tests.tksk.surel_uji.GagalSekali"
    GagalSekali.gagal_tersisa = 1
    tksk_kanigaran.email = "tksk@contoh.id"
    tksk_kanigaran.save()
    PreferensiNotifikasi.objects.create(pengguna=tksk_kanigaran, kanal=["email"])
    n = beri_tahu(tksk_kanigaran, "usulan_disetujui", "Usulan #9 disetujui", "/bantuan/usulan/9/", kunci="u:9")
    jalankan_pekerja()
    job = ProcrastinateJob.objects.get(task_name="tksk.kirim_notifikasi")
    assert job.status == "todo" and job.attempts == 1 and job.scheduled_at > timezone.now()  # waits, then again
    assert mail.outbox == []
    with connection.cursor() as cur:  # the retry's wait has passed
        cur.execute("UPDATE procrastinate_jobs SET scheduled_at = NOW() WHERE id = %s", [job.pk])
    jalankan_pekerja()
    assert not ProcrastinateJob.objects.filter(pk=job.pk).exists()  # succeeded
    assert [m.to for m in mail.outbox] == [["tksk@contoh.id"]]
    n.refresh_from_db()
    assert n.kanal_terkirim == ["email"]


def test_import_of_a_killed_worker_is_retried_by_the_next_worker(transactional_db, client, tksk_kanigaran, settings):
    settings.SIDAMPING_IMPOR_BATAS_LANGSUNG = 0
    data = contoh.tulis_xlsx([b for _ in range(1500) for b in keluarga(1)])  # several seconds to check
    impor = _unggah(client, tksk_kanigaran, data)
    proses = pekerja_proses()
    try:
        assert tunggu(lambda: Impor.objects.filter(pk=impor.pk, progres__gt=1).exists()), "worker tidak mulai"
        impor.refresh_from_db()
        assert impor.status == StatusImpor.MEMERIKSA and _job(impor).status == "doing"
        os.killpg(proses.pid, signal.SIGKILL)  # the worker and the parser child die mid-check
        proses.wait(10)
    finally:
        if proses.poll() is None:
            os.killpg(proses.pid, signal.SIGKILL)
    assert _job(impor).status == "doing"  # as the dead worker left it
    call_command("impor_pulihkan_macet", "--pekerja-mati")  # bin/run, before starting the worker again
    assert _job(impor).status == "todo" and _job(impor).attempts == 1
    jalankan_pekerja()
    impor.refresh_from_db()
    assert impor.status == StatusImpor.SIAP and impor.jumlah_galat == 0


def test_job_whose_worker_died_again_and_again_is_failed_and_its_import_marked(
    transactional_db, client, tksk_kanigaran, settings
):
    from tksk.antrian import MAKS_PEMULIHAN, tugas_pulihkan_macet

    settings.SIDAMPING_IMPOR_BATAS_LANGSUNG = 0
    impor = _unggah(client, tksk_kanigaran, contoh.tulis_xlsx(keluarga(0)))
    for kali in range(MAKS_PEMULIHAN + 1):  # taken by a worker that then dies, each time
        with app.replace_connector(app.connector.get_worker_connector()):
            async def ambil():
                async with app.open_async():
                    pekerja = await app.job_manager.register_worker()
                    return await app.job_manager.fetch_job(queues=None, worker_id=pekerja)

            assert jalankan_async(ambil) is not None
        hasil = tugas_pulihkan_macet(detik=0)
        assert hasil == ((1, 0) if kali < MAKS_PEMULIHAN else (0, 1))
    assert _job(impor).status == "failed"
    call_command("impor_pulihkan_macet")
    impor.refresh_from_db()
    assert impor.status == StatusImpor.GAGAL and "terhenti" in impor.pesan


def test_daily_scan_is_scheduled_at_seven_in_jakarta():
    from croniter import croniter

    for awal in (datetime(2026, 12, 31, 7, 1, tzinfo=WIB), datetime(2027, 2, 28, 6, 59, tzinfo=WIB)):
        berikut = datetime.fromtimestamp(croniter(CRON_PINDAI_HARIAN).get_next(float, awal.timestamp()), tz=UTC)
        assert berikut.astimezone(WIB).time().isoformat() == "07:00:00"
    tugas = {pt.task.name: pt.cron for pt in app.periodic_registry.periodic_tasks.values()}
    assert tugas["tksk.pindai_harian"] == CRON_PINDAI_HARIAN
    assert "tindak_lanjut_jatuh_tempo" in jadwal.pindaian_terdaftar()


def _tindak_lanjut(tksk, batas: date, uraian: str = "Kunjungan ulang") -> RencanaTindakLanjut:
    k = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    return RencanaTindakLanjut.objects.create(keluarga=k, uraian=uraian, batas_waktu=batas, dibuat_oleh=tksk)


def test_daily_scan_run_twice_by_the_worker_creates_no_duplicate_reminders(
    transactional_db, tksk_kanigaran, tksk_mayangan
):
    from tksk.tasks import pindai_harian

    pukul_tujuh = datetime(2026, 12, 1, 7, 0, tzinfo=WIB)
    hari_ini = pukul_tujuh.date()
    _tindak_lanjut(tksk_kanigaran, hari_ini)
    _tindak_lanjut(tksk_kanigaran, hari_ini - timedelta(days=3), "Antar ke Puskesmas")
    _tindak_lanjut(tksk_kanigaran, hari_ini + timedelta(days=1), "Belum jatuh tempo")
    for _ in range(2):  # e.g. a retry, or an operator running it again
        pindai_harian.defer(timestamp=int(pukul_tujuh.timestamp()))
        jalankan_pekerja()
    judul = sorted(Notifikasi.objects.filter(penerima=tksk_kanigaran).values_list("judul", flat=True))
    assert len(judul) == 2
    assert "jatuh tempo hari ini: Kunjungan ulang" in judul[0] and "terlambat (batas 28/11/2026)" in judul[1]
    assert not Notifikasi.objects.filter(penerima=tksk_mayangan).exists()  # another kecamatan
    assert not ProcrastinateJob.objects.filter(task_name="tksk.pindai_harian").exists()  # both succeeded


def test_a_failing_scan_does_not_stop_the_others(tksk_kanigaran, monkeypatch):
    monkeypatch.setattr(jadwal, "_pindaian", {})  # only the scans of this test

    def rusak(sekarang):
        raise RuntimeError("rusak")

    jadwal.daftarkan_pindaian("rusak", rusak)
    jadwal.daftarkan_pindaian("sehat", lambda sekarang: 3)
    with pytest.raises(jadwal.PindaiGagal, match="rusak"):
        jadwal.jalankan_pindaian(timezone.now())


def test_daily_scan_command_runs_the_registered_scans_idempotently(tksk_kanigaran):
    _tindak_lanjut(tksk_kanigaran, timezone.localdate())
    call_command("pindai_harian")
    call_command("pindai_harian")
    assert Notifikasi.objects.filter(penerima=tksk_kanigaran, jenis="tindak_lanjut_jatuh_tempo").count() == 1


def test_small_import_checked_in_the_request_sends_no_notification(client, tksk_kanigaran):
    impor = _unggah(client, tksk_kanigaran, contoh.tulis_xlsx(keluarga(0)))
    assert impor.status == StatusImpor.SIAP and not impor.tugas_id
    assert not Notifikasi.objects.exists()
