"""Redirects to a target the request supplies (``kembali``) stay on this site (tksk.keamanan.alihkan_aman)."""

from datetime import date

import pytest
from django.test import RequestFactory

from bantuan import choices as c
from tests.bantuan.conftest import buat_program, keluarga_pmks, usulan_status
from tests.factories import KeluargaFactory
from tests.pmks.pendampingan.test_pendampingan_bantu import tindak_lanjut
from tksk.keamanan import tujuan_aman

pytestmark = pytest.mark.django_db

TUJUAN_ASING = [
    "https://evil.example/phish",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    " //evil.example",
    "/bantuan/\r\nSet-Cookie: x=1",
]


@pytest.mark.parametrize("tujuan", TUJUAN_ASING)
def test_foreign_or_malformed_target_falls_back_to_the_default(tujuan):
    request = RequestFactory().post("/bantuan/usulan/massal/")
    assert tujuan_aman(request, tujuan, "bantuan:usulan_list") == "/bantuan/"


@pytest.mark.parametrize("tujuan", ["/bantuan/?status=diajukan&halaman=2", "http://testserver/pmks/"])
def test_target_on_this_site_is_kept(tujuan):
    request = RequestFactory().post("/bantuan/usulan/massal/")
    assert tujuan_aman(request, tujuan, "bantuan:usulan_list") == tujuan


@pytest.mark.parametrize("tujuan", TUJUAN_ASING)
def test_bulk_action_without_selection_never_redirects_off_site(client, dinsos, tujuan):
    client.force_login(dinsos)
    resp = client.post("/bantuan/usulan/massal/", {"aksi": "verifikasi", "kembali": tujuan})
    assert resp.status_code == 302
    assert resp["Location"] == "/bantuan/"


@pytest.mark.parametrize("tujuan", ["https://evil.example/phish", "//evil.example", "/\\evil.example"])
def test_bulk_action_with_selection_never_redirects_off_site(client, dinsos, tksk_kanigaran, tujuan):
    usulan = usulan_status(buat_program("sembako-uji"), keluarga_pmks(), c.StatusUsulan.DIAJUKAN, oleh=tksk_kanigaran)
    client.force_login(dinsos)
    resp = client.post("/bantuan/usulan/massal/", {"usulan": [usulan.pk], "aksi": "verifikasi", "kembali": tujuan})
    assert resp.status_code == 302
    assert resp["Location"] == "/bantuan/"


def test_bulk_action_returns_to_the_filtered_queue_it_came_from(client, dinsos, tksk_kanigaran):
    usulan = usulan_status(buat_program("sembako-uji"), keluarga_pmks(), c.StatusUsulan.DIAJUKAN, oleh=tksk_kanigaran)
    client.force_login(dinsos)
    kembali = "/bantuan/?status=diajukan"
    resp = client.post("/bantuan/usulan/massal/", {"usulan": [usulan.pk], "aksi": "verifikasi", "kembali": kembali})
    assert resp["Location"] == kembali


@pytest.mark.parametrize("tujuan", ["https://evil.example/phish", "//evil.example", "/\\evil.example"])
def test_follow_up_done_never_redirects_off_site(client, tksk_kanigaran, kel_kanigaran, tujuan):
    item = tindak_lanjut(KeluargaFactory(kelurahan=kel_kanigaran), batas=date(2026, 3, 9), oleh=tksk_kanigaran)
    client.force_login(tksk_kanigaran)
    resp = client.post(f"/pmks/pendampingan/tindak-lanjut/{item.pk}/selesai/", {"catatan": "ok", "kembali": tujuan})
    assert resp.status_code == 302
    assert resp["Location"] == "/pmks/pendampingan/tindak-lanjut/"


def test_login_next_to_another_site_is_ignored(client, tksk_kanigaran):
    from tests.factories import PASSWORD

    resp = client.post(
        "/accounts/login/?next=https://evil.example/", {"username": "tksk.kanigaran", "password": PASSWORD}
    )
    assert resp.status_code == 302
    assert "evil.example" not in resp["Location"]
