"""The dashboard's "belum terjangkau" figure (#16): ``jumlah_belum_terjangkau`` counts the grouped query
without reading households back, and equals the list's length (``belum_terjangkau(...).count()``) for
every role and area, after changes that move households in and out of the rule; its plan reads no
household by primary key."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bantuan import choices as c
from bantuan.cakupan import belum_terjangkau
from bantuan.cakupan_halaman import jumlah_belum_terjangkau
from pmks.models import Keluarga
from tests.conftest import KODE
from tksk.models import Wilayah

from .conftest import usulan_status
from .test_belum_terjangkau_fakta import _program, _rencana, _simpul, data_dua_kota  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data_dua_kota")]
PERSONA = ["dinsos", "tksk_kanigaran", "tksk_mayangan", "admin_user"]


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
    for n in simpul:
        if n.get("Relation Name") in {"pmks_keluarga", "pmks_faktaregistri", "bantuan_faktapenerimaan"}:
            assert n["Node Type"] != "Seq Scan", n
            assert "kelurahan_id" in n.get("Index Cond", "") + n.get("Recheck Cond", ""), n
