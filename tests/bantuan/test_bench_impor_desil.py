"""``manage.py bench_impor_desil`` runs the real desil import three times and prints its figures."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from bantuan.models import TandaDesil
from pmks.models import RiwayatDesil

pytestmark = pytest.mark.django_db


def test_bench_prints_each_run_and_flags_recipients_once(settings, tmp_path):
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path)
    out = io.StringIO()
    call_command("bench_impor_desil", jumlah=40, izinkan_db_apa_saja=True, stdout=out)
    teks = out.getvalue()
    for judul in ("Impor pertama", "Impor ulang berkas yang sama", "Posisi baru"):
        assert judul in teks
    assert "riwayat desil ditulis: 0, tanda syarat desil baru: 0" in teks  # the unchanged re-import
    assert RiwayatDesil.objects.count() == 80
    assert TandaDesil.objects.count() == len(set(TandaDesil.objects.values_list("usulan_id", "riwayat_desil_id")))
