"""Plans that don't depend on the planner's luck (#16): the report, dashboard and list-count queries
are joins / semi-joins / anti-joins and GROUP BY — no SubPlan (hashed or per row) anywhere.

A SubPlan comes from the *shape* of a query (``IN``/``EXISTS`` inside ``OR``, ``FILTER`` or the
select list, ``NOT IN``), not from the data size: hashed while it fits ``work_mem``, it turns into
one subquery per row when the data grows (the 12–40× slower current-month report at 1 M
households). So a few thousand generated rows are enough to check the shape: every SELECT the
figures run is EXPLAINed (FORMAT JSON) and its plan tree walked.
"""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bantuan.cakupan import belum_terjangkau, tumpang_tindih, tumpang_tindih_per_kelurahan
from bantuan.selectors import usulan_antrian
from laporan.management.commands.bench_laporan import isi_bantuan_sintetis
from laporan.periode import Periode
from laporan.selectors import angka_laporan, angka_rekap
from pmks.models import Anggota, JenisPMKS, Keluarga, KlasifikasiPMKS
from pmks.pendampingan.selectors import angka_dasbor, rekap_pendampingan
from pmks.registri import choices as c
from pmks.registri.sintetis import PenomoranUnik, peluang_miskin_untuk, rencana_keluarga
from pmks.registri.sintetis_massal import KOLOM_ANGGOTA_MASSAL, KOLOM_KELUARGA_MASSAL, KOLOM_KLASIFIKASI_MASSAL
from tests.conftest import data_modul, persona
from tksk.models import Wilayah

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("rencana_kueri")]
JUMLAH_KELUARGA = 3000


def isi_registri(*, jumlah: int, pengguna_id: int, seed: int = 16) -> None:
    """``jumlah`` realistic households from the synthetic generator's plans (``pmks.registri.sintetis``),
    written with bulk_create (inside the test's transaction), then ANALYZEd."""
    rng = random.Random(seed)
    kelurahan = list(Wilayah.objects.kelurahan().filter(kode__startswith="35.74.").values_list("id", "kode"))
    jenis = dict(JenisPMKS.objects.values_list("singkatan", "id"))
    nomor = PenomoranUnik(set())
    hari_ini = timezone.localdate()
    sekarang = timezone.now()
    keluarga, anggota, klasifikasi = [], [], []
    for _ in range(jumlah):
        kel_id, kel_kode = rng.choice(kelurahan)
        r = rencana_keluarga(rng, kode_kecamatan=kel_kode[:8], nomor=nomor, hari_ini=hari_ini,
                             peluang_miskin=peluang_miskin_untuk(kel_kode))
        k = r.kondisi
        dibuat = sekarang - timedelta(days=rng.randint(0, 400))
        keluarga.append(dict(zip(KOLOM_KELUARGA_MASSAL[1:], (
            r.no_kk, kel_id, r.alamat, r.rt, r.rw, k["status_kepemilikan_rumah"], k["luas_lantai"], k["lantai"],
            k["dinding"], k["atap"], k["sumber_air_minum"], k["penerangan"], k["fasilitas_bab"], r.desil, "", None,
            r.perkiraan_penghasilan, c.StatusKeluarga.AKTIF, "", "", pengguna_id, dibuat, dibuat,
        ), strict=True)))
        anggota.append([
            dict(zip(KOLOM_ANGGOTA_MASSAL[1:], (
                a.nik, a.nama, a.tempat_lahir, a.tanggal_lahir, a.jenis_kelamin, a.hubungan, a.status_perkawinan,
                a.pendidikan, a.pekerjaan, a.disabilitas, c.StatusHidup.HIDUP, c.StatusAnggota.AKTIF, "", [], "",
                dibuat, dibuat,
            ), strict=True))
            for a in r.anggota
        ])
        klasifikasi.append([
            dict(zip(KOLOM_KLASIFIKASI_MASSAL[1:], (
                jenis[s], hari_ini - timedelta(days=rng.randint(0, 400)), pengguna_id, "", True, "", sekarang,
            ), strict=True))
            for s in r.jenis_pmks if s in jenis
        ])
    dibuat = Keluarga.objects.bulk_create(Keluarga(**k) for k in keluarga)
    Anggota.objects.bulk_create(
        Anggota(keluarga_id=kk.pk, **a) for kk, rows in zip(dibuat, anggota, strict=True) for a in rows
    )
    KlasifikasiPMKS.objects.bulk_create(
        KlasifikasiPMKS(keluarga_id=kk.pk, **x) for kk, rows in zip(dibuat, klasifikasi, strict=True) for x in rows
    )
    with connection.cursor() as cursor:
        for model in (Keluarga, Anggota, KlasifikasiPMKS, Wilayah):
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


def _subplan(rencana: dict) -> list[str]:
    """Every SubPlan in a plan tree (JSON), described by the relations it scans."""
    hasil = []

    def tabel(node: dict) -> set[str]:
        nama = {node["Relation Name"]} if "Relation Name" in node else set()
        for anak in node.get("Plans", []):
            nama |= tabel(anak)
        return nama

    def jalan(node: dict) -> None:
        if node.get("Parent Relationship") == "SubPlan":
            hasil.append(f"{node.get('Subplan Name', 'SubPlan')} over {sorted(tabel(node))}")
        for anak in node.get("Plans", []):
            jalan(anak)

    jalan(rencana["Plan"])
    return hasil


def subplan_dalam(fn) -> dict[str, list[str]]:
    """Run ``fn``, EXPLAIN every SELECT it ran: ``{sql: [SubPlans]}`` for the queries that have any."""
    with CaptureQueriesContext(connection) as ctx:
        fn()
    hasil = {}
    with connection.cursor() as cursor:
        for q in ctx.captured_queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            rencana = cursor.fetchone()[0]
            rencana = rencana[0] if isinstance(rencana, list) else rencana
            if temuan := _subplan(rencana):
                hasil[sql[:300]] = temuan
    return hasil


def _bangun_data_besar() -> Periode:
    isi_registri(jumlah=JUMLAH_KELUARGA, pengguna_id=persona("dinsos").pk)
    periode = Periode.bulan_ini()
    isi_bantuan_sintetis(porsi=0.3, periode=periode)
    return periode


@pytest.fixture(scope="module")
def data_besar(request, django_db_setup, django_db_blocker):
    """The generated city, built once per module (see ``tests.conftest.data_modul``)."""
    yield from data_modul(request, django_db_blocker, _bangun_data_besar)


def test_the_checker_finds_the_subplan_of_an_in_subquery_inside_or(data_besar):
    """The old shape (``IN`` subqueries OR-ed in WHERE) is what the checker must catch."""
    from bantuan.models import PenerimaanEksternal, Usulan

    def lama():
        Keluarga.objects.filter(
            Q(pk__in=Usulan.objects.values("keluarga_id")) | Q(pk__in=PenerimaanEksternal.objects.values("keluarga_id"))
        ).count()

    assert subplan_dalam(lama)


@pytest.mark.parametrize("bulan", ["ini", "lalu"])
def test_monthly_report_and_city_recap_figures_have_no_subplan(data_besar, kec_kanigaran, kota, bulan):
    periode = data_besar if bulan == "ini" else data_besar.sebelumnya
    assert subplan_dalam(lambda: angka_laporan(kecamatan=kec_kanigaran, periode=periode)) == {}
    assert subplan_dalam(lambda: angka_rekap(kota=kota, periode=periode)) == {}


def test_dashboard_figures_have_no_subplan(data_besar, dinsos, tksk_kanigaran):
    assert subplan_dalam(lambda: angka_dasbor(user=dinsos)) == {}
    assert subplan_dalam(lambda: angka_dasbor(user=tksk_kanigaran)) == {}


def test_pendampingan_recap_has_no_subplan(data_besar, kota):
    assert subplan_dalam(lambda: rekap_pendampingan(kecamatan=kota, bulan=data_besar.awal)) == {}


def test_list_counts_have_no_subplan(data_besar, dinsos, tksk_kanigaran):
    awal, akhir = data_besar.awal.replace(month=1), data_besar.tanggal_akhir

    def hitung():
        for user in (dinsos, tksk_kanigaran):
            tumpang_tindih(user=user, mulai=awal, selesai=akhir).count()
            tumpang_tindih_per_kelurahan(user=user, mulai=awal, selesai=akhir)
            belum_terjangkau(user=user).count()
            usulan_antrian(user=user).count()

    assert subplan_dalam(hitung) == {}


def test_generated_data_reaches_every_figure(data_besar, kota, dinsos):
    """The plans above are checked on data that actually fills each figure."""
    from tests.laporan.helpers import tabel

    dok = angka_rekap(kota=kota, periode=data_besar)
    total = tabel(dok, "cakupan_per_unit")["total"]
    assert min(total["pmks"], total["terjangkau"], total["tumpang_tindih"], total["belum_terjangkau"]) > 0
    assert tabel(dok, "registri_ringkasan")["total"]["pmks_kk"] == total["pmks"]
    assert tabel(dok, "pendampingan_per_unit")["total"]["kunjungan"] > 0
