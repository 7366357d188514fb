"""Pagination whose cost does not grow with the area (tksk.paginasi)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import KeluargaFactory, wilayah
from tksk.paginasi import PaginatorTanpaHitung, PaginatorTerbatas

pytestmark = pytest.mark.django_db


@pytest.fixture
def dua_puluh_tiga():
    from pmks.models import Keluarga

    kel = wilayah("35.74.04.1003")
    for _ in range(23):
        KeluargaFactory(kelurahan=kel)
    return Keluarga.objects.order_by("-id")


def test_uncounted_pages_show_every_row_exactly_once_and_end_on_the_last_row(dua_puluh_tiga):
    semua = list(dua_puluh_tiga.values_list("id", flat=True))
    dilihat, nomor = [], 1
    while True:
        paginator = PaginatorTanpaHitung(dua_puluh_tiga, 5)
        halaman = paginator.get_page(nomor)
        dilihat += [k.id for k in halaman.object_list]
        if not halaman.has_next():
            break
        nomor = halaman.next_page_number()
    assert dilihat == semua
    assert nomor == 5 and paginator.count == 23 and halaman.end_index() == 23


def test_uncounted_page_reads_its_rows_with_one_query_and_never_counts(dua_puluh_tiga):
    with CaptureQueriesContext(connection) as ctx:
        halaman = PaginatorTanpaHitung(dua_puluh_tiga, 5).get_page(2)
        baris = list(halaman.object_list)
    assert len(baris) == 5 and halaman.has_next() and halaman.has_previous()
    assert len(ctx.captured_queries) == 1
    sql = ctx.captured_queries[0]["sql"]
    assert "COUNT(" not in sql.upper() and "LIMIT 6 OFFSET 5" in sql  # one extra row: is there a next page?


@pytest.mark.parametrize("nomor", ["x", "0", "-3", "99", ""])
def test_uncounted_paginator_answers_a_bad_or_too_far_page_number_with_a_page(dua_puluh_tiga, nomor):
    halaman = PaginatorTanpaHitung(dua_puluh_tiga, 5).get_page(nomor)
    assert halaman.number == 1 and len(halaman.object_list) == 5


def test_uncounted_paginator_stops_at_the_depth_cap(dua_puluh_tiga):
    paginator = PaginatorTanpaHitung(dua_puluh_tiga, 5, batas=10)
    halaman = paginator.get_page(2)
    assert not halaman.has_next()  # rows 11–23 are beyond the cap: narrow with a filter
    assert paginator.get_page(3).number == 1


def test_capped_count_query_stops_at_the_cap_and_has_no_order_by(dua_puluh_tiga):
    with CaptureQueriesContext(connection) as ctx:
        paginator = PaginatorTerbatas(dua_puluh_tiga, 5, batas=10)
        assert paginator.count == 10 and paginator.terpotong
    sql = ctx.captured_queries[0]["sql"].upper()
    assert "LIMIT 11" in sql and "ORDER BY" not in sql
