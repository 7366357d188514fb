"""URL × role matrix for the user guide (/panduan/): every logged-in role reads every chapter."""

import pytest

from tests.akses import PERSONA, Kasus, periksa, semua

KASUS = [
    Kasus("panduan_indeks", lambda d: "/panduan/", semua(200)),
    Kasus("panduan_bab_tksk", lambda d: "/panduan/tksk/", semua(200)),
    Kasus("panduan_bab_admin", lambda d: "/panduan/admin/", semua(200)),
    Kasus("panduan_bab_tidak_ada", lambda d: "/panduan/tidak-ada/", semua(404)),
    Kasus("panduan_pdf", lambda d: "/panduan/panduan.pdf", semua(200)),
    Kasus("panduan_post_ditolak", lambda d: "/panduan/", semua(405), method="post"),
]


@pytest.fixture(autouse=True)
def _tanpa_gambar(settings, tmp_path):
    """Who may open what does not depend on the screenshots; without them the PDF renders faster."""
    settings.SIDAMPING_PANDUAN_GAMBAR = str(tmp_path)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA)
@pytest.mark.parametrize("kasus", KASUS, ids=lambda k: k.nama)
def test_url_answers_each_role_as_designed(client, personas, kasus, persona):
    periksa(client, kasus, persona, personas, {})
