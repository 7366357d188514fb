"""The fixed-size subjects of ``bench_skala`` (``laporan.bench.subjek``): at every data size the
kecamatan and the kab/kota whose household counts are closest to a target, chosen from the data
alone, with a TKSK and a Dinsos user scoped to them."""

from __future__ import annotations

import io
import random

import pytest
from django.core.management import call_command
from django.db.models import Count

from laporan.bench.subjek import pilih_subjek, terbesar, terdekat
from pmks.models import Anggota, Keluarga
from tksk.models import Peran


def test_closest_area_is_picked_and_ties_go_to_the_smaller_area_then_the_smaller_code():
    assert terdekat({"35.01.01": 90, "35.01.02": 120, "35.01.03": 104}, 100) == "35.01.03"
    assert terdekat({"35.01.02": 110, "35.01.01": 90}, 100) == "35.01.01"  # equally close: the smaller
    assert terdekat({"35.01.09": 100, "35.01.04": 100}, 100) == "35.01.04"  # same size: the smaller code
    assert terdekat({}, 100) is None


def test_choice_does_not_depend_on_the_order_the_counts_come_in():
    ukuran = {f"35.{k:02}.01": n for k, n in enumerate([50, 80, 120, 80, 150, 120, 97, 103])}
    pilihan = set()
    for seed in range(20):
        urutan = list(ukuran.items())
        random.Random(seed).shuffle(urutan)
        pilihan.add((terdekat(dict(urutan), 100), terbesar(dict(urutan))))
    assert pilihan == {("35.06.01", "35.04.01")}


@pytest.mark.django_db(transaction=True)
def test_fixed_size_subject_is_the_kecamatan_closest_to_the_target_with_users_scoped_to_it(transactional_db):
    call_command("buat_data_sintetis", hingga=120, wilayah="35.74", stdout=io.StringIO())
    per_kec = dict(
        Keluarga.objects.filter(kelurahan__kode__startswith="35.74.").values_list("kelurahan__induk__kode")
        .annotate(n=Count("id")).order_by()
    )
    assert len(per_kec) > 1
    target = sorted(per_kec.values())[len(per_kec) // 2] + 1
    jarak_terbaik = min(abs(n - target) for n in per_kec.values())

    subjek = pilih_subjek("35.74", target_kec=target, target_kota=100)
    tetap = subjek["tetap"]
    assert abs(per_kec[tetap["kec"].kode] - target) == jarak_terbaik
    assert tetap["n_kec"] == per_kec[tetap["kec"].kode]
    assert tetap["kota"].kode == "35.74" and tetap["n_kota"] == sum(per_kec.values())
    assert (tetap["tksk"].peran, tetap["tksk"].wilayah) == (Peran.TKSK, tetap["kec"])
    assert (tetap["dinsos"].peran, tetap["dinsos"].wilayah) == (Peran.DINSOS, tetap["kota"])
    assert tetap["tksk"] != subjek["terbesar"]["tksk"]
    assert Anggota.objects.filter(nik=tetap["nik_kota"], keluarga__kelurahan__kode__startswith="35.74.").exists()
    assert subjek["terbesar"]["n_kec"] == max(per_kec.values())

    lagi = pilih_subjek("35.74", target_kec=target, target_kota=100)
    assert (lagi["tetap"]["kec"], lagi["tetap"]["tksk"]) == (tetap["kec"], tetap["tksk"]), "deterministic"
    assert lagi["terbesar"]["kec"] == subjek["terbesar"]["kec"]
