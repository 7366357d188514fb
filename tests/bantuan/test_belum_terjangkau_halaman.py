"""The "belum terjangkau" page's ids (#16): ``belum_terjangkau_halaman`` gives exactly the rows, order and
total of the one list ``belum_terjangkau(user=…)`` on generated data, page by page and for every role,
with ties in desil and PMKS types (so the members' key, the registration date and the id decide), types
no program targets (they still count as the household's types) and a program for any type; its plan
runs no subquery per row and reads no household by primary key."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bantuan.cakupan import belum_terjangkau
from bantuan.cakupan_halaman import belum_terjangkau_halaman
from laporan.management.commands.bench_laporan import isi_bantuan_sintetis
from laporan.periode import Periode
from pmks.models import JenisPMKS, Keluarga
from tests.conftest import KODE, data_modul, persona
from tests.factories import AnggotaFactory, KlasifikasiPMKSFactory
from tests.laporan.test_rencana_kueri import isi_registri
from tksk.models import Wilayah

from .conftest import keluarga_pmks
from .test_belum_terjangkau_fakta import AREA_TABEL, PER_KELUARGA, _program, _rencana, _simpul
from .test_tumpang_tindih_halaman import halaman_sesuai

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("belum_terjangkau_halaman")]
KELURAHAN = (KODE["kel_kanigaran"], KODE["kel_sukoharjo"], KODE["kel_mayangan"])
PERSONA = ["dinsos", "tksk_kanigaran", "tksk_mayangan", "admin_user"]


def _bangun_kota() -> None:
    """Generated households over the city with aid, plus eligible households in three kelurahan with
    equal desil and type counts, a second type no program targets, elderly/disabled members and the
    same registration time (so every ordering key is needed)."""
    dinsos = persona("dinsos")
    isi_registri(jumlah=3000, pengguna_id=dinsos.pk)
    isi_bantuan_sintetis(porsi=0.3, periode=Periode.bulan_ini())
    _program("fm-d4", ["FM"], 4)
    _program("lut-bebas", ["LUT"], None)
    adk = JenisPMKS.objects.get(singkatan="ADK")
    waktu = timezone.now() - timedelta(days=30)
    for i in range(48):
        k = keluarga_pmks(KELURAHAN[i % 3], singkatan=["FM", "LUT"][i % 2], desil=[None, 1, 2, 3][i % 4])
        if i % 3 == 0:
            KlasifikasiPMKSFactory(keluarga=k, jenis=adk, dinilai_oleh=dinsos)  # a type no program targets
        for j in range(i % 3):
            a = AnggotaFactory(keluarga=k, hubungan="anak", tanggal_lahir=date(1950 + j, 1, 1))
            if i % 4 == 1:  # the household's type again on a member: still one type
                KlasifikasiPMKSFactory(keluarga=k, anggota=a, jenis=k.klasifikasi.first().jenis, dinilai_oleh=dinsos)
        if i % 5 == 0:
            AnggotaFactory(keluarga=k, hubungan="anak", disabilitas="fisik")
        if i % 2:
            Keluarga.objects.filter(pk=k.pk).update(dibuat_pada=waktu)
    with connection.cursor() as cur:
        for t in AREA_TABEL:
            cur.execute(f"ANALYZE {t}")


@pytest.fixture(scope="module")
def data_kota(request, django_db_setup, django_db_blocker):
    """Built once for the module (see ``tests.conftest.data_modul``)."""
    yield from data_modul(request, django_db_blocker, _bangun_kota)


def _semua(user, **kw) -> list[tuple[int, int]]:
    daftar = list(belum_terjangkau(user=user, **kw).values_list("pk", flat=True))
    return [(pk, len(daftar)) for pk in daftar]


def _halaman_sama(user, **kw) -> int:
    harapan = _semua(user, **kw)
    n = len(harapan)
    for awal, jumlah in [(0, 7), (7, 7), (3, 40), (max(n - 5, 0), 10), (0, n + 5), (n, 7), (n + 100, 7)]:
        assert belum_terjangkau_halaman(user=user, awal=awal, jumlah=jumlah, **kw) == harapan[awal:awal + jumlah], (
            awal, jumlah)
    return n


def test_page_ids_equal_the_list_rows_order_and_total_for_every_role(data_kota, request):
    hari_ini = timezone.localdate()
    for siapa in PERSONA:  # one data set for every role (generating it is most of the test's time)
        assert _halaman_sama(request.getfixturevalue(siapa), hari_ini=hari_ini) > 20, siapa


def test_page_ids_equal_the_list_with_a_program_for_any_type_and_another_day(data_kota, dinsos, tksk_kanigaran):
    _program("semua-d2", [], 2)  # every type eligible up to desil 2
    for hari_ini in (timezone.localdate(), timezone.localdate() + timedelta(days=400)):
        _halaman_sama(dinsos, hari_ini=hari_ini)
        _halaman_sama(tksk_kanigaran, hari_ini=hari_ini)


def test_page_ids_of_one_kelurahan_and_outside_the_area(data_kota, dinsos, tksk_kanigaran):
    for kode in (KODE["kel_kanigaran"], KODE["kel_sukoharjo"]):
        assert _halaman_sama(dinsos, kelurahan=Wilayah.objects.get(kode=kode).pk) > 0
    mayangan = Wilayah.objects.get(kode=KODE["kel_mayangan"]).pk  # another kecamatan: not the TKSK's
    assert belum_terjangkau(user=tksk_kanigaran, kelurahan=mayangan).count() == 0
    assert belum_terjangkau_halaman(user=tksk_kanigaran, kelurahan=mayangan, awal=0, jumlah=50) == []


def test_belum_terjangkau_page_shows_the_list_page_and_total(data_kota, client, dinsos):
    client.force_login(dinsos)
    halaman_sesuai(client, "/bantuan/belum-terjangkau/", [pk for pk, _ in _semua(dinsos)])


def test_page_plan_runs_no_subquery_per_row_and_reads_no_household_by_primary_key(data_kota, tksk_kanigaran):
    with CaptureQueriesContext(connection) as ctx:
        belum_terjangkau_halaman(user=tksk_kanigaran, awal=0, jumlah=50)
    assert len(ctx.captured_queries) == 3  # the programs, the area's ids, the page
    simpul = list(_simpul(_rencana(ctx.captured_queries[-1]["sql"])))
    assert not [n for n in simpul if n.get("Parent Relationship") == "SubPlan"]
    dibaca = {n.get("Relation Name") for n in simpul} - {None}
    assert dibaca <= {*PER_KELUARGA, "pmks_anggota"}  # neither the facts nor the households themselves
    for n in simpul:
        syarat = n.get("Index Cond", "") + n.get("Recheck Cond", "")
        if n.get("Relation Name") in PER_KELUARGA:
            assert n["Node Type"] != "Seq Scan", n
            assert "kelurahan_id" in syarat, n  # the area's range, never a household by its key
        if n.get("Relation Name") == "pmks_anggota":  # only the members of the page's (desil, types) groups
            assert n["Node Type"] != "Seq Scan" and "keluarga_id" in syarat, n
