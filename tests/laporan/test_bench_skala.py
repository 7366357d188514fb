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
        tanpa_pdf=True, hasil=hasil, ukuran_tetap=[10, 40], stdout=out,
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
    # the same pages again for the fixed-size subjects, and their growth beside the largest subject's
    for label in (
        "daftar keluarga, TKSK, 25/halaman [tetap]", "daftar keluarga, Dinsos kab/kota, 25/halaman [tetap]",
        "detail keluarga, TKSK [tetap]", "beranda (dasbor), TKSK, dihitung ulang [tetap]",
        "(bulan berjalan) [tetap]", "ekspor keluarga CSV, kab/kota (Dinsos) [tetap]",
        "ukuran subjek (keluarga) per ukuran data", "kecamatan ukuran tetap", "kab/kota ukuran tetap",
        "subjek terbesar vs subjek ukuran tetap",
    ):
        assert label in teks, label
    data = json.loads(hasil.read_text())
    assert not [k for k in data["80"] if k.endswith("[tetap]") and "provinsi" in k], "a TKSK's and a kab/kota's"
    assert set(data) == {"40", "80"}
    assert data["80"]["subjek"]["tetap"]["target"] == [10, 40]
    assert data["80"]["subjek"]["tetap"]["kecamatan"]["keluarga"] > 0
    tetap = data["80"]["cari NIK, TKSK [tetap]"]
    assert tetap["pembanding"] == "cari NIK, TKSK" and tetap["kueri"] > 0
    assert data["80"]["uji beban"]["permintaan"] > 0
    assert data["80"]["uji beban"]["gagal"] == 0
    assert data["80"]["detail keluarga, TKSK"]["kueri"] > 0


@pytest.mark.django_db(transaction=True)
def test_bench_skala_measures_each_size_in_its_own_database(transactional_db):
    """``--basis-data``: one database per size on the same server, measured in one run and compared."""
    import psycopg
    from django.db import connection, connections

    utama = connection.settings_dict["NAME"]
    kedua = f"{utama}_ukuran2"
    param = {k: v for k, v in connection.get_connection_params().items() if k in ("host", "port", "user", "password")}
    connections.close_all()
    with psycopg.connect(dbname="postgres", autocommit=True, **param) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{kedua}"')
        # a template must have no other session: persistent connections (CONN_MAX_AGE) of other threads
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                      "AND pid <> pg_backend_pid()", [utama])
        admin.execute(f'CREATE DATABASE "{kedua}" TEMPLATE "{utama}"')
    try:
        out = io.StringIO()
        call_command("bench_skala", keluarga=[80, 40], basis_data=[kedua, utama], wilayah="35.74", ulang=1,
                     tanpa_beban=True, tanpa_pdf=True, hanya=["daftar keluarga, TKSK"], stdout=out)
        teks = out.getvalue()
        assert "40 keluarga, " in teks and f"(basis data {utama})" in teks
        assert "80 keluarga, " in teks and f"(basis data {kedua})" in teks
        assert teks.index(f"(basis data {utama})") < teks.index(f"(basis data {kedua})"), "smallest size first"
        assert "pertumbuhan terhadap 40 keluarga" in teks
    finally:
        connection.close()
        connection.settings_dict["NAME"] = utama
        with psycopg.connect(dbname="postgres", autocommit=True, **param) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{kedua}" WITH (FORCE)')
