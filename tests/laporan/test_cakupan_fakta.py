"""The coverage figures (report section V, the recap) read from the per-household facts equal the
same figures counted from the households' sets, for the current and the previous month, for a
kelurahan, a kecamatan and the whole city (#16)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from bantuan.cakupan_angka import angka_cakupan, angka_cakupan_dari_awal
from tests.laporan.test_rencana_kueri import data_besar  # noqa: F401 - the generated households
from tksk.models import Wilayah

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("cakupan_fakta")]


def _bersih(angka: dict) -> dict:
    return {k: v for k, v in angka.items() if any(v.values())}


@pytest.mark.parametrize("bulan", ["ini", "lalu"])
@pytest.mark.parametrize("kode", ["35.74", "35.74.04", "35.74.04.1003"])
def test_coverage_figures_from_facts_equal_the_recount_from_household_sets(data_besar, bulan, kode):  # noqa: F811
    periode = data_besar if bulan == "ini" else data_besar.sebelumnya
    ids = list(Wilayah.objects.kelurahan().filter(kode__startswith=kode).values_list("id", flat=True))
    hari = min(periode.tanggal_akhir, timezone.localdate())
    kw = {"kelurahan_ids": ids, "mulai": periode.awal, "selesai": periode.tanggal_akhir, "hari_acuan": hari}
    dari_fakta = _bersih(angka_cakupan(**kw))
    assert dari_fakta == angka_cakupan_dari_awal(**kw)
    if kode == "35.74" and bulan == "ini":  # the generated data (registered this month) fills every figure
        total = {k: sum(v[k] for v in dari_fakta.values()) for k in next(iter(dari_fakta.values()))}
        assert min(total.values()) > 0, total


def test_coverage_figures_of_no_kelurahan_are_empty_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert angka_cakupan(kelurahan_ids=[], mulai=timezone.localdate(), selesai=timezone.localdate(),
                             hari_acuan=timezone.localdate()) == {}
