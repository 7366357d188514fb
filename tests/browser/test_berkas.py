"""Browser: a photo carrying a script under an HTML name is shown as a picture (on the visit page
and opened on its own) and its script never runs; a form re-rendered with an error says the chosen
photo must be chosen again."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pmks.pendampingan.models import FotoKunjungan
from tests.conftest import login_browser
from tests.factories import KeluargaFactory, wilayah
from tests.masukan_jahat import png_berskrip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_scripted_photo_named_html_is_shown_as_a_picture_and_never_runs(page, tksk_kanigaran, tmp_path):
    keluarga = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    foto = tmp_path / "foto.html"
    foto.write_bytes(png_berskrip().read())
    login_browser(page, "tksk.kanigaran")
    page.goto(f"/pmks/pendampingan/keluarga/{keluarga.pk}/kunjungan/tambah/")

    # An error first: the chosen photo is dropped, and the form says so next to the field.
    page.locator("#id_tanggal").fill("")
    page.locator("#id_jenis").select_option("asesmen")
    page.locator("#id_foto").set_input_files(str(foto))
    page.get_by_role("button", name="Simpan kunjungan").click()
    page.wait_for_load_state("networkidle")
    assert "«foto.html» belum tersimpan" in page.locator("#div_id_foto").inner_text()

    page.locator("#id_tanggal").fill(timezone.localdate().isoformat())
    page.locator("#id_foto").set_input_files(str(foto))
    page.get_by_role("button", name="Simpan kunjungan").click()
    page.wait_for_url("**/pendampingan/kunjungan/*/")
    gambar = page.locator("img[alt^='Foto kunjungan']")
    gambar.wait_for()
    expect(gambar).to_have_js_property("complete", True)  # no wait_for_function: the page's CSP forbids eval
    assert gambar.evaluate("g => g.naturalWidth") == 8  # decoded as the 8×8 PNG it is

    page.goto(f"/pmks/pendampingan/foto/{FotoKunjungan.objects.get().pk}/")
    assert page.evaluate("document.contentType") == "image/png"
    assert page.title() != "diretas" and page.evaluate("document.scripts.length") == 0
