"""One link to a household: ``Keluarga.get_absolute_url()``, used by every page that names one."""

import pytest

from tests.factories import KeluargaFactory, wilayah

pytestmark = pytest.mark.django_db


def test_household_url_is_its_detail_page(client, tksk_kanigaran):
    k = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    assert k.get_absolute_url() == f"/pmks/keluarga/{k.pk}/"
    client.force_login(tksk_kanigaran)
    assert client.get(k.get_absolute_url()).status_code == 200


def test_pendampingan_forms_link_back_to_the_household(client, tksk_kanigaran):
    k = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    client.force_login(tksk_kanigaran)
    for jenis in ("kunjungan", "tindak-lanjut", "rujukan"):
        url = f"/pmks/pendampingan/keluarga/{k.pk}/{jenis}/tambah/"
        assert f'href="{k.get_absolute_url()}"' in client.get(url).content.decode(), url
