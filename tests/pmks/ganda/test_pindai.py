"""The duplicate scan (pmks.ganda.pindai): seeded pairs are found, twins are not, decisions are remembered."""

from __future__ import annotations

from datetime import date

import pytest

from pmks.ganda import choices as c
from pmks.ganda.models import PasanganDuplikat
from pmks.ganda.pindai import OrangBaru, calon_untuk_orang

from .helpers import KEL_MAYANGAN, keluarga, orang, pasangan, pindai_kota, tukar_tanggal

pytestmark = pytest.mark.django_db


@pytest.fixture
def benih():
    """Three duplicates of three people, and twins with different names."""
    k1 = keluarga(nama_kepala="Bambang Sutrisno", lahir=date(1971, 8, 3))
    k2 = keluarga(KEL_MAYANGAN, nama_kepala="Bambang Sutrisna", lahir=date(1971, 8, 3))  # typo of the name
    k3 = keluarga(nama_kepala="Soekarno", lahir=date(1961, 6, 6), tempat_lahir="Blitar")
    k4 = keluarga(KEL_MAYANGAN, nama_kepala="Sukarno", lahir=date(1961, 6, 6), tempat_lahir="Blitar")  # old spelling
    asli = orang(k1, nama="Nur Aini", lahir=date(1990, 3, 12), jk="P")
    tertukar = orang(k2, nama="Nur Aini", lahir=date(1990, 3, 12), jk="P", nik=tukar_tanggal(asli.nik))  # 12→21
    kembar = keluarga(nama_kepala="Hasanudin Malik", lahir=date(1975, 1, 9))
    hasan = orang(kembar, nama="Hasan Basri", lahir=date(2012, 4, 1))
    husain = orang(kembar, nama="Husain Fadli", lahir=date(2012, 4, 1))
    return {"typo": (k1.kepala_uji, k2.kepala_uji), "ejaan": (k3.kepala_uji, k4.kepala_uji),
            "nik": (asli, tertukar), "kembar": (hasan, husain)}


def test_scan_finds_typo_old_spelling_and_swapped_nik_pairs(benih):
    assert pindai_kota() >= 3
    typo = pasangan(*benih["typo"])
    assert typo and c.AlasanPasangan.NAMA_MIRIP in typo.alasan and 60 <= typo.skor < 100
    ejaan = pasangan(*benih["ejaan"])  # Soekarno / Sukarno: one normalised name
    assert ejaan and ejaan.kemiripan_nama == 1.0
    assert {c.AlasanPasangan.NAMA_MIRIP, c.AlasanPasangan.NAMA_TEMPAT_TANGGAL} <= set(ejaan.alasan)
    nik = pasangan(*benih["nik"])
    assert nik and c.AlasanPasangan.NIK_TERTUKAR in nik.alasan and nik.skor == 100


def test_twins_with_different_names_are_not_a_pair(benih):
    pindai_kota()
    assert pasangan(*benih["kembar"]) is None


def test_swapped_nik_of_two_different_people_is_not_proposed_on_the_nik_alone(benih):
    k = keluarga(nama_kepala="Wahyu Pratama", lahir=date(1985, 2, 2))
    x = orang(k, nama="Rina Marlina", lahir=date(1990, 3, 12), jk="P")
    y = orang(k, nama="Joko Susilo", lahir=date(1990, 3, 21), jk="L", nik=tukar_tanggal(x.nik))
    pindai_kota()
    assert pasangan(x, y) is None


def test_scan_run_twice_creates_no_duplicate_pairs(benih):
    pertama = pindai_kota()
    jumlah = PasanganDuplikat.objects.count()
    assert pertama == jumlah > 0
    assert pindai_kota() == 0
    assert PasanganDuplikat.objects.count() == jumlah


def test_pair_decided_berbeda_is_never_proposed_again(benih, dinsos):
    from pmks.ganda.services import pasangan_tandai_berbeda

    pindai_kota()
    p = pasangan(*benih["typo"])
    pasangan_tandai_berbeda(user=dinsos, pasangan=p, alasan="Dua orang berbeda, sudah dicek di lapangan")
    pindai_kota()
    p.refresh_from_db()
    assert p.status == c.StatusPasangan.BERBEDA
    assert PasanganDuplikat.objects.filter(anggota_a=p.anggota_a, anggota_b=p.anggota_b).count() == 1


def test_pairs_are_ordered_by_id_and_stored_with_the_kab_kota(benih):
    pindai_kota()
    for p in PasanganDuplikat.objects.all():
        assert p.anggota_a_id < p.anggota_b_id and p.kode_kabkota == "35.74"


def test_entry_check_uses_the_same_rules(benih):
    asli = benih["nik"][0]
    calon = calon_untuk_orang([
        OrangBaru(0, "Bambang Sutrisnu", date(1971, 8, 3), "L"),
        OrangBaru(1, "Soekarno", date(1961, 6, 6), "P", "Blitar"),  # sex typed wrong: name + place + date
        OrangBaru(2, "N. Aini", date(1990, 3, 12), "P", nik=tukar_tanggal(asli.nik)),
        OrangBaru(3, "Husain Fadli", date(2012, 4, 2)),
    ])
    per_baris = {}
    for k in calon:
        per_baris.setdefault(k.indeks, set()).update(k.alasan)
    assert c.AlasanPasangan.NAMA_MIRIP in per_baris[0]
    assert c.AlasanPasangan.NAMA_TEMPAT_TANGGAL in per_baris[1]
    assert c.AlasanPasangan.NIK_TERTUKAR in per_baris[2]
    assert 3 not in per_baris
