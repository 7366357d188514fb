"""The pendampingan demo data: fills the dashboard and is idempotent."""

import pytest

from pmks.pendampingan.demo import isi_demo
from pmks.pendampingan.models import PSKS, Kunjungan, RencanaTindakLanjut, Rujukan
from pmks.pendampingan.selectors import angka_dasbor
from tests.factories import KeluargaFactory, wilayah


@pytest.mark.django_db
def test_demo_is_idempotent_and_feeds_the_dashboard(tksk_kanigaran):
    for kode in ("35.74.04.1001", "35.74.04.1003", "35.74.04.1002"):
        for _ in range(4):
            KeluargaFactory(kelurahan=wilayah(kode))
    isi_demo()
    hitung = (Kunjungan.objects.count(), RencanaTindakLanjut.objects.count(), Rujukan.objects.count(),
              PSKS.objects.count())
    assert hitung[0] >= 10 and hitung[1] >= 1 and hitung[2] == 3 and hitung[3] == 4
    isi_demo()
    assert (Kunjungan.objects.count(), RencanaTindakLanjut.objects.count(), Rujukan.objects.count(),
            PSKS.objects.count()) == hitung
    d = angka_dasbor(user=tksk_kanigaran)
    assert d.total.keluarga == 12
    assert d.total.belum_pernah_dikunjungi == 3
