"""All of Indonesia's regions (vendored idn-area-data 4.0.1) and province-scoped roles."""

from __future__ import annotations

import csv
import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from tests.factories import KeluargaFactory, PenggunaFactory, wilayah
from tksk import wilayah_indonesia as wi
from tksk.models import Tingkat, Wilayah

KOTA_PASURUAN = "35.75"
KEL_PASURUAN = "35.75.01.1001"  # Kelurahan Karangketug, Kecamatan Gadingrejo


def test_vendored_region_files_are_unmodified_copies_of_the_package():
    sumber = (wi.FOLDER / "SUMBER.md").read_text(encoding="utf-8")
    for nama, _ in wi.BERKAS:
        dicatat = re.search(rf"`{re.escape(nama)}` ([0-9a-f]{{64}})", sumber).group(1)
        assert hashlib.sha256((wi.FOLDER / nama).read_bytes()).hexdigest() == dicatat, nama
    assert (wi.FOLDER / "LICENSE-DATA-ODbL.md").exists()


def test_vendored_list_holds_every_region_of_indonesia_by_level():
    per_tingkat: dict[str, int] = {}
    for b in wi.baca_semua():
        per_tingkat[b.tingkat] = per_tingkat.get(b.tingkat, 0) + 1
    assert per_tingkat[Tingkat.PROVINSI] == 38
    assert per_tingkat[Tingkat.KOTA] + per_tingkat[Tingkat.KABUPATEN] == 514
    assert per_tingkat[Tingkat.KECAMATAN] == 7285
    assert per_tingkat[Tingkat.KELURAHAN] + per_tingkat[Tingkat.DESA] == 83762


def test_every_shipped_probolinggo_region_matches_the_national_list():
    nasional = {b.kode: b for b in wi.baca_semua()}
    with (wi.FOLDER.parent / "wilayah_probolinggo.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            b = nasional[row["kode"]]
            assert (b.nama, b.tingkat, b.kode_induk or "") == (row["nama"], row["tingkat"], row["kode_induk"])


def test_loading_a_kota_adds_its_regions_once_and_keeps_existing_ones(db):
    sebelum = Wilayah.objects.count()
    call_command("muat_wilayah", KOTA_PASURUAN, stdout=open("/dev/null", "w"))  # noqa: SIM115
    kota = Wilayah.objects.get(kode=KOTA_PASURUAN)
    assert kota.tingkat == Tingkat.KOTA and kota.induk.kode == "35"
    kelurahan = Wilayah.objects.get(kode=KEL_PASURUAN)
    assert kelurahan.tingkat == Tingkat.KELURAHAN and kelurahan.induk.induk == kota
    dimuat = Wilayah.objects.count() - sebelum
    assert dimuat == 1 + 4 + 34  # the kota, its 4 kecamatan and 34 kelurahan; Jawa Timur already existed

    hasil = wi.wilayah_muat(awalan=[KOTA_PASURUAN])
    assert hasil.jumlah_dibuat == 0 and Wilayah.objects.count() == sebelum + dimuat


def test_reloading_never_undoes_an_administrators_rename_unless_asked(db):
    kel = wilayah("35.74.04.1003")
    kel.nama = "Kanigaran (nama lokal)"
    kel.save()
    wi.wilayah_muat(awalan=["35.74"])
    kel.refresh_from_db()
    assert kel.nama == "Kanigaran (nama lokal)"
    hasil = wi.wilayah_muat(awalan=["35.74"], perbarui_nama=True)
    kel.refresh_from_db()
    assert kel.nama == "Kanigaran" and hasil.diperbarui == 1


def test_unknown_region_code_is_refused_instead_of_loading_nothing(db):
    with pytest.raises(CommandError, match="tidak dikenal: 99.99"):
        call_command("muat_wilayah", "99.99")


@pytest.fixture
def pasuruan(db):
    wi.wilayah_muat(awalan=[KOTA_PASURUAN])
    return wilayah(KEL_PASURUAN)


@pytest.fixture
def dinsos_provinsi(pasuruan):
    return PenggunaFactory(username="dinsos.jatim", peran="dinsos", wilayah=wilayah("35"))


def test_dinas_sosial_and_pejabat_may_be_scoped_to_a_province_but_a_tksk_may_not(dinsos_provinsi):
    dinsos_provinsi.full_clean()
    PenggunaFactory.build(username="pejabat.jatim", peran="pejabat", wilayah=wilayah("35")).full_clean()
    with pytest.raises(ValidationError):
        PenggunaFactory.build(username="tksk.jatim", peran="tksk", wilayah=wilayah("35")).full_clean()


def test_province_dinsos_reads_households_of_every_kota_below_it(client, dinsos_provinsi, pasuruan):
    di_probolinggo = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    di_pasuruan = KeluargaFactory(kelurahan=pasuruan)
    client.force_login(dinsos_provinsi)
    for keluarga in (di_probolinggo, di_pasuruan):
        assert client.get(f"/pmks/keluarga/{keluarga.pk}/").status_code == 200


def test_kota_dinsos_never_sees_a_household_of_another_kota(client, dinsos, pasuruan):
    di_pasuruan = KeluargaFactory(kelurahan=pasuruan)
    client.force_login(dinsos)
    assert client.get(f"/pmks/keluarga/{di_pasuruan.pk}/").status_code == 404


def test_province_pejabat_reads_but_cannot_write(client, pasuruan):
    pejabat = PenggunaFactory(username="pejabat.jatim", peran="pejabat", wilayah=wilayah("35"))
    keluarga = KeluargaFactory(kelurahan=pasuruan)
    client.force_login(pejabat)
    assert client.get(f"/pmks/keluarga/{keluarga.pk}/").status_code == 200
    assert client.get(f"/pmks/keluarga/{keluarga.pk}/ubah/").status_code == 403


@pytest.mark.parametrize(
    "url", ["/", "/pmks/", "/bantuan/", "/bantuan/program/", "/bantuan/tumpang-tindih/",
            "/bantuan/belum-terjangkau/", "/pmks/pendampingan/kunjungan/", "/laporan/", "/wilayah/"],
)
def test_province_dinsos_opens_every_main_page(client, dinsos_provinsi, pasuruan, url):
    KeluargaFactory(kelurahan=pasuruan)
    client.force_login(dinsos_provinsi)
    assert client.get(url).status_code == 200
