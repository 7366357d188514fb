"""Privacy: the reporter is visible to Dinas Sosial and the assigned TKSK only, never to Pejabat,
never on the reply letter; the public status page shows kind, status and dates only, refuses wrong
phone digits with the same answer as an unknown code, and is rate-limited."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from bantuan.aduan import choices as ac
from tests.factories import PenggunaFactory, wilayah

from .helpers import TELEPON, aduan_baru, aduan_pada

pytestmark = pytest.mark.django_db
S = ac.StatusAduan
NAMA_PELAPOR = "Bu Sulastri"


def _halaman(client, user, aduan) -> str:
    client.force_login(user)
    resp = client.get(f"/aduan/{aduan.pk}/")
    assert resp.status_code == 200
    return resp.content.decode()


def test_reporter_identity_only_for_dinsos_and_the_assigned_tksk(client, personas):
    aduan = aduan_baru(personas["tksk_kanigaran"])
    kedua = PenggunaFactory(username="tksk.kedua", peran="tksk", wilayah=wilayah("35.74.04"))
    for nama in ("tksk_kanigaran", "dinsos", "admin"):
        html = _halaman(client, personas[nama], aduan)
        assert NAMA_PELAPOR in html and TELEPON in html, nama
    for user in (personas["pejabat_kota"], personas["pejabat_kanigaran"], kedua):
        html = _halaman(client, user, aduan)
        assert NAMA_PELAPOR not in html and TELEPON not in html and TELEPON[-4:] not in html
        assert "disamarkan" in html
    assert client.get(f"/aduan/?q={aduan.kode_tiket}").status_code == 200
    assert NAMA_PELAPOR not in client.get("/aduan/").content.decode()


def _teks_pdf(isi: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(isi)).pages)


def test_the_reply_letter_has_decision_and_reason_but_no_names_nik_or_reporter(client, personas):
    aduan = aduan_pada(S.DIPUTUSKAN, tksk=personas["tksk_kanigaran"], dinsos=personas["dinsos"],
                       keputusan=ac.Keputusan.DITOLAK)
    keluarga = aduan.keluarga
    kepala = keluarga.anggota.get(hubungan="kepala")
    client.force_login(personas["dinsos"])
    resp = client.get(f"/aduan/{aduan.pk}/surat/")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    teks = _teks_pdf(b"".join(resp.streaming_content) if resp.streaming else resp.content)
    assert aduan.kode_tiket in teks and "DITOLAK" in teks and "Hasil verifikasi lapangan." in teks
    for rahasia in (NAMA_PELAPOR, TELEPON, kepala.nama, kepala.nik, keluarga.no_kk, keluarga.alamat):
        assert rahasia not in teks, rahasia


def test_the_letter_exists_only_after_a_decision(client, personas):
    aduan = aduan_baru(personas["tksk_kanigaran"])
    client.force_login(personas["dinsos"])
    assert client.get(f"/aduan/{aduan.pk}/surat/").status_code == 302


def _cek(client, kode, digit):
    return client.get("/aduan/cek/", {"kode": kode, "empat_digit": digit})


def _tanpa_csrf(html: str) -> str:
    return re.sub(r"[A-Za-z0-9]{64}", "", html)  # the CSRF token (form field and htmx header)


def test_the_public_page_needs_no_login_and_shows_only_kind_status_and_dates(personas):
    aduan = aduan_pada(S.DIVERIFIKASI, tksk=personas["tksk_kanigaran"], dinsos=personas["dinsos"])
    kepala = aduan.keluarga.anggota.get(hubungan="kepala")
    klien = Client(enforce_csrf_checks=False)
    assert klien.get("/aduan/cek/").status_code == 200
    resp = _cek(klien, aduan.kode_tiket.lower(), TELEPON[-4:])
    html = resp.content.decode()
    assert resp.status_code == 200 and 'data-testid="hasil-cek"' in html
    assert "Diverifikasi" in html and aduan.get_jenis_display() in html
    for rahasia in (NAMA_PELAPOR, TELEPON, kepala.nama, kepala.nik, aduan.keluarga.no_kk, aduan.keluarga.alamat,
                    aduan.uraian, aduan.kelurahan.nama, "Hasil verifikasi", personas["tksk_kanigaran"].nama_tampil):
        assert rahasia not in html, rahasia


def test_wrong_digits_unknown_codes_and_junk_get_one_identical_refusal(personas):
    aduan = aduan_baru(personas["tksk_kanigaran"])
    tanpa_telepon = aduan_baru(personas["tksk_kanigaran"], jenis=ac.JenisAduan.SANGGAH,
                               kategori=ac.KategoriAduan.SANGGAH_EKSKLUSI, anonim=True, pelapor_telepon="")
    klien = Client()
    jawaban = [
        _cek(klien, aduan.kode_tiket, "0000"),
        _cek(klien, "ADU-XXXX-XXXX", TELEPON[-4:]),
        _cek(klien, tanpa_telepon.kode_tiket, "\x00\x00\x00\x00"),
        _cek(klien, "x" * 500, "12"),
    ]
    teks = {_tanpa_csrf(r.content.decode()) for r in jawaban}
    assert all(r.status_code == 200 for r in jawaban)
    assert len(teks) == 1
    assert "tidak cocok" in teks.pop()


def test_the_public_page_is_rate_limited_per_address(settings, personas):
    settings.SIDAMPING_BATAS_LAJU = {**settings.SIDAMPING_BATAS_LAJU, "cek-aduan": "3/h"}
    aduan = aduan_baru(personas["tksk_kanigaran"])
    klien = Client()
    for digit in ("1111", "2222", "3333"):
        assert _cek(klien, aduan.kode_tiket, digit).status_code == 200
    terbatas = _cek(klien, aduan.kode_tiket, TELEPON[-4:])  # even the right digits, once over the limit
    assert terbatas.status_code == 429 and "Terlalu banyak permintaan" in terbatas.content.decode()
    assert klien.get("/aduan/cek/").status_code == 200  # opening the empty form does not count
    assert klien.post("/aduan/cek/", {"kode": aduan.kode_tiket}).status_code == 405
