"""The SIKS-NG proposal package (issue #14): the month's proposals of one kelurahan as XLSX (NIK /
No. KK as text), the berita acara and SPTJM PDFs (NIK masked as the role requires), one access-log
row per download, scope (TKSK: own kecamatan), and the cut-off tile across month ends."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.utils import timezone
from pypdf import PdfReader

from bantuan import choices as c
from bantuan.integrasi import konteks_dasbor_siksng
from bantuan.models import PengaturanSiksNg, Usulan
from bantuan.siksng.selectors import batas_siksng
from pmks.models import AksesData, JenisAkses
from pmks.pendampingan.selectors.tanggal import geser_bulan, hari_ini_jakarta
from tests.conftest import KODE
from tests.factories import AnggotaFactory, wilayah
from tksk.format import samarkan

from .conftest import keluarga_pmks, usulan_status

S = c.StatusUsulan
UTC = ZoneInfo("UTC")
WIB = ZoneInfo("Asia/Jakarta")
pytestmark = pytest.mark.django_db

BULAN = geser_bulan(timezone.localdate().replace(day=1), -1)  # last month: always "already running"
BULAN_TEKS = f"{BULAN:%Y-%m}"


def _pada(u: Usulan, waktu: datetime) -> Usulan:
    Usulan.objects.filter(pk=u.pk).update(diajukan_pada=waktu)
    return u


def _wib(d: date, jam: int = 9, menit: int = 0) -> datetime:
    return datetime.combine(d, time(jam, menit), tzinfo=WIB)


@pytest.fixture
def paket(sembako, tksk_kanigaran):
    """Proposals around the month: which ones belong to Kanigaran's package."""
    oleh = tksk_kanigaran
    kel_kan = KODE["kel_kanigaran"]
    awal, berikut = BULAN, geser_bulan(BULAN, 1)
    masuk = []
    for status in (S.DIAJUKAN, S.DIVERIFIKASI, S.DISETUJUI, S.DISALURKAN):
        u = usulan_status(sembako, keluarga_pmks(kel_kan), status, oleh=oleh)
        masuk.append(_pada(u, _wib(awal + timedelta(5))))
    # the first minutes of the month in WIB (still the previous day in UTC)
    masuk.append(_pada(usulan_status(sembako, keluarga_pmks(kel_kan), S.DIAJUKAN, oleh=oleh), _wib(awal, 0, 10)))
    # a proposal for one named member: that member's NIK and name
    k = keluarga_pmks(kel_kan)
    anggota = AnggotaFactory(keluarga=k, nama="Rina Lestari")
    u = usulan_status(sembako, k, S.DIAJUKAN, oleh=oleh)
    Usulan.objects.filter(pk=u.pk).update(anggota=anggota)
    masuk.append(_pada(u, _wib(awal + timedelta(9))))
    luar = [
        # the first minutes of next month in WIB (still this month in UTC)
        _pada(usulan_status(sembako, keluarga_pmks(kel_kan), S.DIAJUKAN, oleh=oleh), _wib(berikut, 0, 10)),
        _pada(usulan_status(sembako, keluarga_pmks(kel_kan), S.DIAJUKAN, oleh=oleh), _wib(awal - timedelta(1), 23)),
        # another kelurahan of the same kecamatan
        _pada(usulan_status(sembako, keluarga_pmks(KODE["kel_sukoharjo"]), S.DIAJUKAN, oleh=oleh), _wib(awal, 12)),
    ]
    for status in (S.DRAFT, S.DIKEMBALIKAN, S.DITOLAK, S.DIBATALKAN):
        luar.append(_pada(usulan_status(sembako, keluarga_pmks(kel_kan), status, oleh=oleh), _wib(awal, 12)))
    return {"masuk": masuk, "luar": luar, "anggota": anggota}


def _url(jenis: str, **extra) -> str:
    from urllib.parse import urlencode

    kel = wilayah(KODE["kel_kanigaran"])
    return f"/bantuan/siks-ng/{jenis}?" + urlencode({"kelurahan": kel.pk, "bulan": BULAN_TEKS, **extra})


def _xlsx(resp):
    assert resp.status_code == 200, resp.status_code
    return openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active


def _nik_diusulkan(u: Usulan) -> str:
    u.refresh_from_db()
    return u.anggota.nik if u.anggota_id else u.keluarga.anggota.get(hubungan="kepala").nik


def _teks_pdf(resp) -> str:
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf", resp.status_code
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(resp.content)).pages).replace("\n", " ")


BA = {"tanggal": "", "tempat": "Balai Kelurahan Kanigaran", "pimpinan": "Lurah Kanigaran",
      "peserta": "Pak Lurah — Lurah\nBu Ketua RT 01 — RT\nTKSK Kanigaran — TKSK"}
SPTJM = {"nama": "Drs. Hadi Santoso", "nip": "197001011990031001", "jabatan": "Lurah Kanigaran"}


def _ba() -> dict:
    return {**BA, "tanggal": f"{BULAN + timedelta(days=20):%Y-%m-%d}"}


# --- The spreadsheet ----------------------------------------------------------------------------------
def test_package_lists_exactly_the_months_proposals_of_that_kelurahan(client, dinsos, paket):
    client.force_login(dinsos)
    ws = _xlsx(client.get(_url("paket.xlsx")))
    judul = [sel.value for sel in ws[1]]
    assert judul[:7] == ["NIK", "No. KK", "Nama", "Alamat", "RT", "RW", "Kode wilayah"]
    nik = {ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)}
    assert nik == {_nik_diusulkan(u) for u in paket["masuk"]}
    assert ws.max_row - 1 == len(paket["masuk"])
    for r in range(2, ws.max_row + 1):
        assert ws.cell(row=r, column=7).value == KODE["kel_kanigaran"]
        assert ws.cell(row=r, column=9).value == "Sembako Uji"
        assert ws.cell(row=r, column=10).value == "Uji"  # the proposal's justification is the reason


def test_a_member_proposal_lists_that_member(client, dinsos, paket):
    client.force_login(dinsos)
    ws = _xlsx(client.get(_url("paket.xlsx")))
    baris = [[sel.value for sel in row] for row in ws.iter_rows(min_row=2)]
    assert [paket["anggota"].nik, "Rina Lestari"] in [[b[0], b[2]] for b in baris]


def test_nik_and_no_kk_are_text_cells(client, tksk_kanigaran, paket):
    client.force_login(tksk_kanigaran)
    ws = _xlsx(client.get(_url("paket.xlsx")))
    for r in range(2, ws.max_row + 1):
        for kolom in (1, 2, 5, 6, 7):  # NIK, No. KK, RT, RW, kode wilayah
            sel = ws.cell(row=r, column=kolom)
            assert sel.data_type == "s" and sel.number_format == "@", (r, kolom, sel.value)
        assert len(ws.cell(row=r, column=1).value) == 16 and len(ws.cell(row=r, column=2).value) == 16


def test_each_download_writes_exactly_one_access_log_row(client, tksk_kanigaran, paket):
    client.force_login(tksk_kanigaran)
    kel = wilayah(KODE["kel_kanigaran"])
    for jenis, extra in (("paket.xlsx", {}), ("berita-acara.pdf", _ba()), ("sptjm.pdf", SPTJM)):
        sebelum = AksesData.objects.count()
        resp = client.get(_url(jenis, **extra))
        if resp.streaming:
            b"".join(resp.streaming_content)
        assert resp.status_code == 200
        assert AksesData.objects.count() == sebelum + 1, jenis
        row = AksesData.objects.latest("id")
        assert row.jenis == JenisAkses.EKSPOR and row.oleh == tksk_kanigaran and row.wilayah_id == kel.pk
        assert f"{len(paket['masuk'])} baris" in row.keterangan


def test_the_page_shows_the_list_masked_and_logs_nothing(client, dinsos, paket):
    client.force_login(dinsos)
    sebelum = AksesData.objects.count()
    html = client.get(_url("")).content.decode()
    assert AksesData.objects.count() == sebelum
    nik = _nik_diusulkan(paket["masuk"][0])
    assert samarkan(nik) in html and nik not in html
    assert "paket.xlsx" in html and "berita-acara.pdf" in html and "sptjm.pdf" in html


def test_pejabat_gets_the_spreadsheet_with_numbers_masked(client, pejabat_kota, paket):
    client.force_login(pejabat_kota)
    ws = _xlsx(client.get(_url("paket.xlsx")))
    nik = {ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)}
    assert nik == {samarkan(_nik_diusulkan(u)) for u in paket["masuk"]}


# --- Scope -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("jenis", ["", "paket.xlsx", "berita-acara.pdf", "sptjm.pdf"])
def test_tksk_cannot_get_another_kecamatans_package(client, tksk_mayangan, paket, jenis):
    client.force_login(tksk_mayangan)
    sebelum = AksesData.objects.count()
    resp = client.get(_url(jenis, **(_ba() if "berita" in jenis else SPTJM)))
    assert resp.status_code == 404
    assert AksesData.objects.count() == sebelum


def test_a_future_month_is_refused_with_a_message(client, dinsos, paket):
    client.force_login(dinsos)
    kel = wilayah(KODE["kel_kanigaran"])
    depan = geser_bulan(timezone.localdate().replace(day=1), 1)
    resp = client.get(f"/bantuan/siks-ng/paket.xlsx?kelurahan={kel.pk}&bulan={depan:%Y-%m}", follow=True)
    assert resp.status_code == 200 and "belum berjalan" in resp.content.decode()
    assert not AksesData.objects.exists()


# --- The PDFs ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("persona", ["tksk_kanigaran", "dinsos"])
@pytest.mark.parametrize(("jenis", "data"), [("berita-acara.pdf", "ba"), ("sptjm.pdf", "sptjm")])
def test_documents_list_the_full_niks_for_the_roles_that_process_them(client, personas, paket, persona, jenis, data):
    client.force_login(personas[persona])
    teks = _teks_pdf(client.get(_url(jenis, **(_ba() if data == "ba" else SPTJM))))
    for u in paket["masuk"]:
        assert _nik_diusulkan(u) in teks
    for u in paket["luar"]:
        assert _nik_diusulkan(u) not in teks


@pytest.mark.parametrize("persona", ["pejabat_kota", "pejabat_kanigaran"])
@pytest.mark.parametrize(("jenis", "data"), [("berita-acara.pdf", "ba"), ("sptjm.pdf", "sptjm")])
def test_documents_list_the_niks_masked_for_pejabat(client, personas, paket, persona, jenis, data):
    client.force_login(personas[persona])
    teks = _teks_pdf(client.get(_url(jenis, **(_ba() if data == "ba" else SPTJM))))
    for u in paket["masuk"]:
        nik = _nik_diusulkan(u)
        assert nik not in teks and samarkan(nik) in teks
        assert u.keluarga.no_kk not in teks


def test_berita_acara_shows_date_place_chair_and_attendees(client, tksk_kanigaran, paket):
    client.force_login(tksk_kanigaran)
    teks = _teks_pdf(client.get(_url("berita-acara.pdf", **_ba())))
    assert "BERITA ACARA" in teks and "Balai Kelurahan Kanigaran" in teks and "Lurah Kanigaran" in teks
    assert "Bu Ketua RT 01" in teks and "TKSK Kanigaran" in teks
    assert f"{len(paket['masuk'])} usulan" in teks


def test_sptjm_has_the_signature_block_of_the_responsible_official(client, dinsos, paket):
    client.force_login(dinsos)
    teks = _teks_pdf(client.get(_url("sptjm.pdf", **SPTJM)))
    assert "SURAT PERNYATAAN TANGGUNG JAWAB MUTLAK" in teks
    assert "Drs. Hadi Santoso" in teks and "NIP 197001011990031001" in teks and "Lurah Kanigaran" in teks


def test_berita_acara_without_attendees_is_refused_with_a_message(client, tksk_kanigaran, paket):
    client.force_login(tksk_kanigaran)
    resp = client.get(_url("berita-acara.pdf", **{**_ba(), "peserta": "  \n "}), follow=True)
    assert resp.status_code == 200 and "Peserta" in resp.content.decode()
    assert not AksesData.objects.exists()


# --- The cut-off tile --------------------------------------------------------------------------------
@pytest.mark.parametrize(("hari_ini", "batas", "sisa"), [
    (date(2026, 11, 16), date(2026, 11, 17), 1),
    (date(2026, 11, 17), date(2026, 11, 17), 0),
    (date(2026, 11, 18), date(2026, 12, 17), 29),
    (date(2026, 12, 31), date(2027, 1, 17), 17),
    (date(2027, 1, 31), date(2027, 2, 17), 17),
    (date(2027, 2, 18), date(2027, 3, 17), 27),
])
def test_cutoff_counts_to_this_months_17th_then_next_months(hari_ini, batas, sisa):
    hasil = batas_siksng(hari_ini=hari_ini)
    assert (hasil.tanggal, hasil.sisa_hari) == (batas, sisa)


def test_cutoff_day_is_set_by_the_administrator():
    PengaturanSiksNg.objects.create(tanggal_batas=25)
    assert batas_siksng(hari_ini=date(2026, 11, 18)).tanggal == date(2026, 11, 25)
    assert batas_siksng(hari_ini=date(2026, 11, 26)).tanggal == date(2026, 12, 25)


def test_cutoff_day_follows_asia_jakarta():
    # 17 Dec 18:00 UTC is 18 Dec 01:00 WIB: the December cut-off has passed
    hari_ini = hari_ini_jakarta(datetime(2026, 12, 17, 18, 0, tzinfo=UTC))
    assert batas_siksng(hari_ini=hari_ini).tanggal == date(2027, 1, 17)
    hari_ini = hari_ini_jakarta(datetime(2026, 12, 17, 16, 0, tzinfo=UTC))  # 23:00 WIB, still the 17th
    assert batas_siksng(hari_ini=hari_ini).sisa_hari == 0


def test_dashboard_tile_shows_the_days_left(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    html = client.get("/").content.decode()
    sisa = batas_siksng(hari_ini=hari_ini_jakarta()).sisa_hari
    assert 'data-testid="dasbor-batas-siksng"' in html
    assert ("Hari ini" if sisa == 0 else f"<strong>{sisa}</strong> hari lagi") in html


def test_dashboard_tile_is_for_the_roles_that_propose_or_decide(tksk_kanigaran, dinsos, pejabat_kota):
    hari = date(2026, 12, 31)
    assert konteks_dasbor_siksng(tksk_kanigaran, hari)["batas"].sisa_hari == 17
    assert konteks_dasbor_siksng(dinsos, hari)["tampil"]
    assert not konteks_dasbor_siksng(pejabat_kota, hari)["tampil"]


@pytest.mark.parametrize("hari", [0, 29, 31])
def test_cutoff_day_outside_1_to_28_is_refused(hari):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        PengaturanSiksNg(tanggal_batas=hari).full_clean()


def test_admin_keeps_one_cutoff_setting(admin_client):
    assert admin_client.get("/admin/bantuan/pengaturansiksng/add/").status_code == 200
    PengaturanSiksNg.objects.create(tanggal_batas=17)
    assert admin_client.get("/admin/bantuan/pengaturansiksng/add/").status_code == 403
