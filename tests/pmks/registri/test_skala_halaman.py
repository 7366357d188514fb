"""Pages whose cost does not grow with the data outside what they show."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmks import ekstensi
from pmks.models import Keluarga
from pmks.registri.sintetis_massal import tulis_massal
from tests.factories import KeluargaFactory, wilayah
from tksk.paginasi import PaginatorTerbatas

pytestmark = pytest.mark.django_db


def _kueri(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_household_detail_query_count_does_not_grow_with_the_rest_of_the_data(client, tksk_kanigaran):
    k = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    client.force_login(tksk_kanigaran)
    url = f"/pmks/keluarga/{k.pk}/"
    sebelum = _kueri(client, url)
    # 150 more households with proposals, distributions, visits and referrals around it
    tulis_massal(jumlah=150, pengguna_id=tksk_kanigaran.pk, awalan="35.74", pengisi=ekstensi.pengisi_sintetis())
    assert _kueri(client, url) == sebelum


def test_list_count_is_capped_so_a_large_area_is_not_counted_row_by_row(client, dinsos):
    tulis_massal(jumlah=40, pengguna_id=dinsos.pk, awalan="35.74")
    paginator = PaginatorTerbatas(Keluarga.objects.order_by("-id"), 25, batas=30)
    assert paginator.count == 30 and paginator.terpotong and paginator.num_pages == 2
    client.force_login(dinsos)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(PaginatorTerbatas.__init__, "__kwdefaults__", {"batas": 30})
        html = client.get("/pmks/").content.decode()
    assert "lebih dari 30 keluarga" in html
