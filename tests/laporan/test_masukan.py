"""Hostile values in the report URLs (issue #10, item 11): a null byte or junk where a region code
or a verification code belongs answers 404, never reaches the database, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [
    "/laporan/%00/2026-10/",
    "/laporan/35.74.04%00/2026-10/unduh.pdf",
    "/laporan/rekap/%00/2026-10/",
    "/laporan/rekap/35.74%00/2026-10/unduh.xlsx",
    "/laporan/verifikasi/%00/",
    "/laporan/verifikasi/abc%00def/",
    "/laporan/" + "9" * 300 + "/2026-10/",
])
def test_null_byte_or_junk_in_a_report_url_is_404_not_500(client, dinsos, url):
    client.force_login(dinsos)
    assert client.get(url).status_code == 404


def test_null_byte_in_a_report_action_url_is_404_not_500(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    assert client.post("/laporan/%00/2026-10/narasi/", {"kondisi_sosial": "a"}).status_code == 404
