"""Browser (360 × 800, touch): fewer keystrokes on the household form (issue #12 item 1).

static/pmks/ketik_cepat.js fills a member's birth date and sex from the NIK as it is typed (never
over a value the user typed), and the region part of an empty No. KK from the chosen kelurahan;
NIK, No. KK, RT and RW open the numeric keyboard. The pure functions are checked in the browser too.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from pmks.models import Anggota, Keluarga
from tests.browser.segmen import pilih, terpilih
from tests.browser.test_csp import _pengumpul
from tests.conftest import login_browser
from tests.factories import wilayah

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hp(phone_page):
    phone_page.set_default_timeout(15_000)  # the live server shares two cores with the browser
    return phone_page


def _ketik(page, selektor: str, teks: str) -> None:
    kolom = page.locator(selektor)
    kolom.tap()
    kolom.press_sequentially(teks)


def test_typed_nik_fills_birth_date_and_sex_and_a_value_changed_by_hand_stays(hp, tksk_kanigaran):
    pelanggaran = _pengumpul(hp)
    login_browser(hp, "tksk.kanigaran")
    hp.goto("/pmks/keluarga/tambah/")
    for kolom in ("#id_no_kk", "#id_rt", "#id_rw", "#id_anggota-0-nik"):
        assert hp.locator(kolom).get_attribute("inputmode") == "numeric", kolom
        assert hp.locator(kolom).get_attribute("pattern") == "[0-9]*", kolom
        assert hp.locator(kolom).get_attribute("autocomplete") == "off", kolom

    # Choosing the kelurahan puts its region part into the empty No. KK; the rest is typed.
    hp.locator("#id_kelurahan").select_option(str(wilayah("35.74.04.1003").pk))
    assert hp.locator("#id_no_kk").input_value() == "357404"
    hp.locator("#id_no_kk").press("End")
    hp.locator("#id_no_kk").press_sequentially("0101200001")
    hp.locator("#id_alamat").fill("Jl. Mastrip Gg. II No. 5")

    # Man: birth date and sex come from the NIK while it is typed.
    _ketik(hp, "#id_anggota-0-nik", "3574040203750011")
    assert hp.locator("#id_anggota-0-tanggal_lahir").input_value() == "02-03-1975"  # typed as dd-mm-yyyy
    assert terpilih(hp, "anggota-0-jenis_kelamin") == "L"
    assert "Diisi dari NIK" in hp.locator("#div_id_anggota-0-tanggal_lahir").inner_text()

    # Changed by hand (the KTP says otherwise): a later NIK correction leaves it alone.
    hp.locator("#id_anggota-0-tanggal_lahir").fill("1975-03-12")
    hp.locator("#id_anggota-0-nik").fill("")
    _ketik(hp, "#id_anggota-0-nik", "3574040303750011")
    assert hp.locator("#id_anggota-0-tanggal_lahir").input_value() == "1975-03-12"
    assert terpilih(hp, "anggota-0-jenis_kelamin") == "L"  # still the NIK's, still follows it
    hp.locator("#id_anggota-0-nama").fill("Slamet Riyadi")
    hp.locator("#id_anggota-0-hubungan").select_option("kepala")

    # Woman, in a row added in the browser: day + 40 → perempuan.
    hp.get_by_test_id("tambah-anggota").tap()
    _ketik(hp, "#id_anggota-1-nik", "3574046108790012")
    assert hp.locator("#id_anggota-1-tanggal_lahir").input_value() == "21-08-1979"
    assert terpilih(hp, "anggota-1-jenis_kelamin") == "P"
    pilih(hp, "anggota-1-jenis_kelamin", "L")  # typed by hand: stays
    hp.locator("#id_anggota-1-nik").press("End")  # as a finger tapping after the digits puts the caret
    hp.locator("#id_anggota-1-nik").press("Backspace")
    hp.locator("#id_anggota-1-nik").press_sequentially("3")
    assert terpilih(hp, "anggota-1-jenis_kelamin") == "L"
    pilih(hp, "anggota-1-jenis_kelamin", "P")
    hp.locator("#id_anggota-1-nama").fill("Sumiati")
    hp.locator("#id_anggota-1-hubungan").select_option("istri_suami")
    assert hp.evaluate("document.documentElement.scrollWidth") <= 360

    # The date changed by hand disagrees with the NIK: the server's soft warning asks for a reason.
    hp.get_by_test_id("simpan-keluarga").click()
    hp.wait_for_load_state("networkidle")
    assert "Tanggal pada NIK (03-03-1975) berbeda" in hp.get_by_test_id("peringatan-nik").inner_text()
    assert hp.locator("#id_anggota-0-tanggal_lahir").input_value() == "1975-03-12"  # not refilled on return
    hp.locator("#id_anggota-0-alasan_konfirmasi_nik").fill("Tanggal lahir di KTP memang 12-03-1975")
    hp.get_by_test_id("simpan-keluarga").click()
    hp.wait_for_url(re.compile(r"/pmks/keluarga/\d+/$"))  # the household page, not the form again
    keluarga = Keluarga.objects.get()
    assert keluarga.no_kk == "3574040101200001"
    kepala = Anggota.objects.get(nik="3574040303750011")
    assert (kepala.tanggal_lahir, kepala.jenis_kelamin) == (date(1975, 3, 12), "L")
    istri = Anggota.objects.get(nik="3574046108790013")
    assert (istri.tanggal_lahir, istri.jenis_kelamin) == (date(1979, 8, 21), "P")
    assert pelanggaran == []


def test_no_kk_typed_before_the_kelurahan_is_kept(hp, tksk_kanigaran):
    login_browser(hp, "tksk.kanigaran")
    hp.goto("/pmks/keluarga/tambah/")
    hp.locator("#id_no_kk").fill("3574030101200001")
    hp.locator("#id_kelurahan").select_option(str(wilayah("35.74.04.1003").pk))
    assert hp.locator("#id_no_kk").input_value() == "3574030101200001"


def test_pure_functions_of_the_keystroke_script(hp, tksk_kanigaran):
    login_browser(hp, "tksk.kanigaran")
    hp.goto("/pmks/keluarga/tambah/")
    kasus = {
        # NIK (as typed), today → [date, sex] or None
        "3574040203750011|2026-12-01": ["1975-03-02", "L"],
        "3574046108790012|2026-12-01": ["1979-08-21", "P"],
        "357404301105|2026-12-01": ["2005-11-30", "L"],  # 12 digits are enough
        "3574 0402 0375 0011|2026-12-01": ["1975-03-02", "L"],  # spaces people type
        "3574040112260001|2026-12-01": ["2026-12-01", "L"],  # born today
        "3574041512260001|2026-12-01": ["1926-12-15", "L"],  # later this year: not born yet → 19xx
        "3574042702270001|2026-12-01": ["1927-02-27", "L"],  # year after this one → 19xx
        "3574046902000001|2026-12-01": ["2000-02-29", "P"],  # leap day of 2000, woman
        "3574042902010001|2026-12-01": None,  # 29-02 in neither 2001 nor 1901
        "3574043213990001|2026-12-01": None,  # month 13
        "3574040001990001|2026-12-01": None,  # day 00
        "3574043501990001|2026-12-01": None,  # day 35 is neither a man's nor a woman's
        "3574047201990001|2026-12-01": None,  # day 72 - 40 = 32
        "35740402037|2026-12-01": None,  # not yet 12 digits
        "35740402037a|2026-12-01": None,
    }
    hasil = hp.evaluate("""(kasus) => {
      const K = window.SidampingKetik, keluar = {};
      for (const k of Object.keys(kasus)) {
        const [nik, kini] = k.split("|");
        const h = K.dariNik(nik, kini);
        keluar[k] = h ? [h.tanggal, h.jenisKelamin] : null;
      }
      keluar.awalan = ["35.74.04.1003", "3574041003", "", "35.7"].map(K.awalanNoKk);
      keluar.boleh = [K.bolehIsi("", undefined), K.bolehIsi("1975-03-02", "1975-03-02"),
                      K.bolehIsi("1975-03-12", "1975-03-02"), K.bolehIsi("L", undefined)];
      keluar.isian = [K.untukIsian("1975-03-02", "date"), K.untukIsian("1975-03-02", "text")];
      return keluar;
    }""", kasus)
    for k, harap in kasus.items():
        assert hasil[k] == harap, k
    assert hasil["awalan"] == ["357404", "357404", "", ""]
    assert hasil["boleh"] == [True, True, False, False]
    assert hasil["isian"] == ["1975-03-02", "02-03-1975"]


def test_a_members_name_gets_the_households_last_name_with_one_tap(hp, tksk_kanigaran):
    login_browser(hp, "tksk.kanigaran")
    hp.goto("/pmks/keluarga/tambah/")
    assert hp.get_by_test_id("saran-nama").count() == 0  # nobody typed yet: nothing to offer
    _ketik(hp, "#id_anggota-0-nama", "Slamet Riyadi")
    hp.get_by_test_id("tambah-anggota").tap()
    baris = hp.locator("#div_id_anggota-1-nama")
    assert baris.get_by_test_id("saran-nama").all_inner_texts() == ["+ Riyadi"]
    _ketik(hp, "#id_anggota-1-nama", "Dimas")
    baris.get_by_test_id("saran-nama").tap()
    assert hp.locator("#id_anggota-1-nama").input_value() == "Dimas Riyadi"
    assert baris.get_by_test_id("saran-nama").count() == 0  # already in the name
    # the kepala's field is offered the others' last names, never its own
    assert hp.locator("#div_id_anggota-0-nama").get_by_test_id("saran-nama").count() == 0
    # a one-word name gives nothing to add
    hp.get_by_test_id("tambah-anggota").tap()
    _ketik(hp, "#id_anggota-2-nama", "Sumiati")
    assert hp.locator("#div_id_anggota-2-nama").get_by_test_id("saran-nama").all_inner_texts() == ["+ Riyadi"]
