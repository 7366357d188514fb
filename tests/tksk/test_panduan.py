"""The user guide (/panduan/): every role reads every chapter, its own first; the PDF carries every
chapter; the guide renders before the screenshot harness ever ran (captions instead of images) and
shows only screenshots the harness listed in its manifest; every screenshot it names is one the
harness makes (tests/browser/test_panduan_gambar.py)."""

from __future__ import annotations

import hashlib
import io
import json
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.browser.test_panduan_gambar import JEPRETAN, nama_di_panduan
from tksk import panduan

JUDUL = {b.kode: b.judul for b in panduan.BAB}
BAB_SENDIRI = {
    "tksk_kanigaran": "tksk", "tksk_mayangan": "tksk", "dinsos": "dinsos",
    "pejabat_kota": "pejabat", "pejabat_kanigaran": "pejabat", "admin": "admin",
}
SUBJUDUL = {  # one task heading per chapter, as the brief of issue #15 lists them
    "tksk": ["Masuk dan halaman “Hari ini”", "Mendaftarkan keluarga", "Mencatat kunjungan dengan foto",
             "Mengusulkan bantuan", "Laporan bulanan", "Bekerja tanpa sinyal"],
    "dinsos": ["Memverifikasi usulan", "Menyetujui, mengembalikan atau menolak", "Mencatat penyaluran",
               "Program bantuan", "Aduan", "Laporan bulanan dan rekap kota"],
    "pejabat": ["Membaca data wilayah", "Mengunduh laporan bulanan (PDF)", "Memeriksa laporan cetak melalui kode QR"],
    "admin": ["Pengguna dan peran", "Wilayah", "Cadangan dan pemulihan", "Privasi dan log akses"],
}


@pytest.fixture
def tanpa_gambar(settings, tmp_path):
    """A server where the harness never ran: an empty screenshot folder."""
    settings.SIDAMPING_PANDUAN_GAMBAR = str(tmp_path / "belum-ada")
    return tmp_path


def _urutan_bab(html: str) -> list[str]:
    daftar = html.split('data-testid="daftar-isi"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'data-bab="([a-z]+)"', daftar)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(BAB_SENDIRI))
def test_guide_opens_on_the_readers_own_chapter_and_lists_every_chapter(client, personas, persona, tanpa_gambar):
    client.force_login(personas[persona])
    resp = client.get("/panduan/")
    assert resp.status_code == 200
    html = resp.content.decode()
    sendiri = BAB_SENDIRI[persona]
    assert _urutan_bab(html)[0] == sendiri
    assert sorted(_urutan_bab(html)) == sorted(JUDUL)
    assert f'data-testid="bab-{sendiri}"' in html
    assert f">{JUDUL[sendiri]}</h2>" in html
    assert "Bab Anda" in html
    for judul in SUBJUDUL[sendiri]:
        assert judul in html


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(BAB_SENDIRI))
@pytest.mark.parametrize("kode", list(JUDUL))
def test_every_chapter_renders_for_every_role(client, personas, persona, kode, tanpa_gambar):
    client.force_login(personas[persona])
    resp = client.get(f"/panduan/{kode}/")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert f">{JUDUL[kode]}</h2>" in html
    for judul in SUBJUDUL[kode]:
        assert judul in html
    assert _urutan_bab(html)[0] == BAB_SENDIRI[persona]  # the table of contents keeps the reader's order


@pytest.mark.django_db
def test_unknown_chapter_is_not_found(client, dinsos):
    client.force_login(dinsos)
    assert client.get("/panduan/rahasia/").status_code == 404


def test_anonymous_reader_is_sent_to_login(client, db):
    resp = client.get("/panduan/")
    assert resp.status_code == 302 and "login" in resp["Location"]


@pytest.mark.django_db
def test_guide_renders_before_the_harness_ever_ran_with_captions_instead_of_images(
    client, tksk_kanigaran, tanpa_gambar
):
    client.force_login(tksk_kanigaran)
    html = client.get("/panduan/tksk/").content.decode()
    artikel = html.split('data-testid="bab-tksk"', 1)[1]
    assert "<img" not in artikel
    nama = set(re.findall(r'data-gambar="([^"]+)"', artikel))
    assert nama and nama <= nama_di_panduan()
    assert artikel.count('data-testid="gambar-belum-ada"') == len(re.findall(r'data-gambar="', artikel))
    assert "Hari ini: tugas per kelurahan" in artikel  # the caption stays
    assert "Gambar layar dibuat dari data demo pada" not in html


@pytest.mark.django_db
def test_guide_shows_only_screenshots_that_are_in_the_harness_manifest_and_on_disk(client, tksk_kanigaran, settings,
                                                                                    tmp_path):
    folder = tmp_path / "gambar"
    folder.mkdir()
    settings.SIDAMPING_PANDUAN_GAMBAR = str(folder)
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 16
    (folder / "tksk-hari-ini-hp.png").write_bytes(png)  # listed and present → shown
    (folder / "tksk-masuk-hp.png").write_bytes(png)  # present but not listed (not made by the harness) → not shown
    entri = {"nama": "tksk-hari-ini", "layar": "hp", "url": "/pmks/pendampingan/hari-ini/", "akun": "tksk.kanigaran",
             "sha256": hashlib.sha256(png).hexdigest(), "lebar": 360, "tinggi": 800}
    (folder / panduan.NAMA_MANIFEST).write_text(json.dumps({
        "dibuat": "2026-12-02T03:00:00+00:00",
        # the desktop shot is listed but not on disk → not shown
        "gambar": {"tksk-hari-ini-hp.png": entri, "tksk-hari-ini-lebar.png": {**entri, "layar": "lebar"}},
    }))
    client.force_login(tksk_kanigaran)
    html = client.get("/panduan/tksk/").content.decode()
    artikel = html.split('data-testid="bab-tksk"', 1)[1]
    assert re.findall(r'<img src="([^"]+)"', artikel) == ["/static/panduan/gambar/tksk-hari-ini-hp.png"]
    assert "Gambar layar dibuat dari data demo pada 2 Desember 2026 10.00 WIB" in html


@pytest.mark.django_db
def test_guide_pdf_has_every_chapter_with_the_readers_chapter_first(client, pejabat_kota, tanpa_gambar):
    client.force_login(pejabat_kota)
    resp = client.get("/panduan/panduan.pdf")
    assert resp.status_code == 200
    assert resp["Content-Type"] == "application/pdf"
    isi = b"".join(resp.streaming_content) if resp.streaming else resp.content
    teks = "\n".join(h.extract_text() for h in PdfReader(io.BytesIO(isi)).pages)
    teks = re.sub(r"\s+", " ", teks)
    posisi = [teks.find(f"{i}. {JUDUL[k]}") for i, k in enumerate(["pejabat", "tksk", "dinsos", "admin"], 1)]
    assert -1 not in posisi, posisi
    assert posisi == sorted(posisi)
    for kode, judul_list in SUBJUDUL.items():
        for judul in judul_list:
            assert re.sub(r"\s+", " ", judul) in teks, (kode, judul)


def test_every_screenshot_the_guide_names_is_one_the_harness_makes():
    dijepret = [j.nama for j in JEPRETAN]
    assert len(dijepret) == len(set(dijepret)), "nama jepretan ganda"
    dipakai = nama_di_panduan()
    assert dipakai == set(dijepret), f"tanpa jepretan: {dipakai - set(dijepret)}; lebih: {set(dijepret) - dipakai}"
    for j in JEPRETAN:
        assert set(j.layar) <= set(panduan.LAYAR)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["tksk_kanigaran", "dinsos", "pejabat_kota", "admin"])
def test_guide_is_linked_from_the_navigation(client, personas, persona, tanpa_gambar):
    client.force_login(personas[persona])
    html = client.get("/wilayah/").content.decode()
    assert 'href="/panduan/" data-testid="menu-panduan"' in html


@pytest.mark.django_db
def test_help_spots_link_into_their_section_of_the_guide(client, tksk_kanigaran, admin_user):
    client.force_login(tksk_kanigaran)
    bulan = timezone.localdate().strftime("%Y-%m")
    assert 'href="/panduan/tksk/#tksk-laporan"' in client.get(f"/laporan/35.74.04/{bulan}/").content.decode()
    assert 'href="/panduan/tksk/#tksk-masuk"' in client.get("/pmks/pendampingan/hari-ini/").content.decode()
    assert 'href="/panduan/tksk/#tksk-luring"' in client.get("/luring/").content.decode()
    client.force_login(admin_user)
    assert 'href="/panduan/admin/#admin-privasi"' in client.get("/pmks/akses/").content.decode()
    for kode in SUBJUDUL:  # every anchor the help spots use exists
        html = client.get(f"/panduan/{kode}/").content.decode()
        for anker in re.findall(r'<h3 id="([^"]+)"', html):
            assert anker.startswith(f"{kode}-")
    assert 'id="tksk-masuk"' in client.get("/panduan/tksk/").content.decode()
    assert 'id="pejabat-qr"' in client.get("/panduan/pejabat/").content.decode()
