"""Aid, pendampingan and coverage figures against the hand-computed ``dunia_lengkap`` fixture."""

from datetime import UTC, date, datetime

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
        ("aduan", True), ("desil", True),
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


@pytest.fixture
def dunia_tumpang_tindih(dunia_lengkap, tksk_kanigaran):
    """``dunia_lengkap`` plus receipts covering every branch of the overlap rule in November 2026.

    Overlapping: K1 (Kanigaran: Sembako + PKH), K2 (Kanigaran: Ternak + BPNT), K3 (Sukoharjo: PKH +
    BPNT, external only), K6 (Mayangan: Sembako + Ternak, proposals only). Not overlapping: K5
    (Mayangan: Sembako; BPNT only in October; Ternak recipient deactivated), K7 (Sukoharjo: PKH in
    two periods of November = one program; BPNT receipt inactive).
    """
    from bantuan.models import PenerimaanEksternal, ProgramBantuan, Usulan

    from .conftest import KEL_MAYANGAN, KEL_SUKOHARJO, keluarga

    program = {p.kode: p for p in ProgramBantuan.objects.all()}
    program["bpnt"] = ProgramBantuan.objects.create(
        kode="bpnt", nama="BPNT", jenis="bpnt", sumber_dana="apbn", tahun_anggaran=2026,
        periode_mulai=date(2026, 1, 1), periode_selesai=date(2026, 12, 31), bentuk="tunai",
        nilai_per_penerima=200_000, dikelola_dinas=False,
    )
    d = dict(dunia_lengkap)
    oktober = date(2026, 10, 1)
    d["k6"] = keluarga(KEL_MAYANGAN, jiwa=2, dibuat=datetime(2026, 9, 1, 3, tzinfo=UTC))
    d["k7"] = keluarga(KEL_SUKOHARJO, jiwa=2, dibuat=datetime(2026, 9, 1, 3, tzinfo=UTC))

    def eksternal(kode, k, mulai, selesai, **kw):
        PenerimaanEksternal.objects.create(
            program=program[kode], keluarga=d[k], periode_mulai=mulai, periode_selesai=selesai, sumber="uji", **kw
        )

    def usulan(kode, k, status, **kw):
        Usulan.objects.create(
            program=program[kode], keluarga=d[k], status=status, justifikasi="uji", diusulkan_oleh=tksk_kanigaran,
            **kw,
        )

    eksternal("bpnt", "k2", NOVEMBER.awal, NOVEMBER.tanggal_akhir)
    eksternal("pkh", "k3", date(2026, 1, 1), date(2026, 12, 31))
    eksternal("bpnt", "k3", date(2026, 11, 30), date(2026, 12, 31))  # touches the month's last day
    eksternal("bpnt", "k5", oktober, date(2026, 10, 31))
    usulan("ternak", "k5", "disetujui", status_penerima="nonaktif")
    usulan("sembako", "k6", "disetujui")
    usulan("ternak", "k6", "disalurkan")
    eksternal("pkh", "k7", NOVEMBER.awal, date(2026, 11, 15))
    eksternal("pkh", "k7", date(2026, 11, 16), NOVEMBER.tanggal_akhir)
    eksternal("bpnt", "k7", NOVEMBER.awal, NOVEMBER.tanggal_akhir, aktif=False)
    return d


@pytest.mark.django_db
def test_report_overlap_figure_is_the_bantuan_overlap_list_counted_per_kelurahan(
    dunia_tumpang_tindih, kec_kanigaran, kota, dinsos
):
    from bantuan.cakupan import tumpang_tindih
    from tksk.models import Wilayah

    def daftar(**kw):
        return tumpang_tindih(user=dinsos, mulai=NOVEMBER.awal, selesai=NOVEMBER.tanggal_akhir, **kw)

    d = dunia_tumpang_tindih
    assert {k.pk for k in daftar()} == {d["k1"].pk, d["k2"].pk, d["k3"].pk, d["k6"].pk}

    dok = angka_laporan(kecamatan=kec_kanigaran, periode=NOVEMBER)
    per_kelurahan = {n: v["tumpang_tindih"] for n, v in baris(dok, "cakupan_per_unit").items()}
    assert (per_kelurahan["Kanigaran"], per_kelurahan["Sukoharjo"]) == (2, 1)
    for kel in Wilayah.objects.kelurahan().di_dalam(kec_kanigaran):
        assert per_kelurahan[kel.nama] == daftar(kelurahan=kel.pk).count(), kel.nama

    rekap = angka_rekap(kota=kota, periode=NOVEMBER)
    per_kecamatan = {n: v["tumpang_tindih"] for n, v in baris(rekap, "cakupan_per_unit").items()}
    assert (per_kecamatan["Kanigaran"], per_kecamatan["Mayangan"]) == (3, 1)
    assert tabel(rekap, "cakupan_per_unit")["total"]["tumpang_tindih"] == daftar().count() == 4
