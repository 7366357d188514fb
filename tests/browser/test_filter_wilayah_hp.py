"""Browser, phone size (360 px): a province user narrows the household list kab/kota → kecamatan →
kelurahan; htmx swaps the child selects in place (no inline script: CSP), "Tampilkan" applies."""

import pytest
from playwright.sync_api import expect

from tests.conftest import login_browser
from tests.factories import KeluargaFactory, PenggunaFactory, wilayah
from tksk.wilayah_indonesia import wilayah_muat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _jumlah_opsi(page, nama: str) -> int:
    return page.locator(f"#id_{nama} option").count()


def test_a_province_user_narrows_the_kelurahan_select_on_a_phone_with_htmx(phone_page):
    wilayah_muat(awalan=["35.13"])
    PenggunaFactory(username="dinsos.provinsi", peran="dinsos", wilayah=wilayah("35"))
    kab, kec = wilayah("35.13"), wilayah("35.13.01")
    desa = kec.anak.order_by("kode").first()
    di_desa = KeluargaFactory(kelurahan=desa)
    KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    pelanggaran: list[str] = []
    phone_page.on("console", lambda p: pelanggaran.append(p.text) if "Content Security Policy" in p.text else None)
    login_browser(phone_page, "dinsos.provinsi")
    phone_page.goto("/pmks/")
    phone_page.get_by_role("button", name="Filter").click()
    assert phone_page.locator("#id_kelurahan option").all_inner_texts() == ["Pilih kecamatan dulu"]

    phone_page.select_option("#id_kabupaten", str(kab.pk))
    # (the page's CSP forbids wait_for_function; a loaded CI machine takes seconds for a swap)
    expect(phone_page.locator("#id_kecamatan option")).to_have_count(25, timeout=15_000)
    assert _jumlah_opsi(phone_page, "kelurahan") == 331  # the kab's desa, and "Semua kelurahan"
    phone_page.select_option("#id_kecamatan", str(kec.pk))
    n = kec.anak.count()
    expect(phone_page.locator("#id_kelurahan option")).to_have_count(n + 1, timeout=15_000)
    assert phone_page.locator("#id_kabupaten").input_value() == str(kab.pk)  # the changed select stays
    phone_page.select_option("#id_kelurahan", str(desa.pk))
    phone_page.get_by_role("button", name="Tampilkan").click()
    phone_page.wait_for_load_state("networkidle")
    assert f"kelurahan={desa.pk}" in phone_page.url
    daftar = phone_page.get_by_test_id("daftar-keluarga")
    assert daftar.locator(".list-group-item").count() == 1 and di_desa.alamat in daftar.inner_text()
    assert phone_page.locator("#id_kecamatan").input_value() == str(kec.pk)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not pelanggaran, pelanggaran
