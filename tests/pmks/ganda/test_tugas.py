"""The scan runs off-request: the 07:00 scan and "Pindai sekarang" queue one job per kab/kota; the real
worker runs them; a second run proposes nothing new."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from procrastinate.contrib.django.models import ProcrastinateJob

from pmks.ganda.models import PasanganDuplikat
from pmks.ganda.services import pindai_minta
from tests.pekerja import jalankan_pekerja
from tksk import jadwal

from .helpers import KEL_MAYANGAN, keluarga, pasangan

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("transactional_db")]


def _antre() -> int:
    return ProcrastinateJob.objects.filter(task_name="pmks.ganda_pindai_kabkota", status="todo").count()


def test_daily_scan_queues_the_kab_kota_scans_and_the_worker_finds_the_pair():
    x = keluarga(nama_kepala="Bambang Sutrisno", lahir=date(1971, 8, 3)).kepala_uji
    y = keluarga(KEL_MAYANGAN, nama_kepala="Bambang Sutrisna", lahir=date(1971, 8, 3)).kepala_uji
    assert "duplikat" in jadwal.pindaian_terdaftar()
    for _ in range(2):
        hasil = jadwal.jalankan_pindaian(datetime(2026, 12, 1, 0, 0, tzinfo=UTC))
        assert hasil["duplikat"] >= 1
        jalankan_pekerja()
    assert pasangan(x, y) is not None
    assert PasanganDuplikat.objects.filter(anggota_a_id=min(x.pk, y.pk), anggota_b_id=max(x.pk, y.pk)).count() == 1


def test_scan_on_demand_is_queued_once_while_waiting(dinsos):
    assert pindai_minta(user=dinsos) == 1  # Kota Probolinggo
    assert pindai_minta(user=dinsos) == 0  # already waiting: the queueing lock refuses a second job
    assert _antre() == 1
