"""The offline download is paged (#12 item 6): keyset pages of bounded size that together hold every
household of the TKSK's kecamatan exactly once, also when households are added during the download."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from pmks.luring.selectors import per_halaman_unduhan
from tests.factories import AnggotaFactory, KeluargaFactory

pytestmark = pytest.mark.django_db


def _klien(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _semua_halaman(klien, **param) -> list[dict]:
    halaman, setelah = [], None
    while True:
        q = dict(param, **({"setelah": setelah} if setelah is not None else {}))
        resp = klien.get("/luring/unduh/", q)
        assert resp.status_code == 200, resp.content
        j = resp.json()
        halaman.append(j)
        setelah = j["berikutnya"]
        if setelah is None:
            return halaman
        assert len(halaman) < 100, "unduhan tidak berakhir"


def test_pages_together_hold_every_household_exactly_once_and_each_is_bounded(
    settings, tksk_kanigaran, kel_kanigaran, kel_sukoharjo, kel_mayangan
):
    settings.SIDAMPING_LURING_PER_HALAMAN = 7
    milik = {KeluargaFactory(kelurahan=kel_kanigaran if i % 2 else kel_sukoharjo).pk for i in range(30)}
    lain = KeluargaFactory(kelurahan=kel_mayangan)  # another kecamatan: never downloaded
    KeluargaFactory(kelurahan=kel_kanigaran, status="pindah")  # inactive: never downloaded
    halaman = _semua_halaman(_klien(tksk_kanigaran))
    ids = [k["id"] for h in halaman for k in h["keluarga"]]
    assert len(ids) == len(set(ids)) == 30 and set(ids) == milik and lain.pk not in ids
    assert [len(h["keluarga"]) for h in halaman] == [7, 7, 7, 7, 2]
    assert halaman[0]["jumlah"] == 30 and halaman[0]["kecamatan"] == "Kecamatan Kanigaran"
    assert "label" in halaman[0] and all("label" not in h for h in halaman[1:])  # the first page only


def test_a_phone_cannot_ask_for_a_page_larger_than_the_bound(settings, tksk_kanigaran, kel_kanigaran):
    settings.SIDAMPING_LURING_PER_HALAMAN = 5
    for _ in range(8):
        KeluargaFactory(kelurahan=kel_kanigaran)
    j = _klien(tksk_kanigaran).get("/luring/unduh/", {"ukuran": "100000"}).json()
    assert len(j["keluarga"]) == 5 and j["ukuran_halaman"] == 5
    assert len(_klien(tksk_kanigaran).get("/luring/unduh/", {"ukuran": "3"}).json()["keluarga"]) == 3


def test_households_added_during_the_download_arrive_once_and_none_is_skipped(
    settings, tksk_kanigaran, kel_kanigaran
):
    settings.SIDAMPING_LURING_PER_HALAMAN = 4
    awal = {KeluargaFactory(kelurahan=kel_kanigaran).pk for _ in range(10)}
    klien = _klien(tksk_kanigaran)
    pertama = klien.get("/luring/unduh/").json()
    baru = KeluargaFactory(kelurahan=kel_kanigaran).pk  # registered while the phone downloads
    ids = [k["id"] for k in pertama["keluarga"]]
    setelah = pertama["berikutnya"]
    while setelah is not None:  # the phone resumes at its cursor (e.g. after a lost signal)
        j = klien.get("/luring/unduh/", {"setelah": setelah}).json()
        ids += [k["id"] for k in j["keluarga"]]
        setelah = j["berikutnya"]
    assert sorted(ids) == sorted(awal | {baru})


def test_a_full_page_stays_under_half_a_megabyte(tksk_kanigaran, kel_kanigaran):
    """~2.3 KB per household of 4: a 200-household page is ~0.5 MB, not the 4.5 MB of 2,000 at once."""
    ukuran = per_halaman_unduhan()
    for _ in range(ukuran + 1):
        k = KeluargaFactory(kelurahan=kel_kanigaran)
        AnggotaFactory.create_batch(3, keluarga=k)
    resp = _klien(tksk_kanigaran).get("/luring/unduh/")
    j = resp.json()
    assert len(j["keluarga"]) == ukuran == 200 and j["berikutnya"] is not None
    assert len(resp.content) < 600 * 1024, len(resp.content)
    kedua = _klien(tksk_kanigaran).get("/luring/unduh/", {"setelah": j["berikutnya"]})
    assert len(kedua.json()["keluarga"]) == 1
    print(f"halaman penuh: {len(resp.content)} byte untuk {ukuran} keluarga ({len(resp.content) / ukuran:.0f} "
          f"byte/keluarga); halaman berikutnya tanpa label: {len(kedua.content)} byte untuk 1 keluarga")
    assert json.loads(kedua.content)["berikutnya"] is None


@pytest.mark.parametrize("param,nilai", [
    ("setelah", "abc"), ("setelah", "-1"), ("setelah", "9" * 40), ("setelah", "１２"), ("ukuran", "0x10"),
    ("ukuran", "-5"),
])
def test_a_broken_cursor_or_size_is_refused_with_a_message(tksk_kanigaran, param, nilai):
    resp = _klien(tksk_kanigaran).get("/luring/unduh/", {param: nilai})
    assert resp.status_code == 400 and "Halaman unduhan" in resp.json()["pesan"]


def test_a_cursor_past_the_end_is_an_empty_last_page(tksk_kanigaran, kel_kanigaran):
    KeluargaFactory(kelurahan=kel_kanigaran)
    j = _klien(tksk_kanigaran).get("/luring/unduh/", {"setelah": str(10**17)}).json()
    assert j["keluarga"] == [] and j["berikutnya"] is None
