"""Browser, phone size: nothing typed is lost and a save happens exactly once (issue #12 items 2, 3).

static/js/draf.js keeps a draft of every data-entry form in the phone's localStorage (per user and
form), restores it after Back, reload or an expired session, warns before leaving, clears it after
a save and at logout; the submit button locks itself so a double tap sends one request. Every test
also collects Content-Security-Policy violations and script errors and fails on any.
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from io import BytesIO

import pytest
from django.db import transaction
from PIL import Image
from playwright.sync_api import expect

from pmks.models import Keluarga
from pmks.pendampingan.models import FotoKunjungan, Kunjungan
from tests.browser import test_csp
from tests.browser.segmen import pilih, terpilih
from tests.browser.test_csp import _pengumpul
from tests.conftest import login_browser
from tests.factories import PASSWORD, KeluargaFactory, no_kk_valid, wilayah
from tksk.models import TokenFormulir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
dunia = test_csp.dunia  # the CSP walk's world: a household with a visit, follow-up, referral, proposal

ANGGOTA = [
    # nik, nama, tanggal lahir, jenis kelamin, hubungan
    ("3574040203750011", "Slamet Riyadi", "1975-03-02", "L", "kepala"),
    ("3574046108790012", "Sumiati", "1979-08-21", "P", "istri_suami"),
    ("3574043011050013", "Dimas Riyadi", "2005-11-30", "L", "anak"),
    ("3574045504100014", "Sari Riyadi", "2010-04-15", "P", "anak"),
]
DRAF_DI_PERANGKAT = "() => Object.keys(localStorage).filter(k => k.startsWith('sidamping:draf:'))"


@pytest.fixture
def hp(phone_page):
    """The phone page at 360 × 800; every dialog (leave warnings) is accepted and remembered."""
    phone_page.set_viewport_size({"width": 360, "height": 800})
    phone_page.dialog_diterima = []

    def terima(dialog):
        phone_page.dialog_diterima.append((dialog.type, dialog.message))
        dialog.accept()

    phone_page.on("dialog", terima)
    phone_page.pelanggaran = _pengumpul(phone_page)
    return phone_page


def _tunggu_draf(page) -> None:
    page.wait_for_timeout(450)  # drafts are written 300 ms after the last keystroke


def _isi_setengah_keluarga(page, no_kk: str) -> None:
    page.locator("#id_no_kk").fill(no_kk)
    page.locator("#id_kelurahan").select_option(str(wilayah("35.74.04.1003").pk))
    page.locator("#id_alamat").fill("Jl. Mastrip Gg. II No. 5")
    for _ in range(3):
        page.get_by_test_id("tambah-anggota").tap()
    assert page.get_by_test_id("baris-anggota").count() == 4
    for i, (nik, nama, lahir, jk, hubungan) in enumerate(ANGGOTA[:2]):
        page.locator(f"#id_anggota-{i}-nik").fill(nik)
        page.locator(f"#id_anggota-{i}-nama").fill(nama)
        page.locator(f"#id_anggota-{i}-tanggal_lahir").fill(lahir)
        pilih(page, f"anggota-{i}-jenis_kelamin", jk)
        page.locator(f"#id_anggota-{i}-hubungan").select_option(hubungan)
    page.locator("#id_anggota-2-nik").fill(ANGGOTA[2][0])
    page.locator("#id_anggota-3-nama").fill(ANGGOTA[3][1])
    _tunggu_draf(page)


def _periksa_setengah_keluarga(page, no_kk: str) -> None:
    expect(page.get_by_test_id("baris-anggota")).to_have_count(4)  # restored by script
    assert page.locator("#id_no_kk").input_value() == no_kk
    assert page.locator("#id_kelurahan").input_value() == str(wilayah("35.74.04.1003").pk)
    assert page.locator("#id_alamat").input_value() == "Jl. Mastrip Gg. II No. 5"
    for i, (nik, nama, lahir, jk, hubungan) in enumerate(ANGGOTA[:2]):
        assert page.locator(f"#id_anggota-{i}-nik").input_value() == nik
        assert page.locator(f"#id_anggota-{i}-nama").input_value() == nama
        assert page.locator(f"#id_anggota-{i}-tanggal_lahir").input_value() == lahir
        assert terpilih(page, f"anggota-{i}-jenis_kelamin") == jk
        assert page.locator(f"#id_anggota-{i}-hubungan").input_value() == hubungan
    assert page.locator("#id_anggota-2-nik").input_value() == ANGGOTA[2][0]
    assert page.locator("#id_anggota-3-nama").input_value() == ANGGOTA[3][1]
    assert page.locator("#id_anggota-TOTAL_FORMS").input_value() == "4"


def _buka_menu(page) -> None:
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.tap()


def test_half_registered_household_comes_back_after_nav_link_back_and_reload(hp, tksk_kanigaran):
    page = hp
    no_kk = no_kk_valid()
    login_browser(page, "tksk.kanigaran")
    page.goto("/pmks/keluarga/tambah/")
    assert "di perangkat ini" in page.get_by_test_id("catatan-draf").inner_text()
    _isi_setengah_keluarga(page, no_kk)

    _buka_menu(page)
    page.get_by_role("link", name="Beranda").tap()
    page.wait_for_url(lambda u: u.rstrip("/").count("/") == 2)  # the home page
    assert any("belum disimpan" in pesan for _, pesan in page.dialog_diterima), "tidak ada peringatan sebelum pergi"

    page.go_back()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/pmks/keluarga/tambah/")
    assert "dipulihkan" in page.get_by_test_id("draf-dipulihkan").inner_text()
    _periksa_setengah_keluarga(page, no_kk)

    page.reload()
    page.wait_for_load_state("networkidle")
    _periksa_setengah_keluarga(page, no_kk)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "formulir bergeser horizontal"

    # The other two members, then Simpan: one household, and no draft left on the phone.
    for i, (nik, nama, lahir, jk, hubungan) in enumerate(ANGGOTA[2:], start=2):
        page.locator(f"#id_anggota-{i}-nik").fill(nik)
        page.locator(f"#id_anggota-{i}-nama").fill(nama)
        page.locator(f"#id_anggota-{i}-tanggal_lahir").fill(lahir)
        pilih(page, f"anggota-{i}-jenis_kelamin", jk)
        page.locator(f"#id_anggota-{i}-hubungan").select_option(hubungan)
    page.get_by_test_id("simpan-keluarga").tap()
    page.wait_for_url(re.compile(r"/pmks/keluarga/\d+/$"))
    assert "Keluarga berhasil didaftarkan" in page.content()
    assert Keluarga.objects.get().anggota.count() == 4
    assert page.evaluate(DRAF_DI_PERANGKAT) == []
    page.goto("/pmks/keluarga/tambah/")
    assert page.get_by_test_id("draf-dipulihkan").count() == 0
    assert page.locator("#id_no_kk").input_value() == ""
    assert page.pelanggaran == [], "\n".join(page.pelanggaran)


def test_discarding_a_restored_draft_gives_the_empty_form_back(hp, tksk_kanigaran):
    page = hp
    login_browser(page, "tksk.kanigaran")
    page.goto("/pmks/keluarga/tambah/")
    _isi_setengah_keluarga(page, no_kk_valid())
    page.reload()
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("buang-draf").tap()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("draf-dipulihkan").count() == 0
    assert page.locator("#id_no_kk").input_value() == ""
    assert page.get_by_test_id("baris-anggota").count() == 1
    assert page.evaluate(DRAF_DI_PERANGKAT) == []
    assert page.pelanggaran == [], "\n".join(page.pelanggaran)


@pytest.fixture
def keluarga(tksk_kanigaran):
    return KeluargaFactory(kelurahan=wilayah("35.74.04.1003"), alamat="Jl. Mastrip No. 7")


# While a form is being sent the page cannot be inspected from the test (Playwright waits for the
# navigation), so the page itself reports what the user sees 100 ms after each submit attempt.
PANTAU = """
document.addEventListener("submit", function (ev) {
  setTimeout(function () {
    var b = ev.target.querySelector("button[type=submit]");
    var p = ev.target.querySelector("[data-testid=progres-unggah]");
    console.log("PANTAU " + JSON.stringify({nonaktif: b.disabled, teks: b.textContent.trim(),
      spinner: !!b.querySelector(".spinner-border"), progres: p ? p.innerText : null,
      animasi: p ? !!p.querySelector(".progress-bar-animated") : false}));
  }, 100);
}, true);
"""


def _pantau(page) -> list[dict]:
    laporan: list[dict] = []
    page.on("console", lambda m: laporan.append(json.loads(m.text[7:])) if m.text.startswith("PANTAU ") else None)
    page.add_init_script(PANTAU)
    return laporan


@contextmanager
def _server_sibuk(page):
    """The server is slow to answer (3G, a busy machine): the form's one-time token row is locked
    by another transaction until the block ends, so the POST waits in the save transaction. Yields
    the list of POSTs the page sent."""
    token = page.locator("input[name=token_formulir]").input_value()
    kiriman: list[str] = []
    page.on("request", lambda r: kiriman.append(r.url) if r.method == "POST" else None)
    with transaction.atomic():
        list(TokenFormulir.objects.select_for_update().filter(token=token))
        yield kiriman


def test_double_tap_on_simpan_of_a_visit_sends_one_request_and_creates_one_visit(hp, keluarga):
    page = hp
    login_browser(page, "tksk.kanigaran")
    url = f"/pmks/pendampingan/keluarga/{keluarga.pk}/kunjungan/tambah/"
    pantau = _pantau(page)
    page.goto(url)
    page.locator("#id_jenis").select_option("asesmen")
    page.locator("#id_catatan").fill("Atap bocor")

    tombol = page.locator("[data-testid=form-kunjungan] button[type=submit]")  # its name changes while saving
    tombol.scroll_into_view_if_needed()
    kotak = tombol.bounding_box()
    x, y = kotak["x"] + kotak["width"] / 2, kotak["y"] + kotak["height"] / 2
    with _server_sibuk(page) as kiriman:
        page.touchscreen.tap(x, y)
        page.wait_for_timeout(150)
        page.touchscreen.tap(x, y)
        page.wait_for_timeout(400)
        assert len(kiriman) == 1, f"{len(kiriman)} permintaan terkirim dari dua ketukan"
    assert pantau and all(p["nonaktif"] and p["spinner"] and p["teks"] == "Menyimpan…" for p in pantau), pantau
    page.wait_for_url("**/pendampingan/kunjungan/*/")
    assert "Kunjungan tersimpan" in page.content()
    assert Kunjungan.objects.count() == 1
    assert page.evaluate(DRAF_DI_PERANGKAT) == []
    assert page.pelanggaran == [], "\n".join(page.pelanggaran)


def test_visit_photo_upload_shows_progress_with_file_size_while_sending(hp, keluarga, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path / "privat")
    page = hp
    login_browser(page, "tksk.kanigaran")
    url = f"/pmks/pendampingan/keluarga/{keluarga.pk}/kunjungan/tambah/"
    pantau = _pantau(page)
    page.goto(url)
    page.locator("#id_jenis").select_option("asesmen")
    buf = BytesIO()
    Image.new("RGB", (400, 300), (200, 120, 40)).save(buf, format="JPEG")
    page.locator("#id_foto").set_input_files(files=[{"name": "rumah.jpg", "mimeType": "image/jpeg",
                                                      "buffer": buf.getvalue()}])
    with _server_sibuk(page) as kiriman:
        page.get_by_role("button", name="Simpan kunjungan").tap(no_wait_after=True)
        page.wait_for_timeout(400)
        assert len(kiriman) == 1
    assert len(pantau) == 1, pantau
    assert re.fullmatch(r"Mengunggah 1 berkas \(\d+ KB\)… Jangan tutup halaman ini\.", pantau[0]["progres"]), pantau
    assert pantau[0]["animasi"] and pantau[0]["nonaktif"]
    page.wait_for_url("**/pendampingan/kunjungan/*/")
    assert FotoKunjungan.objects.count() == 1
    assert page.pelanggaran == [], "\n".join(page.pelanggaran)


def test_visit_submitted_after_the_session_expired_is_saved_once_after_logging_in_again(hp, keluarga):
    page = hp
    login_browser(page, "tksk.kanigaran")
    url = f"/pmks/pendampingan/keluarga/{keluarga.pk}/kunjungan/tambah/"
    page.goto(url)
    page.locator("#id_jenis").select_option("asesmen")
    page.get_by_label("Identifikator").check()
    page.locator("#id_catatan").fill("Atap bocor, dua anak usia sekolah")
    _tunggu_draf(page)

    page.context.clear_cookies(name="sessionid")  # the session ends while the form is open
    page.get_by_role("button", name="Simpan kunjungan").tap()
    page.wait_for_url("**/accounts/login/**")
    assert "Sesi Anda sudah berakhir" in page.get_by_test_id("sesi-berakhir").inner_text()
    assert Kunjungan.objects.count() == 0

    page.locator("#id_username").fill("tksk.kanigaran")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").tap()
    page.wait_for_url(f"**{url}")
    page.wait_for_load_state("networkidle")
    assert "tekan Simpan" in page.get_by_test_id("draf-dipulihkan").inner_text()
    assert page.locator("#id_catatan").input_value() == "Atap bocor, dua anak usia sekolah"
    assert page.locator("#id_jenis").input_value() == "asesmen"
    assert page.get_by_label("Identifikator").is_checked()

    page.get_by_role("button", name="Simpan kunjungan").tap()
    page.wait_for_url("**/pendampingan/kunjungan/*/")
    assert "Kunjungan tersimpan" in page.content()
    assert Kunjungan.objects.count() == 1
    assert Kunjungan.objects.get().catatan == "Atap bocor, dua anak usia sekolah"
    assert page.evaluate(DRAF_DI_PERANGKAT) == []
    assert page.pelanggaran == [], "\n".join(page.pelanggaran)


def test_logout_removes_every_draft_of_the_user_from_the_phone(hp, keluarga):
    page = hp
    login_browser(page, "tksk.kanigaran")
    page.goto(f"/pmks/pendampingan/keluarga/{keluarga.pk}/kunjungan/tambah/")
    page.locator("#id_catatan").fill("Catatan sementara berisi data pribadi")
    _tunggu_draf(page)
    page.goto("/pmks/keluarga/tambah/")
    page.locator("#id_alamat").fill("Jl. Mastrip Gg. II No. 5")
    _tunggu_draf(page)
    assert len(page.evaluate(DRAF_DI_PERANGKAT)) == 2

    _buka_menu(page)
    page.get_by_test_id("menu-pengguna").tap()
    page.get_by_role("button", name="Keluar").tap()
    page.wait_for_url("**/accounts/login/**")
    assert page.evaluate(DRAF_DI_PERANGKAT) == []
    assert any("dihapus" in pesan for _, pesan in page.dialog_diterima)
    assert page.pelanggaran == [], "\n".join(page.pelanggaran)


def test_draft_of_an_edit_is_not_applied_over_a_newer_version(hp, keluarga):
    page = hp
    login_browser(page, "tksk.kanigaran")
    url = f"/pmks/keluarga/{keluarga.pk}/ubah/"
    page.goto(url)
    page.locator("#id_alamat").fill("Alamat dari draf")
    _tunggu_draf(page)
    Keluarga.objects.filter(pk=keluarga.pk).update(alamat="Alamat baru di server", versi=keluarga.versi + 5)

    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_alamat").input_value() == "Alamat baru di server"
    assert page.get_by_test_id("draf-versi-lama").is_visible()
    page.get_by_test_id("pasang-draf").tap()
    assert page.locator("#id_alamat").input_value() == "Alamat dari draf"
    assert page.pelanggaran == [], "\n".join(page.pelanggaran)


def test_every_data_entry_form_of_a_tksk_keeps_a_draft_over_a_reload(hp, dunia):
    page = hp
    k = dunia["keluarga"]
    login_browser(page, "tksk.kanigaran")
    for url in [
        f"/pmks/keluarga/{k.pk}/ubah/", f"/pmks/keluarga/{k.pk}/klasifikasi/tambah/",
        f"/pmks/pendampingan/keluarga/{k.pk}/kunjungan/tambah/",
        f"/pmks/pendampingan/kunjungan/{dunia['kunjungan'].pk}/ubah/",
        f"/pmks/pendampingan/keluarga/{k.pk}/tindak-lanjut/tambah/",
        f"/pmks/pendampingan/keluarga/{k.pk}/rujukan/tambah/",
        "/pmks/pendampingan/psks/tambah/", f"/bantuan/usulan/baru/?keluarga={k.pk}",
        f"/laporan/35.74.04/{dunia['periode']}/",
    ]:
        resp = page.goto(url)
        assert resp.status == 200, url
        catatan = page.get_by_test_id("catatan-draf")
        assert catatan.count() >= 1, f"{url}: formulir tanpa draf"
        form = catatan.first.locator("xpath=..")
        isian = form.locator("textarea:visible, input[type=text]:visible").first
        isian.fill("Teks uji draf 123")
        _tunggu_draf(page)
        page.reload()
        page.wait_for_load_state("networkidle")
        assert isian.input_value() == "Teks uji draf 123", url
        assert page.get_by_test_id("draf-dipulihkan").count() == 1, url
    assert page.pelanggaran == [], "\n".join(page.pelanggaran)
