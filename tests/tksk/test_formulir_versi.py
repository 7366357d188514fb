"""Every edit form refuses a stale or missing version with the "someone else saved first" message:
nothing is written and the form comes back with the user's input (tksk.konkurensi).
Parametrized over FORM_UBAH: two sessions open the same form, A saves, then B posts."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.formulir_dunia import FORM_UBAH, isian_form, siap_kirim, versi_di
from tksk.konkurensi import PESAN_KONFLIK

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _berkas(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _sesi(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _isi(resp) -> str:
    return resp.content.decode()


def _ditolak(f, resp, b: Client, teks_b: str) -> None:
    if f.tampil_ulang:
        assert resp.status_code == 200, resp.status_code
        html = _isi(resp)
        assert (f.tampil(teks_b) if f.tampil else teks_b) in html, "the refused form must keep what the user typed"
    else:
        assert resp.status_code == 302
        html = _isi(b.get(resp["Location"]))
    assert PESAN_KONFLIK in html


@pytest.mark.parametrize("nama", sorted(FORM_UBAH))
def test_edit_form_posted_after_someone_elses_save_is_refused_and_writes_nothing(nama, personas):
    f = FORM_UBAH[nama](personas)
    a, b = _sesi(f.user), _sesi(f.user)
    html = a.get(f.halaman).content
    versi_a = versi_di(html)
    assert isian_form(html, halaman=f.halaman, tujuan=f.url, nama="versi") == [versi_a], "version outside the form"
    versi_b = versi_di(b.get(f.halaman).content)
    assert versi_a is not None and versi_a == versi_b, f"{nama}: the form carries no version"
    resp = a.post(f.url, siap_kirim({**f.data("Disimpan Sesi A"), "versi": versi_a}))
    assert resp.status_code == 302, _isi(resp)[:2000]
    assert f.baca() == "Disimpan Sesi A"
    resp = b.post(f.url, siap_kirim({**f.data("Ketikan Sesi B"), "versi": versi_b}))
    _ditolak(f, resp, b, "Ketikan Sesi B")
    assert f.baca() == "Disimpan Sesi A"
    if f.bisa_lagi:  # after reloading, B can save on top of A's change
        versi_baru = versi_di(b.get(f.halaman).content)
        assert versi_baru != versi_b
        resp = b.post(f.url, siap_kirim({**f.data("Ketikan Sesi B"), "versi": versi_baru}))
        assert resp.status_code == 302, _isi(resp)[:2000]
        assert f.baca() == "Ketikan Sesi B"


@pytest.mark.parametrize("versi", [None, "", "abc", "-1", "٣", "99999999999"])
@pytest.mark.parametrize("nama", sorted(FORM_UBAH))
def test_edit_form_without_a_valid_version_is_refused_and_writes_nothing(nama, versi, personas):
    f = FORM_UBAH[nama](personas)
    b = _sesi(f.user)
    sebelum = f.baca()
    data = f.data("Ketikan Tanpa Versi")
    if versi is not None:
        data["versi"] = versi
    resp = b.post(f.url, siap_kirim(data))
    _ditolak(f, resp, b, "Ketikan Tanpa Versi")
    assert f.baca() == sebelum


@pytest.mark.parametrize("nama", sorted(FORM_UBAH))
def test_edit_form_with_a_null_byte_version_says_so_visibly(nama, personas):
    f = FORM_UBAH[nama](personas)
    b = _sesi(f.user)
    sebelum = f.baca()
    resp = b.post(f.url, siap_kirim({**f.data("Ketikan Nol"), "versi": "1\x00"}))
    _ditolak(f, resp, b, "Ketikan Nol")
    assert f.baca() == sebelum
