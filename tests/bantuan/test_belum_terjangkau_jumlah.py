"""The dashboard's "belum terjangkau" figure (#16): ``jumlah_belum_terjangkau`` counts the grouped query
without reading households back, and equals the list's length (``belum_terjangkau(...).count()``) for
every role and area, after changes that move households in and out of the rule; its plan reads no
household by primary key. On the same generated city: the list's and the count's plans read only the
area (range scans, no lookup per household, no table scanned outside it)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bantuan import choices as c
from bantuan.cakupan import belum_terjangkau
from bantuan.cakupan_halaman import jumlah_belum_terjangkau
from laporan.management.commands.bench_laporan import isi_bantuan_sintetis
from laporan.periode import Periode
from pmks.models import Keluarga
from tests.conftest import KODE, data_modul, persona
from tests.laporan.test_rencana_kueri import isi_registri
from tksk.models import Wilayah

from .conftest import keluarga_pmks, usulan_status
from .test_belum_terjangkau_fakta import AREA_TABEL, KELURAHAN, PER_KELUARGA, _program, _rencana, _simpul

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data_dua_kota"),
              pytest.mark.xdist_group("belum_terjangkau_jumlah")]
PERSONA = ["dinsos", "tksk_kanigaran", "tksk_mayangan", "admin_user"]


def _bangun_dua_kota() -> None:
    """Generated households over the whole city with aid in realistic proportions (on a few dozen rows
    any index is as cheap as another, so the plan would be luck), plus eligible ones in the area."""
    isi_registri(jumlah=3000, pengguna_id=persona("dinsos").pk)
    isi_bantuan_sintetis(porsi=0.3, periode=Periode.bulan_ini())
    _program("fm-d4", ["FM"], 4)
    _program("lut-bebas", ["LUT"], None)
    for i in range(30):
        keluarga_pmks(KELURAHAN[i % 3], singkatan=["FM", "LUT"][i % 2], desil=1 + i % 9)
    with connection.cursor() as cur:
        for t in AREA_TABEL:
            cur.execute(f"ANALYZE {t}")


@pytest.fixture(scope="module")
def data_dua_kota(request, django_db_setup, django_db_blocker):
    """Built once for the module (see ``tests.conftest.data_modul``)."""
    yield from data_modul(request, django_db_blocker, _bangun_dua_kota)


def _sama(request, hari_ini) -> None:
    for siapa in PERSONA:
        user = request.getfixturevalue(siapa)
        assert jumlah_belum_terjangkau(user=user, hari_ini=hari_ini) == belum_terjangkau(
            user=user, hari_ini=hari_ini).count(), siapa


def test_count_equals_the_list_length_for_every_role_and_after_changes(request, tksk_kanigaran):
    hari_ini = timezone.localdate()
    assert jumlah_belum_terjangkau(user=tksk_kanigaran, hari_ini=hari_ini) > 0
    _sama(request, hari_ini)
    _sama(request, hari_ini + timedelta(days=400))
    layak = list(belum_terjangkau(user=tksk_kanigaran, hari_ini=hari_ini)[:3])
    program = _program("fm-d9", ["FM", "LUT"], 9)
    usulan_status(program, layak[0], c.StatusUsulan.DIAJUKAN, oleh=tksk_kanigaran)  # being proposed: out
    Keluarga.objects.filter(pk=layak[1].pk).update(status="pindah")  # not active: out
    Keluarga.objects.filter(pk=layak[2].pk).update(kelurahan=Wilayah.objects.get(kode=KODE["kel_mayangan"]))
    _sama(request, hari_ini)


def test_count_of_one_kelurahan_equals_the_filtered_list(dinsos):
    hari_ini = timezone.localdate()
    for kode in (KODE["kel_kanigaran"], KODE["kel_sukoharjo"]):
        kel = Wilayah.objects.get(kode=kode).pk
        assert jumlah_belum_terjangkau(user=dinsos, kelurahan=kel, hari_ini=hari_ini) == belum_terjangkau(
            user=dinsos, kelurahan=kel, hari_ini=hari_ini).count()


def test_count_plan_reads_no_household_by_primary_key_and_queries_stay_three(tksk_kanigaran):
    with CaptureQueriesContext(connection) as ctx:
        jumlah_belum_terjangkau(user=tksk_kanigaran)
    assert len(ctx.captured_queries) == 3  # the programs, the area's ids, the count
    simpul = list(_simpul(_rencana(ctx.captured_queries[-1]["sql"])))
    assert not [n for n in simpul if n.get("Parent Relationship") == "SubPlan"]
    assert {n.get("Relation Name") for n in simpul} - {None} == PER_KELUARGA  # no facts, no household rows
    for n in simpul:
        if n.get("Relation Name") in PER_KELUARGA:
            assert n["Node Type"] != "Seq Scan", n
            assert "kelurahan_id" in n.get("Index Cond", "") + n.get("Recheck Cond", ""), n


def test_count_plan_scans_only_the_area_and_reads_no_classification_per_household(tksk_kanigaran):
    with CaptureQueriesContext(connection) as ctx:
        belum_terjangkau(user=tksk_kanigaran).count()
    sql = [q["sql"] for q in ctx.captured_queries if "COUNT(*)" in q["sql"]][-1]
    simpul = list(_simpul(_rencana(sql)))
    dibaca = [n for n in simpul if n.get("Relation Name") in AREA_TABEL]
    assert {n["Relation Name"] for n in dibaca} == {"pmks_keluarga", *PER_KELUARGA}
    for n in dibaca:
        assert n["Node Type"] != "Seq Scan", n
        syarat = n.get("Index Cond", "") + n.get("Recheck Cond", "")
        if n["Relation Name"] == "pmks_keluarga" and "kelurahan_id" not in syarat:
            # the only other access: the primary key of a household the grouped area query returned
            assert syarat.startswith("(id = ") and "keluarga_id" in syarat, (n.get("Index Name"), syarat)
        else:  # the per-household rows and the households: range scans of the area's kelurahan
            assert "kelurahan_id" in syarat, n
    assert not [n for n in simpul if n.get("Parent Relationship") == "SubPlan"]


def test_list_plan_looks_up_members_and_types_only_for_the_eligible_rows(tksk_kanigaran):
    with CaptureQueriesContext(connection) as ctx:
        list(belum_terjangkau(user=tksk_kanigaran).values_list("pk", flat=True)[:50])
    simpul = list(_simpul(_rencana(ctx.captured_queries[-1]["sql"])))
    for n in simpul:
        if n.get("Relation Name") in AREA_TABEL:
            assert n["Node Type"] != "Seq Scan", n
    # the ordering's counts: index lookups by household key, per eligible row (which index and whether
    # index-only depends on the visibility map, which a test's uncommitted rows never set; on the 1 M
    # data set they are the covering anggota_aktif_rentan / klasifikasi_aktif_keluarga, index-only)
    urut = [n for n in simpul if n.get("Relation Name") in {"pmks_anggota", "pmks_klasifikasipmks"}]
    assert urut, simpul
    for n in urut:
        assert n["Node Type"] in {"Index Scan", "Index Only Scan"}, n
        assert n.get("Index Cond", "").startswith("(keluarga_id = "), n
