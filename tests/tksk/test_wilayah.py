"""How a region is named to users."""

import pytest

from tests.factories import wilayah

pytestmark = pytest.mark.django_db


def test_region_name_does_not_repeat_its_level():
    assert str(wilayah("35.74")) == "Kota Probolinggo"
    assert str(wilayah("35.74.04")) == "Kecamatan Kanigaran"
    assert str(wilayah("35.74.04.1003")).startswith("Kelurahan ")


def test_dashboard_names_the_city_once(client, dinsos):
    client.force_login(dinsos)
    html = client.get("/").content.decode()
    assert "Kota Probolinggo" in html and "Kota Kota" not in html
