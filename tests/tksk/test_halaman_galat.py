"""With DEBUG off, 400/403/404/500 and the CSRF failure answer Indonesian pages in the site layout,
without stack traces, each with a way back home."""

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

INGGRIS = ["Not Found", "Forbidden", "Bad Request", "Server Error", "CSRF verification failed", "Traceback"]


def _periksa_halaman(resp, kode: int, judul: str) -> str:
    html = resp.content.decode()
    assert resp.status_code == kode
    assert judul in html
    assert 'data-testid="kembali-beranda"' in html and 'href="/"' in html
    assert '<html lang="id">' in html and "css/sidamping.css" in html  # the site layout
    for kata in INGGRIS:
        assert kata not in html
    return html


@pytest.fixture(autouse=True)
def _debug_mati(settings):
    settings.DEBUG = False


def test_unknown_page_answers_indonesian_404(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    _periksa_halaman(client.get("/tidak-ada/"), 404, "Halaman tidak ditemukan")


def test_object_outside_the_area_answers_the_same_404_page(client, tksk_mayangan, kel_kanigaran):
    from tests.factories import KeluargaFactory

    keluarga = KeluargaFactory(kelurahan=kel_kanigaran)
    client.force_login(tksk_mayangan)
    html = _periksa_halaman(client.get(f"/pmks/keluarga/{keluarga.pk}/"), 404, "Halaman tidak ditemukan")
    assert keluarga.alamat not in html


def test_forbidden_action_answers_indonesian_403_with_the_reason(client, pejabat_kota):
    client.force_login(pejabat_kota)
    html = _periksa_halaman(client.get("/pmks/keluarga/tambah/"), 403, "Akses ditolak")
    assert "Peran Anda hanya dapat melihat data." in html


@pytest.mark.django_db
def test_bad_request_answers_indonesian_400(client):
    _periksa_halaman(client.get("/", HTTP_HOST="evil.example"), 400, "Permintaan tidak dapat diproses")


def test_crash_answers_indonesian_500_without_the_stack_trace(settings, tksk_kanigaran):
    settings.ROOT_URLCONF = "tests.tksk.urls_galat"
    klien = Client(raise_request_exception=False)
    klien.force_login(tksk_kanigaran)
    html = _periksa_halaman(klien.get("/uji/meledak/"), 500, "Terjadi kesalahan sistem")
    assert "rahasia-jejak-tumpukan" not in html and "RuntimeError" not in html


def test_500_page_renders_without_database_or_context_processors():
    # No database access is allowed in this test: any query would raise. Django renders
    # 500.html without a request, so no context processor runs either.
    resp = server_error(RequestFactory().get("/"))
    _periksa_halaman(resp, 500, "Terjadi kesalahan sistem")


def test_csrf_failure_answers_indonesian_page(tksk_kanigaran):
    klien = Client(enforce_csrf_checks=True)
    klien.force_login(tksk_kanigaran)
    html = _periksa_halaman(klien.post("/pmks/keluarga/tambah/", {}), 403, "Formulir tidak dapat dikirim")
    assert "muat ulang" in html
