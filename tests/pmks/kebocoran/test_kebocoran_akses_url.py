"""URL × role matrix of the breach-incident pages: administrator only (the auditor), 403 for all else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pmks.models import InsidenKebocoran
from tests.akses import PERSONA, Kasus, periksa, semua


def _data(d) -> dict:
    jam = timezone.localtime() - timedelta(hours=1)  # just after midnight WIB this is yesterday
    return {
        "judul": "Laptop dinas hilang", "ditemukan_pada": jam.strftime("%Y-%m-%dT%H:%M"),
        "terjadi_sejak": jam.date().isoformat(), "uraian": "Dicuri di pasar.",
        "data_terdampak": "Berkas ekspor: NIK, nama, alamat", "jumlah_keluarga": "120",
    }


KASUS = [
    Kasus("kebocoran_list", lambda d: "/pmks/kebocoran/", semua(403, admin=200)),
    Kasus("kebocoran_baru", lambda d: "/pmks/kebocoran/baru/", semua(403, admin=200)),
    Kasus("kebocoran_baru_post", lambda d: "/pmks/kebocoran/baru/", semua(403, admin=302), method="post", data=_data),
    Kasus("kebocoran_detail", lambda d: f"/pmks/kebocoran/{d['insiden'].pk}/", semua(403, admin=200)),
    Kasus("kebocoran_detail_tidak_ada", lambda d: "/pmks/kebocoran/999999/", semua(403, admin=404)),
    Kasus("kebocoran_ubah", lambda d: f"/pmks/kebocoran/{d['insiden'].pk}/ubah/", semua(403, admin=200)),
    Kasus("kebocoran_ubah_post", lambda d: f"/pmks/kebocoran/{d['insiden'].pk}/ubah/", semua(403, admin=302),
          method="post", data=_data, versi_dari=lambda d: d["insiden"]),
]


@pytest.fixture
def dunia(db, admin_user):
    return {"insiden": InsidenKebocoran.objects.create(
        judul="Akun dipakai orang lain", ditemukan_pada=timezone.now() - timedelta(hours=2),
        terjadi_sejak=(timezone.localtime() - timedelta(hours=2)).date(), uraian="x", data_terdampak="NIK",
        dicatat_oleh=admin_user,
    )}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA)
@pytest.mark.parametrize("kasus", KASUS, ids=lambda k: k.nama)
def test_url_answers_each_role_as_designed(client, personas, dunia, kasus, persona):
    periksa(client, kasus, persona, personas, dunia)
