"""Browser: a TKSK on a phone (360 px) opens the duplicate queue, sees the pair without sideways
scrolling, picks the NIK and merges; the archived record is no longer in the queue."""

from datetime import date

import pytest

from pmks.models import Anggota
from pmks.registri import choices as rc
from tests.conftest import login_browser
from tests.pmks.ganda.helpers import keluarga, orang, pasangan, pindai_kota

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tksk_merges_a_pair_on_a_phone(phone_page, tksk_kanigaran):
    k = keluarga(nama_kepala="Slamet Riyadi", lahir=date(1965, 7, 7))
    a = orang(k, nama="Nur Aini", lahir=date(1990, 3, 12), jk="P", tempat="Probolinggo")
    b = orang(k, nama="Nur Aeni", lahir=date(1990, 3, 12), jk="P", tempat="Kraksaan")
    pindai_kota()
    p = pasangan(a, b)

    hp = phone_page
    hp.goto("/accounts/login/", timeout=60_000)
    login_browser(hp, "tksk.kanigaran")
    hp.goto("/pmks/ganda/")
    hp.get_by_test_id("antrean-ganda").get_by_role("link").first.click()
    hp.wait_for_load_state("networkidle")
    lebar = hp.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 361).map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert hp.evaluate("document.documentElement.scrollWidth") <= 360, f"halaman pasangan bergeser horizontal: {lebar}"
    hp.locator(f"#id_penyintas input[value='{a.pk}'], input[name='penyintas'][value='{a.pk}']").first.check()
    hp.locator(f"input[name='pilih_nik'][value='{a.pk}']").check()
    hp.locator(f"input[name='pilih_tempat_lahir'][value='{b.pk}']").check()
    hp.locator("#id_alasan").first.fill("Orang yang sama, nama salah ketik")
    hp.get_by_role("button", name="Gabungkan").click()
    hp.wait_for_load_state("networkidle")
    assert f"/pmks/keluarga/{k.pk}/" in hp.url
    assert Anggota.objects.get(pk=b.pk).status == rc.StatusAnggota.DIGABUNG
    assert Anggota.objects.get(pk=a.pk).tempat_lahir == "Kraksaan"
    hp.goto("/pmks/ganda/")
    assert f"/pmks/ganda/{p.pk}/" not in hp.content()
