"""The demo complaints: one of each kind at several points of the workflow (one overdue), created once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from bantuan import demo as bantuan_demo
from bantuan.aduan import choices as ac
from bantuan.aduan import demo
from bantuan.models import Aduan
from tests.bantuan.conftest import keluarga_pmks
from tksk import demo as tksk_demo

pytestmark = pytest.mark.django_db


def test_demo_complaints_cover_every_kind_and_are_created_once():
    tksk_demo.isi_demo()
    for _ in range(14):
        keluarga_pmks()
    bantuan_demo.isi_demo()
    demo.isi_demo()
    jumlah = Aduan.objects.count()
    demo.isi_demo()
    assert Aduan.objects.count() == jumlah == 5
    assert set(Aduan.objects.values_list("jenis", flat=True)) == set(ac.JenisAduan.values)
    assert {"diterima", "diverifikasi", "diputuskan", "selesai"} <= set(Aduan.objects.values_list("status", flat=True))
    assert Aduan.objects.terlambat(timezone.localdate()).count() == 1
