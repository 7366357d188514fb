"""The whole DEMO data set (``manage.py demo_data``) has ~6 months of plausible history, and a
second run changes nothing."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from bantuan.models import Penyaluran, Usulan
from laporan.models import LaporanBulanan, StatusLaporan
from laporan.periode import Periode
from laporan.selectors import angka_rekap
from pmks.models import Anggota, Keluarga, KlasifikasiPMKS
from pmks.pendampingan.models import Kunjungan, Rujukan
from tksk.models import Wilayah

pytestmark = pytest.mark.django_db


def _jumlah():
    return [m.objects.count() for m in (Keluarga, Anggota, KlasifikasiPMKS, Kunjungan, Rujukan, Usulan, Penyaluran,
                                        LaporanBulanan)]


def test_demo_data_spans_past_months_in_plausible_order_and_is_idempotent():
    call_command("demo_data", stdout=StringIO())
    jumlah = _jumlah()
    tanggal_kk = list(Keluarga.objects.order_by("id").values_list("dibuat_pada", flat=True))
    call_command("demo_data", stdout=StringIO())
    assert _jumlah() == jumlah
    assert list(Keluarga.objects.order_by("id").values_list("dibuat_pada", flat=True)) == tanggal_kk

    hari_ini = timezone.localdate()
    bulan = Counter(timezone.localdate(t).replace(day=1) for t in tanggal_kk)
    assert len(bulan) >= 5 and max(tanggal_kk) <= timezone.now()
    assert (hari_ini - timezone.localdate(min(tanggal_kk))).days <= 190

    for kj in Kunjungan.objects.prefetch_related("keluarga"):
        assert all(kj.tanggal >= timezone.localdate(k.dibuat_pada) for k in kj.keluarga.all())
    assert len({kj.tanggal.replace(day=1) for kj in Kunjungan.objects.all()}) >= 4
    for rj in Rujukan.objects.select_related("keluarga"):
        assert rj.tanggal >= timezone.localdate(rj.keluarga.dibuat_pada)
    for k in KlasifikasiPMKS.objects.select_related("keluarga"):
        assert k.tanggal_asesmen <= timezone.localdate(k.keluarga.dibuat_pada)
    for u in Usulan.objects.select_related("keluarga").prefetch_related("riwayat", "penyaluran"):
        pada = [r.pada for r in sorted(u.riwayat.all(), key=lambda r: r.id)]
        assert pada == sorted(pada) and u.keluarga.dibuat_pada <= u.dibuat_pada <= pada[-1]
        if u.diputuskan_pada:
            assert u.diputuskan_pada >= u.diajukan_pada >= u.dibuat_pada
            assert all(p.tanggal >= timezone.localdate(u.diputuskan_pada) for p in u.penyaluran.all())
    # Sembako goes out on the 10th of each month of the program year (before the 10th of January: today)
    hari_salur = sum(date(hari_ini.year, b, 10) <= hari_ini for b in range(1, hari_ini.month + 1)) or 1
    assert Penyaluran.objects.filter(usulan__program__jenis="sembako").values("bulan").distinct().count() >= min(
        3, hari_salur
    )

    lalu = Periode.bulan_ini().sebelumnya
    assert list(LaporanBulanan.objects.order_by("periode").values_list("periode", "status")) == [
        (lalu.awal, StatusLaporan.DITERIMA), (Periode.bulan_ini().awal, StatusLaporan.DRAF)
    ]
    rekap = angka_rekap(kota=Wilayah.objects.get(kode="35.74"), periode=lalu)
    registri = next(b for b in rekap["bagian"] if any("Keluarga" in t.get("judul", "") for t in b["tabel"]))
    assert registri["tabel"][0]["total"]["kk"] > 0
