"""Aid, pendampingan and coverage figures against the hand-computed ``dunia_lengkap`` fixture."""

from datetime import date

import pytest

from laporan.periode import Periode
from laporan.selectors import angka_laporan, angka_rekap
from tests.laporan.helpers import bagian, baris, tabel

NOVEMBER = Periode(date(2026, 11, 1))


@pytest.fixture
def dok(dunia_lengkap, kec_kanigaran):
    return angka_laporan(kecamatan=kec_kanigaran, periode=NOVEMBER)


@pytest.mark.django_db
def test_every_section_is_available_once_bantuan_and_pendampingan_exist(dok):
    assert [(b["kode"], b["tersedia"]) for b in dok["bagian"]] == [
        ("registri", True), ("usulan", True), ("penyaluran", True), ("pendampingan", True), ("cakupan", True),
    ]


@pytest.mark.django_db
def test_proposals_by_program_and_status_reached_in_the_month(dok):
    rows = baris(dok, "usulan_per_program")
    # Sembako: U3 created + submitted + rejected in November; U1 approved 2026-10-31 20:00 UTC = 1 Nov WIB.
    assert rows["Sembako"] == {
        "dibuat": 1, "diajukan": 1, "diverifikasi": 0, "disetujui": 1, "ditolak": 1, "dikembalikan": 0,
        "dibatalkan": 0,
    }
    assert rows["Ternak"] == {**rows["Ternak"], "dibuat": 1, "diajukan": 1, "disetujui": 1, "ditolak": 0}
    per_kel = baris(dok, "usulan_per_unit")
    assert (per_kel["Kanigaran"]["dibuat"], per_kel["Kanigaran"]["disetujui"]) == (1, 2)
    assert (per_kel["Sukoharjo"]["diajukan"], per_kel["Sukoharjo"]["ditolak"]) == (1, 1)


@pytest.mark.django_db
def test_october_sees_the_october_submission_but_not_the_november_approval(dunia_lengkap, kec_kanigaran):
    okt = angka_laporan(kecamatan=kec_kanigaran, periode=Periode(date(2026, 10, 1)))
    assert baris(okt, "usulan_per_program")["Sembako"]["diajukan"] == 1
    assert baris(okt, "usulan_per_program")["Sembako"]["disetujui"] == 0


@pytest.mark.django_db
def test_distributions_this_month_recipients_and_rupiah(dok):
    rows = baris(dok, "penyaluran_per_program")
    assert rows["Sembako"] == {"penerima": 1, "kali": 1, "nilai": 200_000}  # the October one is not counted
    assert rows["Ternak"] == {"penerima": 1, "kali": 1, "nilai": 3_000_000}  # in kind: program value
    assert tabel(dok, "penyaluran_per_unit")["total"] == {"penerima": 2, "kali": 2, "nilai": 3_200_000}
    assert baris(dok, "penyaluran_per_unit")["Kanigaran"]["nilai"] == 3_200_000
    assert baris(dok, "penyaluran_matriks_nilai")["Ternak"]["35.74.04.1003"] == 3_000_000
    assert baris(dok, "penyaluran_matriks_eksternal")["Pkh"]["35.74.04.1003"] == 1


@pytest.mark.django_db
def test_coverage_reached_not_reached_and_overlap(dok):
    rows = baris(dok, "cakupan_per_unit")
    assert rows["Kanigaran"] == {
        "pmks": 2, "terjangkau": 2, "pmks_belum_menerima": 0, "belum_terjangkau": 0, "penerima_semua": 2,
        "tumpang_tindih": 1,  # K1: Sembako + PKH
    }
    assert rows["Sukoharjo"] == {
        "pmks": 1, "terjangkau": 0, "pmks_belum_menerima": 1, "belum_terjangkau": 1, "penerima_semua": 0,
        "tumpang_tindih": 0,
    }


@pytest.mark.django_db
def test_pendampingan_activities_referrals_and_follow_ups(dok):
    rows = baris(dok, "pendampingan_per_unit")
    assert rows["Kanigaran"] == {
        "kunjungan": 2, "keluarga_didampingi": 2, "rujukan": 1, "rujukan_selesai": 1,
        "tl_dibuat": 2, "tl_selesai": 1, "tl_terlambat": 1,
    }
    assert rows["Sukoharjo"] == {
        "kunjungan": 1, "keluarga_didampingi": 1, "rujukan": 0, "rujukan_selesai": 0,
        "tl_dibuat": 0, "tl_selesai": 0, "tl_terlambat": 0,
    }
    jenis = baris(dok, "pendampingan_matriks_jenis")
    assert jenis["Asesmen"]["35.74.04.1003"] == 1 and jenis["Asesmen"]["jumlah"] == 1
    assert jenis["Monitoring bantuan"]["35.74.04.1002"] == 1
    rujukan = {k.split(" ")[0]: v for k, v in baris(dok, "pendampingan_rujukan").items()}
    assert rujukan["Kesehatan"] == {"dibuat": 1, "diterima": 1, "selesai": 1, "ditolak": 0}
    assert rujukan["Pendidikan"] == {"dibuat": 0, "diterima": 1, "selesai": 0, "ditolak": 0}


@pytest.mark.django_db
def test_pendampingan_totals_agree_with_the_pendampingan_apps_own_monthly_recap(dok, kec_kanigaran):
    from pmks.pendampingan.selectors import rekap_pendampingan

    rekap = rekap_pendampingan(kecamatan=kec_kanigaran, bulan=NOVEMBER.awal)
    total = tabel(dok, "pendampingan_per_unit")["total"]
    assert total["kunjungan"] == rekap.kunjungan_total
    assert total["keluarga_didampingi"] == rekap.keluarga_dikunjungi  # no household visited in two kelurahan
    assert total["rujukan"] == rekap.rujukan_dibuat
    assert total["tl_dibuat"] == rekap.tindak_lanjut_dibuat
    assert total["tl_selesai"] == rekap.tindak_lanjut_selesai
    assert total["tl_terlambat"] == rekap.tindak_lanjut_terlambat_akhir_bulan
    assert total["rujukan_selesai"] == rekap.rujukan_status_berubah.get("selesai", 0)


@pytest.mark.django_db
def test_city_recap_aid_rows_per_kecamatan(dunia_lengkap, kota):
    dok = angka_rekap(kota=kota, periode=NOVEMBER)
    salur = baris(dok, "penyaluran_per_unit")
    assert salur["Kanigaran"]["nilai"] == 3_200_000 and salur["Mayangan"]["nilai"] == 200_000
    assert baris(dok, "usulan_per_unit")["Mayangan"]["disetujui"] == 1
    assert all(b["tersedia"] for b in dok["bagian"])
    assert bagian(dok, "cakupan")["tabel"][0]["total"]["tumpang_tindih"] == 1


@pytest.mark.django_db
def test_overlap_count_agrees_with_the_bantuan_overlap_selector(dunia_lengkap, kota, dinsos):
    from bantuan.models import PenerimaanEksternal, ProgramBantuan
    from bantuan.selectors import tumpang_tindih

    # A second external program for K2 (already a Ternak recipient) and K5 (Sembako): both overlap.
    bpnt = ProgramBantuan.objects.create(
        kode="bpnt", nama="BPNT", jenis="bpnt", sumber_dana="apbn", tahun_anggaran=2026,
        periode_mulai=date(2026, 1, 1), periode_selesai=date(2026, 12, 31), bentuk="tunai",
        nilai_per_penerima=200_000, dikelola_dinas=False,
    )
    for k in (dunia_lengkap["k2"], dunia_lengkap["k5"]):
        PenerimaanEksternal.objects.create(
            program=bpnt, keluarga=k, periode_mulai=date(2026, 11, 1), periode_selesai=date(2026, 11, 30), sumber="x"
        )
    dok = angka_rekap(kota=kota, periode=NOVEMBER)
    selector = tumpang_tindih(user=dinsos, mulai=NOVEMBER.awal, selesai=NOVEMBER.tanggal_akhir)
    assert tabel(dok, "cakupan_per_unit")["total"]["tumpang_tindih"] == selector.count() == 3
    assert baris(dok, "cakupan_per_unit")["Mayangan"]["tumpang_tindih"] == 1
