"""Browser: a TKSK registers a household of three members on a phone and finds it by a member's NIK."""

import pytest

from pmks.models import Keluarga
from tests.browser.segmen import pilih
from tests.conftest import login_browser
from tests.factories import no_kk_valid, wilayah

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANGGOTA = [
    # nik, nama, tanggal lahir, jenis kelamin, hubungan
    ("3574040203750011", "Slamet Riyadi", "1975-03-02", "L", "kepala"),
    ("3574046108790012", "Sumiati", "1979-08-21", "P", "istri_suami"),
    ("3574043011050013", "Dimas Riyadi", "2005-11-30", "L", "anak"),
]


def test_tksk_registers_household_of_three_and_finds_it_by_nik(phone_page, tksk_kanigaran):
    page = phone_page
    login_browser(page, "tksk.kanigaran")
    page.goto("/pmks/")
    page.get_by_test_id("tombol-daftarkan").click()
    page.wait_for_url("**/pmks/keluarga/tambah/")

    page.locator("#id_no_kk").fill(no_kk_valid())
    page.locator("#id_kelurahan").select_option(str(wilayah("35.74.04.1003").pk))
    page.locator("#id_alamat").fill("Jl. Mastrip Gg. II No. 5")
    pilih(page, "lantai", "tanah")

    page.get_by_test_id("tambah-anggota").click()
    page.get_by_test_id("tambah-anggota").click()
    assert page.get_by_test_id("baris-anggota").count() == 3
    for i, (nik, nama, lahir, jk, hubungan) in enumerate(ANGGOTA):
        page.locator(f"#id_anggota-{i}-nik").fill(nik)
        page.locator(f"#id_anggota-{i}-nama").fill(nama)
        page.locator(f"#id_anggota-{i}-tanggal_lahir").fill(lahir)
        pilih(page, f"anggota-{i}-jenis_kelamin", jk)
        page.locator(f"#id_anggota-{i}-hubungan").select_option(hubungan)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "formulir tidak boleh bergeser horizontal"
    page.get_by_test_id("simpan-keluarga").click()

    page.wait_for_url("**/pmks/keluarga/*/")
    assert "Keluarga berhasil didaftarkan" in page.content()
    keluarga = Keluarga.objects.get()
    assert keluarga.anggota.count() == 3
    assert "Slamet Riyadi" in page.get_by_test_id("kepala-keluarga").inner_text()

    page.goto("/pmks/")
    page.locator("#id_q").fill(ANGGOTA[2][0])
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_load_state("networkidle")
    hasil = page.get_by_test_id("baris-keluarga")
    assert hasil.count() == 1
    assert "Slamet Riyadi" in hasil.inner_text()
    hasil.click()
    page.wait_for_url(f"**/pmks/keluarga/{keluarga.pk}/")
