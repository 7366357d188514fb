"""``manage.py bench_skala`` at a tiny size, so the benchmark command cannot rot."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command


@pytest.mark.django_db(transaction=True)
def test_bench_skala_prints_every_page_the_growth_between_sizes_and_a_load_test(transactional_db, tmp_path):
    out = io.StringIO()
    hasil = tmp_path / "hasil.json"
    call_command(
        "bench_skala", keluarga=[40, 80], wilayah="35.74", ulang=1, beban_detik=2, pengguna_beban=4, pekerja=1,
        tanpa_pdf=True, hasil=hasil, stdout=out,
    )
    teks = out.getvalue()
    for label in (
        "daftar keluarga, TKSK", "daftar keluarga, Dinsos kab/kota", "cari NIK, TKSK",
        "cari nama \u201cDedi\u201d, TKSK", "salah ketik \u201cSulastry\u201d", "detail keluarga, TKSK",
        "antrean usulan, Dinsos", "beranda (dasbor), Dinsos",
        "beranda (dasbor), TKSK", "tumpang tindih, Dinsos", "belum terjangkau, TKSK", "(bulan lalu)",
        "(bulan berjalan)", "rekap Kota Probolinggo", "rekap provinsi", "ekspor keluarga CSV",
        "pertumbuhan terhadap 40 keluarga", "permintaan/s",
    ):
        assert label in teks, label
    data = json.loads(hasil.read_text())
    assert set(data) == {"40", "80"}
    assert data["80"]["uji beban"]["permintaan"] > 0
    assert data["80"]["uji beban"]["gagal"] == 0
    assert data["80"]["detail keluarga, TKSK"]["kueri"] > 0
