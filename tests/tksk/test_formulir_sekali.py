"""Every create form saves once per form token: a resend shows the first record, a POST without a
usable token is refused with a fresh token (tksk.konkurensi). Parametrized over FORM_BUAT."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.formulir_dunia import FORM_BUAT, isian_form, siap_kirim, token_di
from tksk.konkurensi import KODE_TOKEN, PESAN_SUDAH_TERSIMPAN, PESAN_TOKEN

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _berkas(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path / "privat")


def _isi(resp) -> str:
    return resp.content.decode()


@pytest.mark.parametrize("nama", sorted(FORM_BUAT))
def test_create_form_resent_with_same_token_creates_one_record_and_shows_it(nama, personas):
    f = FORM_BUAT[nama](personas)
    client = Client()
    client.force_login(f.user)
    html = client.get(f.halaman).content
    token = token_di(html)
    assert token, f"{nama}: the form page carries no one-time token"
    assert isian_form(html, halaman=f.halaman, tujuan=f.url, nama=KODE_TOKEN) == [token], "token outside the form"
    data = {**f.data(), KODE_TOKEN: token}
    awal = f.hitung()
    pertama = client.post(f.url, siap_kirim(data))
    assert pertama.status_code == 302, _isi(pertama)[:2000]
    assert f.hitung() == awal + 1
    kedua = client.post(f.url, siap_kirim(data))  # double tap / browser resend
    assert kedua.status_code == 302 and kedua["Location"] == pertama["Location"]
    assert f.hitung() == awal + 1
    assert PESAN_SUDAH_TERSIMPAN in _isi(client.get(kedua["Location"]))


@pytest.mark.parametrize("nama", sorted(FORM_BUAT))
def test_create_form_without_token_is_refused_then_saves_with_the_fresh_token(nama, personas):
    f = FORM_BUAT[nama](personas)
    client = Client()
    client.force_login(f.user)
    data = f.data()
    awal = f.hitung()
    for tanpa in ({}, {KODE_TOKEN: "bukan-token"}, {KODE_TOKEN: "7f1c3a52-9a4b-4c55-8a0e-0d4b1b1e0c11"}):
        resp = client.post(f.url, siap_kirim({**data, **tanpa}))
        assert resp.status_code == f.status_tolak, (nama, tanpa, resp.status_code)
        assert f.hitung() == awal, f"{nama}: saved without a usable token"
        halaman = resp if resp.status_code != 302 else client.get(resp["Location"])
        assert PESAN_TOKEN in _isi(halaman)
    baru = token_di(halaman.content) if halaman.status_code != 302 else None
    assert baru, f"{nama}: the refused form carries no fresh token"
    resp = client.post(f.url, siap_kirim({**data, KODE_TOKEN: baru}))
    assert resp.status_code == 302, _isi(resp)[:2000]
    assert f.hitung() == awal + 1


@pytest.mark.parametrize("nama", sorted(FORM_BUAT))
def test_create_token_of_another_user_or_form_is_refused(nama, personas):
    from tksk.konkurensi import token_terbitkan

    f = FORM_BUAT[nama](personas)
    client = Client()
    client.force_login(f.user)
    lain = personas["admin"] if f.user != personas["admin"] else personas["dinsos"]
    awal = f.hitung()
    for token in (token_terbitkan(pengguna=lain, tujuan=f.url), token_terbitkan(pengguna=f.user, tujuan="/lain/")):
        resp = client.post(f.url, siap_kirim({**f.data(), KODE_TOKEN: token}))
        assert resp.status_code == f.status_tolak
        assert f.hitung() == awal


@pytest.mark.parametrize("nama", sorted(FORM_BUAT))
def test_create_form_with_a_null_byte_or_huge_token_says_so_visibly(nama, personas):
    f = FORM_BUAT[nama](personas)
    client = Client()
    client.force_login(f.user)
    awal = f.hitung()
    for token in ("\x00", "a" * 100_000):
        resp = client.post(f.url, siap_kirim({**f.data(), KODE_TOKEN: token}))
        assert resp.status_code == f.status_tolak
        halaman = resp if resp.status_code != 302 else client.get(resp["Location"])
        assert PESAN_TOKEN in _isi(halaman)
        assert f.hitung() == awal
