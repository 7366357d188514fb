"""Household list page: links keep the search and filters without piling up parameters."""

import pytest

pytestmark = pytest.mark.django_db


def test_page_size_links_replace_the_current_size_instead_of_repeating_it(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    html = client.get("/pmks/", {"per": "50", "q": "Budi"}).content.decode()
    assert 'href="?q=Budi&amp;per=25"' in html
    assert "per=50&amp;per=" not in html and "per=50&per=" not in html
