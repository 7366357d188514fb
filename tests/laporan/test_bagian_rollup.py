"""Sections II–IV of the report (usulan, penyaluran, pendampingan) and the dashboard's waiting /
visit tiles read the rollups only: every SELECT they run is EXPLAINed and its plan may scan the
rollup tables, programs and regions — never the proposals, their history, distributions, receipts,
visits, referrals, follow-ups or households, whose size grows with the data (#16)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bantuan import choices as c
from bantuan.selectors import jumlah_usulan_menunggu
from bantuan.services import penyaluran as penyaluran_svc
from bantuan.services import usulan as usulan_svc
from laporan.bagian import Lingkup, pendampingan, penyaluran, usulan
from laporan.periode import Periode
from pmks.pendampingan import choices as pc
from pmks.pendampingan import services as pendampingan_svc
from pmks.pendampingan.selectors.rekap import jumlah_kunjungan
from tests.bantuan.conftest import buat_program, keluarga_pmks
from tests.laporan.helpers import tabel
from tksk.models import Wilayah

pytestmark = pytest.mark.django_db

BARIS = {  # tables whose size grows with the data: a section must not read them
    "bantuan_usulan", "bantuan_riwayatstatususulan", "bantuan_penyaluran", "bantuan_penerimaaneksternal",
    "pmks_keluarga", "pmks_kunjungan", "pmks_kunjungan_keluarga", "pmks_rujukan", "pmks_riwayatstatusrujukan",
    "pmks_rencanatindaklanjut",
}


def _relasi(node: dict) -> set[str]:
    nama = {node["Relation Name"]} if "Relation Name" in node else set()
    for anak in node.get("Plans", []):
        nama |= _relasi(anak)
    return nama


def tabel_dibaca(fn) -> set[str]:
    """Every relation in the plans (EXPLAIN FORMAT JSON) of the SELECTs ``fn`` runs."""
    with CaptureQueriesContext(connection) as ctx:
        fn()
    nama: set[str] = set()
    with connection.cursor() as cursor:
        for q in ctx.captured_queries:
            if q["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
                cursor.execute(f"EXPLAIN (FORMAT JSON) {q['sql']}")
                rencana = cursor.fetchone()[0]
                nama |= _relasi((rencana[0] if isinstance(rencana, list) else rencana)["Plan"])
    return nama


@pytest.fixture
def isi(admin_user, kel_kanigaran):
    p = buat_program("sembako-e", c.JenisProgram.SEMBAKO, frekuensi=c.Frekuensi.BULANAN, nilai_per_penerima=200_000)
    k = keluarga_pmks()
    u = usulan_svc.usulan_buat(oleh=admin_user, keluarga=k, program=p, justifikasi="Uji", ajukan=True)
    usulan_svc.usulan_verifikasi(usulan=u, oleh=admin_user)
    usulan_svc.usulan_setujui(usulan=u, oleh=admin_user)
    penyaluran_svc.penyaluran_catat(usulan=u, oleh=admin_user, tanggal=date.today(), diterima_oleh="Siti")
    penyaluran_svc.penerimaan_eksternal_catat(program=p, keluarga=k, periode_mulai=date.today().replace(day=1),
                                              periode_selesai=date.today(), sumber="BNBA uji")
    pendampingan_svc.kunjungan_catat(oleh=admin_user, keluarga=[k], tanggal=date.today(),
                                     jenis=pc.JenisKunjungan.ASESMEN)
    pendampingan_svc.rujukan_buat(oleh=admin_user, keluarga=k, kategori=pc.KategoriRujukan.KESEHATAN, alasan="Uji",
                                  tanggal=date.today(), tujuan_lain="Puskesmas")
    return Periode.bulan_ini()


@pytest.mark.parametrize("kode", ["35.74.04", "35.74"])
def test_report_sections_read_only_the_rollups(isi, kode):
    lingkup = Lingkup.untuk(wilayah=Wilayah.objects.get(kode=kode), periode=isi)
    for bagian in (usulan, penyaluran, pendampingan):
        dibaca = tabel_dibaca(lambda b=bagian: b.bangun(lingkup))
        assert not dibaca & BARIS, (bagian.__name__, sorted(dibaca))
        assert any("rollup" in t for t in dibaca), (bagian.__name__, sorted(dibaca))
    # and the figures are there
    assert tabel({"bagian": [usulan.bangun(lingkup)]}, "usulan_per_program")["total"]["disetujui"] == 1
    assert tabel({"bagian": [penyaluran.bangun(lingkup)]}, "penyaluran_per_program")["total"]["nilai"] == 200_000
    assert tabel({"bagian": [pendampingan.bangun(lingkup)]}, "pendampingan_per_unit")["total"]["kunjungan"] == 1


def test_dashboard_waiting_and_visit_tiles_read_only_the_rollups(isi, kel_kanigaran):
    ids = Wilayah.objects.filter(pk=kel_kanigaran.pk).values("id")
    dibaca = tabel_dibaca(lambda: (jumlah_usulan_menunggu(kelurahan_ids=ids),
                                   jumlah_kunjungan(kelurahan_ids=ids, bulan=isi.awal, per_kecamatan=True)))
    assert not dibaca & BARIS, sorted(dibaca)
