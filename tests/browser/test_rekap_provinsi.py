"""Browser, phone size: Dinas Sosial provinsi asks for the province recap, the page polls while the
worker composes it and reloads by itself with the result when it is done."""

import pytest

from laporan.choices import StatusRekap
from laporan.models import DokumenRekap
from tests.conftest import login_browser
from tests.factories import PenggunaFactory, wilayah

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media_sementara(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_province_recap_is_asked_for_polled_and_shown_at_360px(phone_page):
    from tests.pekerja import jalankan_pekerja

    PenggunaFactory(username="dinsos.provinsi", peran="dinsos", wilayah=wilayah("35"))
    page = phone_page
    login_browser(page, "dinsos.provinsi")
    page.goto("/laporan/rekap/35/2026-11/")
    page.get_by_test_id("susun-rekap").click()
    page.wait_for_load_state("networkidle")
    assert page.locator('#progres-rekap[hx-trigger="every 2s"]').count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert DokumenRekap.objects.get().status == StatusRekap.ANTRE
    jalankan_pekerja()
    page.get_by_test_id("unduh-rekap-pdf").wait_for(timeout=20_000)  # the poll reloaded the page
    assert "Disusun" in page.get_by_test_id("progres-rekap").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
