"""Household list page: links keep the search and filters without piling up parameters."""

import pytest

pytestmark = pytest.mark.django_db


def test_page_size_links_replace_the_current_size_instead_of_repeating_it(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    html = client.get("/pmks/", {"per": "50", "q": "Budi"}).content.decode()
    assert 'href="?q=Budi&amp;per=25"' in html
    assert "per=50&amp;per=" not in html and "per=50&per=" not in html


def test_kelurahan_filter_lists_the_users_kelurahan_in_code_order_with_the_chosen_one_selected(
    client, tksk_kanigaran
):
    import re

    from tksk.models import Wilayah

    client.force_login(tksk_kanigaran)
    pilih = Wilayah.objects.get(kode="35.74.04.1002")
    html = client.get(f"/pmks/?kelurahan={pilih.pk}").content.decode()
    select = re.search(r'<select[^>]*name="kelurahan"[^>]*>(.*?)</select>', html, re.S).group(1)
    opsi = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)
    harapan = list(Wilayah.objects.kelurahan().filter(kode__startswith="35.74.04.").order_by("kode"))
    assert opsi[0] == ("", "", "Semua kelurahan")
    assert [(int(v), n) for v, _, n in opsi[1:]] == [(w.pk, w.nama) for w in harapan]
    assert [v for v, s, _ in opsi if s] == [str(pilih.pk)]
