"""The load test of ``manage.py bench_skala``: each page alone with its CPU, then the closed loop and
the run with think time, each labelled (which one the #16 target is judged on)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command


@pytest.mark.django_db(transaction=True)
def test_load_test_prints_page_cpu_a_closed_loop_and_a_think_time_run_each_labelled(transactional_db, tmp_path):
    out = io.StringIO()
    hasil = tmp_path / "hasil.json"
    call_command(
        "bench_skala", keluarga=[40], wilayah="35.74", ulang=1, beban_detik=2, pengguna_beban=4, pekerja=2,
        benang=2, jeda_pikir="0.1-0.3", tanpa_pdf=True, hanya=["beban"], hasil=hasil, stdout=out,
    )
    teks = out.getvalue()
    assert "beban per halaman" in teks and "CPU gunicorn" in teks and "CPU PostgreSQL" in teks
    assert "TANPA jeda pikir" in teks and "(ukuran kejenuhan, bukan target)" in teks
    assert "DENGAN jeda pikir 0.1–0.3 s" in teks and "target #16 (p95 < 500 ms)" in teks
    assert "gunicorn 2 worker × 2 thread" in teks
    data = json.loads(hasil.read_text())["40"]
    for kunci in ("uji beban", "uji beban jeda pikir"):
        assert data[kunci]["permintaan"] > 0 and data[kunci]["gagal"] == 0, kunci
    per_halaman = data["uji beban per halaman"]
    assert {"tksk /pmks/", "dinsos /bantuan/", "tksk detail keluarga"} <= set(per_halaman)
    assert all(h["ms"] > 0 and h["cpu_app_ms"] >= 0 and h["cpu_db_ms"] >= 0 for h in per_halaman.values())
