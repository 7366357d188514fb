"""Pagination whose cost does not grow with the area (tksk.paginasi)."""

from __future__ import annotations

from base64 import urlsafe_b64encode
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import KeluargaFactory, wilayah
from tksk.paginasi import PaginatorKunci, PaginatorTerbatas

pytestmark = pytest.mark.django_db


@pytest.fixture
def dua_puluh_tiga():
    from pmks.models import Keluarga

    kel = wilayah("35.74.04.1003")
    for _ in range(23):
        KeluargaFactory(kelurahan=kel)
    return Keluarga.objects.order_by("-id")


# --- keyset pages (PaginatorKunci) -------------------------------------------------------------------
URUTAN = ("desil", "dibuat_pada", "id")  # a nullable first key (NULLs first), ties on the first two


@pytest.fixture
def keluarga_urut():
    """23 households: 7 without a desil, the rest in three desil values, two registration times."""
    from pmks.models import Keluarga

    kel = wilayah("35.74.04.1003")
    waktu = [timezone.now() - timedelta(days=3), timezone.now() - timedelta(days=1)]
    for i in range(23):
        k = KeluargaFactory(kelurahan=kel, desil=None if i % 3 == 0 else [2, 5, 9][i % 3])
        Keluarga.objects.filter(pk=k.pk).update(dibuat_pada=waktu[i % 2])
    return Keluarga.objects.all()


def _urutan_penuh() -> list[int]:
    from pmks.models import Keluarga

    return list(Keluarga.objects.order_by("-desil", "-dibuat_pada", "-id").values_list("id", flat=True))


def _maju(qs, per: int) -> list[list[int]]:
    """Every page from the first by the "Berikutnya" key."""
    paginator = PaginatorKunci(qs, per, urutan=URUTAN)
    halaman, semua = paginator.pertama(), []
    while True:
        semua.append([k.pk for k in halaman])
        if not halaman.has_next():
            return semua
        halaman = paginator.halaman({"setelah": halaman.token_berikut, "halaman": halaman.next_page_number()})


def test_keyset_pages_show_every_row_once_in_the_lists_order_nulls_first(keluarga_urut):
    for per in (1, 4, 5, 7, 23, 30):
        halaman = _maju(keluarga_urut, per)
        assert [pk for h in halaman for pk in h] == _urutan_penuh(), per
        assert all(len(h) == per for h in halaman[:-1]) and 0 < len(halaman[-1]) <= per


def test_keyset_previous_pages_walk_back_to_the_first_page(keluarga_urut):
    paginator = PaginatorKunci(keluarga_urut, 4, urutan=URUTAN)
    maju = _maju(keluarga_urut, 4)
    halaman = paginator.halaman({"setelah": paginator.token(paginator.kunci_dari(
        paginator.object_list.get(pk=maju[-2][-1]))), "halaman": len(maju)})
    mundur = []
    while True:
        mundur.append([k.pk for k in halaman])
        if not halaman.has_previous():
            break
        halaman = paginator.halaman({"sebelum": halaman.token_sebelum, "halaman": halaman.previous_page_number()})
    assert mundur[::-1] == maju and halaman.number == 1


def test_keyset_page_reads_one_row_comparison_range_without_count_or_offset(keluarga_urut):
    paginator = PaginatorKunci(keluarga_urut, 5, urutan=URUTAN)
    dengan_desil = keluarga_urut.filter(desil__isnull=False).order_by("-desil", "-dibuat_pada", "-id")[2]
    with CaptureQueriesContext(connection) as ctx:
        halaman = paginator.halaman({"setelah": paginator.token(paginator.kunci_dari(dengan_desil))})
        list(halaman)
    assert len(ctx.captured_queries) == 1
    sql = ctx.captured_queries[0]["sql"]
    assert '("pmks_keluarga"."desil", "pmks_keluarga"."dibuat_pada", "pmks_keluarga"."id") <' in sql
    assert "OFFSET" not in sql.upper() and "COUNT(" not in sql.upper() and "LIMIT 6" in sql


def test_keyset_page_after_a_null_key_crosses_to_the_other_rows_in_two_queries_at_most(keluarga_urut):
    paginator = PaginatorKunci(keluarga_urut, 5, urutan=URUTAN)
    tanpa_desil = keluarga_urut.filter(desil__isnull=True).order_by("-dibuat_pada", "-id")
    terakhir_null = tanpa_desil.last()
    with CaptureQueriesContext(connection) as ctx:
        halaman = paginator.halaman({"setelah": paginator.token(paginator.kunci_dari(terakhir_null))})
    penuh = _urutan_penuh()
    awal = penuh.index(terakhir_null.pk) + 1
    assert [k.pk for k in halaman] == penuh[awal:awal + 5] and len(ctx.captured_queries) == 2


def test_keyset_pages_neither_repeat_nor_skip_other_rows_when_rows_are_added_or_move_between_pages(keluarga_urut):
    from pmks.models import Keluarga

    paginator = PaginatorKunci(keluarga_urut, 5, urutan=URUTAN)
    pertama = paginator.pertama()
    dilihat = [k.pk for k in pertama]
    Keluarga.objects.filter(pk=dilihat[0]).update(desil=1)  # a row the user saw moves down the list
    baru = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"), desil=None)  # a new row on top
    sisa = [pk for pk in _urutan_penuh() if pk not in dilihat[1:] and pk != baru.pk]  # it is seen again, once
    halaman, berikut = pertama, []
    while halaman.has_next():
        halaman = paginator.halaman({"setelah": halaman.token_berikut})
        berikut += [k.pk for k in halaman]
    assert berikut == sisa


@pytest.mark.parametrize("token", [
    "", "x", "!!!", "~", "a" * 400,
    urlsafe_b64encode(b"5|2026-01-01T00:00:00+00:00").decode(),  # too few parts
    urlsafe_b64encode(b"11|2026-01-01T00:00:00+00:00|5").decode(),  # desil out of its column's range
    urlsafe_b64encode(b"5|2026-01-01T00:00:00|5").decode(),  # a naive time
    urlsafe_b64encode(b"5|bukan-tanggal|5").decode(),
    urlsafe_b64encode(b"5|2026-01-01T00:00:00+00:00|99999999999999999999999").decode(),  # beyond bigint
    urlsafe_b64encode(b"5|~|5").decode(),  # NULL where the column is NOT NULL
    urlsafe_b64encode(b"\xff\xfe").decode(),
])
@pytest.mark.parametrize("arah", ["setelah", "sebelum"])
def test_keyset_paginator_answers_a_bad_key_with_the_first_page(keluarga_urut, token, arah):
    halaman = PaginatorKunci(keluarga_urut, 5, urutan=URUTAN).halaman({arah: token, "halaman": "x"})
    assert halaman.number == 1 and [k.pk for k in halaman] == _urutan_penuh()[:5] and not halaman.has_previous()


@pytest.mark.parametrize("nomor", ["x", "0", "-3", "", "9" * 40])
def test_keyset_paginator_page_number_is_display_only_and_bounded(keluarga_urut, nomor):
    paginator = PaginatorKunci(keluarga_urut, 5, urutan=URUTAN)
    kunci = paginator.token(paginator.kunci_dari(paginator.pertama().object_list[-1]))
    halaman = paginator.halaman({"setelah": kunci, "halaman": nomor})
    assert 2 <= halaman.number <= PaginatorKunci.BATAS_NOMOR
    assert [k.pk for k in halaman] == _urutan_penuh()[5:10]


def test_capped_count_query_stops_at_the_cap_and_has_no_order_by(dua_puluh_tiga):
    with CaptureQueriesContext(connection) as ctx:
        paginator = PaginatorTerbatas(dua_puluh_tiga, 5, batas=10)
        assert paginator.count == 10 and paginator.terpotong
    sql = ctx.captured_queries[0]["sql"].upper()
    assert "LIMIT 11" in sql and "ORDER BY" not in sql
