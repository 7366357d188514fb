"""URL × role matrix for the tksk app's pages."""

import pytest

from tests.akses import PERSONA, Kasus, periksa, semua

KASUS = [
    Kasus("home", lambda d: "/", semua(200)),
    Kasus("healthz", lambda d: "/healthz", {**semua(200), "anonim": 200}),
    Kasus("wilayah_list", lambda d: "/wilayah/", semua(200)),
    Kasus("password_change", lambda d: "/accounts/password_change/", semua(200)),
    Kasus("admin", lambda d: "/admin/", semua(302, admin=200)),
]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA)
@pytest.mark.parametrize("kasus", KASUS, ids=lambda k: k.nama)
def test_url_answers_each_role_as_designed(client, personas, kasus, persona):
    periksa(client, kasus, persona, personas, {})
