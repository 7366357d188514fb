"""Browser: a TKSK writes the month's narrative, submits the report and downloads the PDF;
Dinas Sosial opens the city recap and downloads its XLSX. Downloads are recorded."""

import io

import pytest
from pypdf import PdfReader

from laporan.models import RiwayatUnduhan, StatusLaporan
from laporan.periode import Periode
from tests.conftest import login_browser
from tests.factories import KeluargaFactory, wilayah

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media_sementara(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_tksk_submits_and_downloads_the_monthly_report(page, tksk_kanigaran, dinsos):
    KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    bulan = Periode.bulan_ini()
    login_browser(page, "tksk.kanigaran")
    page.get_by_test_id("menu-laporan").first.click()
    page.get_by_test_id(f"sel-35.74.04-{bulan.teks}").click()
    assert "Draf" in page.get_by_test_id("status-laporan").inner_text()
    page.locator("#id_kondisi_sosial").fill("Kondisi sosial kondusif.")
    page.locator("#id_kendala").fill("Satu TKSK untuk enam kelurahan.")
    page.locator("#id_rencana_tindak_lanjut").fill("Verifikasi bersama PSM.")
    page.get_by_role("button", name="Simpan narasi").click()
    page.wait_for_load_state("networkidle")
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("tombol-ajukan").click()
    page.wait_for_load_state("networkidle")
    assert "Diajukan" in page.get_by_test_id("status-laporan").inner_text()
    assert page.get_by_test_id("info-beku").is_visible()

    with page.expect_download() as info:
        page.get_by_test_id("unduh-pdf").click()
    unduhan = info.value
    assert unduhan.suggested_filename.endswith(".pdf") and "draf" not in unduhan.suggested_filename
    isi = open(unduhan.path(), "rb").read()
    teks = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(isi)).pages)
    assert "Satu TKSK untuk enam kelurahan." in teks and "Kanigaran" in teks
    catatan = RiwayatUnduhan.objects.get()
    assert catatan.oleh == tksk_kanigaran and catatan.status_laporan == StatusLaporan.DIAJUKAN


def test_dinsos_downloads_the_city_recap_xlsx(page, dinsos):
    login_browser(page, "dinsos")
    page.goto("/laporan/")
    page.get_by_test_id("link-rekap").click()
    with page.expect_download() as info:
        page.get_by_test_id("unduh-rekap-xlsx").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    assert RiwayatUnduhan.objects.filter(oleh=dinsos, jenis="rekap", format="xlsx").count() == 1


def test_report_page_is_usable_on_a_phone(phone_page, tksk_kanigaran):
    login_browser(phone_page, "tksk.kanigaran")
    phone_page.goto(f"/laporan/35.74.04/{Periode.bulan_ini().teks}/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "halaman laporan tidak boleh bergeser horizontal di layar 360 px"
