"""The demo data: programs always, proposals once households exist; running twice changes nothing."""

import pytest

from bantuan import demo
from bantuan.models import PenerimaanEksternal, Penyaluran, ProgramBantuan, Usulan
from tksk import demo as tksk_demo

from .conftest import keluarga_pmks

pytestmark = pytest.mark.django_db


def test_demo_without_households_creates_programs_only():
    tksk_demo.isi_demo()
    demo.isi_demo()
    assert ProgramBantuan.objects.count() == 6
    assert not Usulan.objects.exists()
    ternak = ProgramBantuan.objects.get(kode__startswith="ternak-kambing")
    assert ternak.tidak_boleh_bersamaan.filter(jenis="modal_usaha").exists()
    assert ProgramBantuan.objects.get(kode__startswith="rtlh").batas_ulang_tahun == 10


def test_demo_with_households_is_idempotent_and_has_statuses_and_overlap():
    tksk_demo.isi_demo()
    for _ in range(14):
        keluarga_pmks()
    demo.isi_demo()
    jumlah = (ProgramBantuan.objects.count(), Usulan.objects.count(), Penyaluran.objects.count(),
              PenerimaanEksternal.objects.count())
    demo.isi_demo()
    assert jumlah == (ProgramBantuan.objects.count(), Usulan.objects.count(), Penyaluran.objects.count(),
                      PenerimaanEksternal.objects.count())
    statuses = set(Usulan.objects.values_list("status", flat=True))
    assert {"diajukan", "diverifikasi", "disetujui", "disalurkan", "ditolak", "dikembalikan", "dibatalkan"} - {
        "disetujui"
    } <= statuses
    assert PenerimaanEksternal.objects.count() == 3
