"""The proposal queue at province scale: paged without counting the area, same scope either way."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bantuan import choices as c
from bantuan.selectors import usulan_antrian
from pmks.registri import selectors as registri
from tests.conftest import KODE

from .conftest import keluarga_pmks, usulan_status

S = c.StatusUsulan
pytestmark = pytest.mark.django_db


@pytest.fixture
def antrean(sembako, tksk_kanigaran, tksk_mayangan):
    kanigaran = [usulan_status(sembako, keluarga_pmks(), S.DIAJUKAN, oleh=tksk_kanigaran) for _ in range(7)]
    kanigaran.append(usulan_status(sembako, keluarga_pmks(), S.DRAFT, oleh=tksk_kanigaran))
    mayangan = [usulan_status(sembako, keluarga_pmks(KODE["kel_mayangan"]), S.DIVERIFIKASI, oleh=tksk_mayangan)
                for _ in range(3)]
    return kanigaran, mayangan


def _tautan(html: str, label: str) -> str | None:
    m = re.search(r'href="(\?[^"]*)">[^<]*' + label, html)
    return m and m.group(1).replace("&amp;", "&")


def _halaman_antrean(client, url: str, monkeypatch) -> list[list[int]]:
    """Every page from ``url`` by its "Berikutnya" link; then back by "Sebelumnya" gives the same pages."""
    monkeypatch.setattr("bantuan.views.usulan.PER_HALAMAN", 3)
    hasil, r = [], client.get(url)
    while True:
        hasil.append([u.pk for u in r.context["halaman"].object_list])
        if not (berikut := _tautan(r.content.decode(), "Berikutnya")):
            break
        r = client.get(url.split("?")[0] + berikut)
    mundur = [hasil[-1]]
    while sebelum := _tautan(r.content.decode(), "&lsaquo; Sebelumnya"):
        r = client.get(url.split("?")[0] + sebelum)
        mundur.append([u.pk for u in r.context["halaman"].object_list])
    assert mundur[::-1] == hasil
    return hasil


def test_queue_pages_show_every_proposal_of_the_area_exactly_once(client, dinsos, tksk_kanigaran, antrean,
                                                                   monkeypatch):
    kanigaran, mayangan = antrean
    client.force_login(dinsos)
    halaman = _halaman_antrean(client, "/bantuan/", monkeypatch)
    semua = [pk for h in halaman for pk in h]
    assert len(halaman) == 4 and sorted(semua) == sorted(u.pk for u in kanigaran + mayangan)
    client.force_login(tksk_kanigaran)
    semua = [pk for h in _halaman_antrean(client, "/bantuan/?status=menunggu", monkeypatch) for pk in h]
    assert sorted(semua) == sorted(u.pk for u in kanigaran[:7])
    semua = [pk for h in _halaman_antrean(client, "/bantuan/", monkeypatch) for pk in h]  # the draft on top
    assert semua[0] == kanigaran[-1].pk and sorted(semua) == sorted(u.pk for u in kanigaran)


def test_queue_page_does_not_count_the_proposals_of_the_area(client, dinsos, antrean):
    client.force_login(dinsos)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/bantuan/").status_code == 200
    hitung = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper() and "bantuan_usulan" in q["sql"]]
    assert hitung == []


def test_queue_scope_is_the_same_by_kelurahan_ids_and_by_code_prefix(dinsos, tksk_kanigaran, antrean, monkeypatch):
    per_id = {u: list(usulan_antrian(user=u).values_list("pk", flat=True)) for u in (dinsos, tksk_kanigaran)}
    monkeypatch.setattr(registri, "BATAS_DAFTAR_KELURAHAN", 1)  # every area now "too large": the prefix join
    assert registri.kelurahan_ids_lingkup(dinsos) is None
    per_awalan = {u: list(usulan_antrian(user=u).values_list("pk", flat=True)) for u in (dinsos, tksk_kanigaran)}
    assert per_id == per_awalan
    assert len(per_id[dinsos]) == 11 and len(per_id[tksk_kanigaran]) == 8


def test_queue_of_a_user_without_an_area_is_empty(antrean):
    from tests.factories import PenggunaFactory

    tanpa = PenggunaFactory(username="tanpa.wilayah", peran="tksk", wilayah=None)
    assert list(usulan_antrian(user=tanpa)) == []
