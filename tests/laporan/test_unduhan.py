"""Downloads: every download is recorded; a submitted report always serves the stored PDF;
the XLSX holds the same figures."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from laporan import services
from laporan.models import RiwayatUnduhan
from laporan.periode import Periode
from laporan.xlsx import aman
from tests.factories import AnggotaFactory
from tests.laporan.conftest import isi_narasi

URL = "/laporan/35.74.04/2026-11"
NOVEMBER = Periode(date(2026, 11, 1))


def _isi(resp) -> bytes:
    return b"".join(resp.streaming_content) if resp.streaming else resp.content


@pytest.mark.django_db
def test_each_download_is_recorded_with_who_format_and_status(client, dunia, tksk_kanigaran, pejabat_kota):
    client.force_login(tksk_kanigaran)
    resp = client.get(f"{URL}/unduh.pdf")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert "attachment" in resp["Content-Disposition"] and "draf" in resp["Content-Disposition"]
    client.force_login(pejabat_kota)
    client.get(f"{URL}/unduh.xlsx")
    client.get("/laporan/rekap/35.74/2026-11/unduh.xlsx")
    rows = list(RiwayatUnduhan.objects.order_by("id").values_list("oleh__username", "jenis", "format", "wilayah__kode"))
    assert rows == [
        ("tksk.kanigaran", "bulanan", "pdf", "35.74.04"),
        ("pejabat.kota", "bulanan", "xlsx", "35.74.04"),
        ("pejabat.kota", "rekap", "xlsx", "35.74"),
    ]


@pytest.mark.django_db
def test_submitted_report_download_is_the_stored_pdf_even_after_registry_changes(
    client, dunia, kec_kanigaran, tksk_kanigaran, pejabat_kanigaran
):
    kw = {"kecamatan": kec_kanigaran, "periode": NOVEMBER}
    isi_narasi(kw, tksk_kanigaran)
    lap = services.laporan_ajukan(**kw, oleh=tksk_kanigaran)
    AnggotaFactory(keluarga=dunia["k1"])
    client.force_login(pejabat_kanigaran)
    resp = client.get(f"{URL}/unduh.pdf")
    with lap.berkas_pdf.open("rb") as fh:
        assert _isi(resp) == fh.read()
    unduhan = RiwayatUnduhan.objects.get()
    assert unduhan.laporan == lap and unduhan.status_laporan == "diajukan"


@pytest.mark.django_db
def test_xlsx_holds_the_same_figures_as_the_report(client, dunia, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    wb = load_workbook(io.BytesIO(client.get(f"{URL}/unduh.xlsx").content))
    assert wb.sheetnames[0] == "Identitas"
    ws = wb["1. Registri PMKS"]
    rows = {r[0]: r[1:] for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert rows["Kanigaran"][:6] == (2, 1, 5, 2, 2, 1)
    assert rows["Sukoharjo"][:6] == (1, 0, 1, 0, 1, 1)


@pytest.mark.django_db
def test_xlsx_never_turns_user_text_into_a_formula(client, kec_kanigaran, tksk_kanigaran):
    services.laporan_simpan_narasi(
        kecamatan=kec_kanigaran, periode=NOVEMBER, oleh=tksk_kanigaran, versi=0,
        kondisi_sosial='=HYPERLINK("http://x")', kendala="+1", rencana_tindak_lanjut="biasa",
    )
    client.force_login(tksk_kanigaran)
    wb = load_workbook(io.BytesIO(client.get(f"{URL}/unduh.xlsx").content))
    nilai = [c.value for row in wb["Uraian TKSK"].iter_rows() for c in row]
    assert "'=HYPERLINK(\"http://x\")" in nilai and "'+1" in nilai
    assert aman("biasa") == "biasa"
