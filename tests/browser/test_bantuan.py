"""Browser: TKSK proposes → Dinas Sosial verifies and approves → distribution recorded →
the household page shows the aid."""

import pytest

from bantuan import choices as c
from tests.bantuan.conftest import buat_program, keluarga_pmks
from tests.conftest import login_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _keluar(page):
    page.get_by_test_id("menu-pengguna").click()
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/accounts/login/")


def test_full_aid_journey_from_proposal_to_household_page(page, tksk_kanigaran, dinsos, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    program = buat_program("sembako-browser", c.JenisProgram.SEMBAKO, frekuensi=c.Frekuensi.BULANAN,
                           nilai_per_penerima=200_000)
    keluarga = keluarga_pmks()
    kepala = keluarga.kepala_uji.nama

    # 1. TKSK proposes from the household (one click from the gap list)
    login_browser(page, "tksk.kanigaran")
    page.goto("/bantuan/belum-terjangkau/")
    page.get_by_test_id(f"usulkan-{keluarga.pk}").click()
    page.get_by_test_id("pilih-program").select_option(str(program.pk))
    page.locator("#id_justifikasi").fill("Fakir miskin, kepala keluarga buruh harian lepas.")
    page.get_by_test_id("simpan-ajukan").click()
    page.wait_for_load_state("networkidle")
    assert "Diajukan" in page.get_by_test_id("status-usulan").first.inner_text()
    usulan_url = page.url
    _keluar(page)

    # 2. Dinas Sosial verifies and approves
    login_browser(page, "dinsos")
    page.goto(usulan_url)
    page.get_by_test_id("aksi-verifikasi").click()
    page.wait_for_load_state("networkidle")
    assert "Diverifikasi" in page.get_by_test_id("status-usulan").first.inner_text()
    page.get_by_test_id("aksi-setujui").click()
    page.wait_for_load_state("networkidle")
    assert "Disetujui" in page.get_by_test_id("status-usulan").first.inner_text()
    assert page.get_by_test_id("data-beku").is_visible()

    # 3. Distribution recorded
    page.get_by_test_id("catat-penyaluran").click()
    page.locator("#id_tanggal").fill(program.periode_mulai.isoformat())
    page.locator("#id_diterima_oleh").fill(kepala)
    page.get_by_role("button", name="Catat penyaluran").click()
    page.wait_for_load_state("networkidle")
    assert "Disalurkan" in page.get_by_test_id("status-usulan").first.inner_text()
    assert kepala in page.get_by_test_id("daftar-penyaluran").inner_text()

    # 4. The household page shows it
    page.goto(f"/pmks/keluarga/{keluarga.pk}/")
    panel = page.get_by_test_id("panel-bantuan").first
    teks = panel.inner_text()
    assert program.nama in teks and "Disalurkan" in teks and "Rp200.000" in teks


def test_queue_is_usable_on_a_phone(phone_page, dinsos):
    login_browser(phone_page, "dinsos")
    phone_page.goto("/bantuan/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
