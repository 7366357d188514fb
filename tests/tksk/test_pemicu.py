"""The refresh functions of the trigger-kept rollups come from one generator (``tksk.pemicu.sql_segarkan``)
and the migrations that installed them (pmks 0015 / 0018, bantuan 0008 / 0009) installed exactly that SQL."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from bantuan.models import fakta as fakta_penerimaan
from bantuan.models import rollup as rollup_bantuan
from pmks.models import rollup as rollup_registri
from pmks.models import rollup_pendampingan
from tksk.pemicu import sql_segarkan

FUNGSI = re.compile(r"CREATE OR REPLACE FUNCTION (\w+)\(.*?\$\$(.*?)\$\$", re.S)


def _badan(sql: str) -> dict[str, str]:
    return {nama: badan for nama, badan in FUNGSI.findall(sql)}


@pytest.mark.django_db
@pytest.mark.parametrize("modul", [rollup_registri, rollup_pendampingan, rollup_bantuan, fakta_penerimaan])
def test_fungsi_segarkan_terpasang_sama_dengan_yang_dibangkitkan(modul):
    badan = _badan(modul.SQL_SEGARKAN)
    assert badan
    with connection.cursor() as cur:
        for nama, isi in badan.items():
            cur.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", [nama])
            assert cur.fetchall() == [(isi,)], nama


def test_segarkan_mengurangi_fakta_lama_dan_menambah_fakta_baru_per_ukuran():
    sql = sql_segarkan(fungsi="f_segar", kunci_kunci=1, fakta="t_fakta", fungsi_fakta="f_fakta", rollup="t_rollup",
                       grup=("kelurahan_id", "bulan"), ukuran=("a", "b"))
    assert "RETURNING f.kelurahan_id, f.bulan, -f.a AS a, -f.b AS b" in sql
    assert sql.count("ON CONFLICT (kelurahan_id, bulan) DO UPDATE SET a = r.a + EXCLUDED.a, b = r.b + EXCLUDED.b;") == 2
    assert "GROUP BY 1, 2 ORDER BY 1, 2" in sql
    assert "pg_advisory_xact_lock(1, " in sql
    assert "SELECT * FROM f_fakta(ids)" in sql


@pytest.mark.django_db
def test_bangun_ulang_mengisi_ulang_dan_melaporkan_jumlah_baris():
    from pmks.models import RollupRegistri
    from pmks.models.rollup import TABEL
    from tests.factories import KeluargaFactory
    from tksk.pemicu import bangun_ulang

    KeluargaFactory()
    sebelum = sorted(RollupRegistri.objects.values_list("kelurahan_id", "bulan", "jenis_id", "kk", "jiwa"))
    assert bangun_ulang("sidamping_rollup_bangun", TABEL) == len(sebelum)
    assert sorted(RollupRegistri.objects.values_list("kelurahan_id", "bulan", "jenis_id", "kk", "jiwa")) == sebelum


@pytest.mark.django_db
def test_moving_thousands_of_households_in_one_statement_takes_a_bounded_number_of_advisory_locks(admin_user):
    """A kelurahan split moves every household of a kelurahan at once: each rollup / fact class takes at
    most ``KERANJANG_KUNCI`` advisory locks, not one per household (which overflowed the shared lock table)."""
    from pmks.models import FaktaRegistri, Keluarga
    from tests.factories import wilayah
    from tests.laporan.test_rencana_kueri import isi_registri
    from tksk.pemicu import KERANJANG_KUNCI

    isi_registri(jumlah=1200, pengguna_id=admin_user.pk)
    tujuan = wilayah("35.74.04.1003")
    n = Keluarga.objects.exclude(kelurahan=tujuan).update(kelurahan=tujuan)
    assert n > 3 * KERANJANG_KUNCI
    with connection.cursor() as cur:
        cur.execute("SELECT objid::int, classid::int FROM pg_locks"
                    " WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
        kunci = cur.fetchall()
    per_kelas: dict[int, int] = {}
    for _, kelas in kunci:
        per_kelas[kelas] = per_kelas.get(kelas, 0) + 1
    assert per_kelas and max(per_kelas.values()) <= KERANJANG_KUNCI, per_kelas
    # and the moved households' facts followed them
    assert FaktaRegistri.objects.exists()
    assert not FaktaRegistri.objects.exclude(kelurahan_id=tujuan.pk).exists()
