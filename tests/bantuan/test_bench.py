"""``manage.py bench_bantuan`` measures every page and leaves the database as it found it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from bantuan.models import PenerimaanEksternal, ProgramBantuan, Usulan

from .conftest import keluarga_pmks

pytestmark = pytest.mark.django_db


def test_bench_reports_each_page_and_rolls_back_its_synthetic_aid(tksk_kanigaran):
    for _ in range(6):
        keluarga_pmks()
    out = io.StringIO()
    call_command("bench_bantuan", ulang=1, porsi=0.5, stdout=out)
    teks = out.getvalue()
    for label in ("tumpang tindih, Dinsos", "tumpang tindih, TKSK Kanigaran", "belum terjangkau, Dinsos",
                  "antrean usulan, Dinsos"):
        assert label in teks
    assert "'usulan': 3" in teks
    assert "laporan" not in teks  # bantuan's bench no longer reaches up into laporan
    assert not (Usulan.objects.exists() or PenerimaanEksternal.objects.exists() or ProgramBantuan.objects.exists())
