"""Browser: the main menu fits one row on a 1280 px office screen for every role, the grouped
entries open from their group, and on a phone the groups expand inside the collapsed menu."""

import pytest

from tests.conftest import login_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _baris_menu(page) -> dict:
    """Height of the navbar and how far its last item (the user badge) reaches."""
    return page.evaluate(
        """() => {
          const nav = document.querySelector('nav.navbar');
          const lencana = document.querySelector('[data-testid=menu-pengguna] .badge').getBoundingClientRect();
          const wadah = nav.querySelector('.container-lg').getBoundingClientRect();
          // one row: every item's vertical middle lies within the first item's height
          const kotak = [...nav.querySelectorAll('.navbar-nav > .nav-item')].map(e => e.getBoundingClientRect())
                                 .filter(k => k.height > 0);
          const pertama = kotak[0];
          const baris = kotak.some(k => Math.abs((k.top + k.bottom) / 2 - (pertama.top + pertama.bottom) / 2)
                                        > pertama.height / 2) ? 2 : 1;
          return {tinggi: nav.getBoundingClientRect().height, kanan: lencana.right, batas: wadah.right, baris};
        }"""
    )


@pytest.mark.parametrize("persona", ["tksk.kanigaran", "dinsos", "admin"])
def test_main_menu_fits_one_row_at_1280_px_with_the_role_badge_visible(page, personas, persona):
    login_browser(page, persona)
    ukuran = _baris_menu(page)
    assert ukuran["baris"] == 1, f"menu {persona} pecah menjadi {ukuran['baris']} baris"
    assert ukuran["kanan"] <= ukuran["batas"] + 0.5, f"lencana peran {persona} terpotong"
    assert ukuran["tinggi"] < 80


def test_privacy_pages_open_from_the_privacy_group(page, personas):
    login_browser(page, "admin")
    assert not page.get_by_test_id("menu-akses").is_visible()
    page.get_by_test_id("menu-grup-privasi").click()
    page.get_by_test_id("menu-akses").click()
    page.wait_for_url("**/akses/**")
    assert "Log akses" in page.locator("h1").inner_text()


def test_on_a_phone_the_data_group_opens_inside_the_collapsed_menu(phone_page, tksk_kanigaran):
    login_browser(phone_page, "tksk.kanigaran")
    phone_page.locator(".navbar-toggler").tap()
    phone_page.get_by_test_id("menu-grup-data").tap()
    impor = phone_page.get_by_test_id("menu-impor")
    kotak = impor.bounding_box()
    assert kotak["x"] >= 0 and kotak["x"] + kotak["width"] <= 360
    impor.tap()
    phone_page.wait_for_url("**/impor/**")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
