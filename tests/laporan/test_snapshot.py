"""A month's frozen report reads its snapshot: once submitted, its page, PDF and XLSX never run the
section builders again (no query touches the registry, aid or pendampingan tables), and the PDF
served is the stored one as long as it still has its recorded SHA-256."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from laporan import services
from laporan.periode import Periode
from tests.laporan.conftest import isi_narasi

URL = "/laporan/35.74.04/2026-11"
NOVEMBER = Periode(date(2026, 11, 1))
# Tables only the section builders read (laporan.bagian): registry, aid, pendampingan, complaints.
TABEL_BAGIAN = ('"pmks_', '"bantuan_')


def _isi(resp) -> bytes:
    return b"".join(resp.streaming_content) if resp.streaming else resp.content


def _kueri_bagian(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
        isi = _isi(resp)
    assert resp.status_code == 200, url
    return isi, [q["sql"] for q in ctx.captured_queries if any(t in q["sql"] for t in TABEL_BAGIAN)]


@pytest.fixture
def diajukan(dunia, kec_kanigaran, tksk_kanigaran):
    kw = {"kecamatan": kec_kanigaran, "periode": NOVEMBER}
    isi_narasi(kw, tksk_kanigaran)
    return services.laporan_ajukan(**kw, oleh=tksk_kanigaran)


@pytest.mark.django_db
def test_draft_report_counts_its_figures_live(client, dunia, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    _, kueri = _kueri_bagian(client, f"{URL}/")
    assert kueri  # the control: a draft does run the section queries


@pytest.mark.django_db
def test_submitted_report_page_pdf_and_xlsx_run_no_section_query(client, diajukan, pejabat_kanigaran):
    client.force_login(pejabat_kanigaran)
    for url in (f"{URL}/", f"{URL}/unduh.pdf", f"{URL}/unduh.xlsx"):
        _, kueri = _kueri_bagian(client, url)
        assert kueri == [], url


@pytest.mark.django_db
def test_stored_pdf_with_a_changed_hash_is_not_served_the_snapshot_is_rendered_instead(
    client, diajukan, pejabat_kanigaran
):
    with diajukan.berkas_pdf.open("rb") as fh:
        asli = fh.read()
    rusak = asli.replace(b"%%EOF", b"%%EOF\n% diubah di luar Sidamping")
    with diajukan.berkas_pdf.open("wb") as fh:
        fh.write(rusak)
    client.force_login(pejabat_kanigaran)
    isi, kueri = _kueri_bagian(client, f"{URL}/unduh.pdf")
    assert isi != rusak and kueri == []  # rendered again from the frozen snapshot, not recounted
    teks = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(isi)).pages)
    assert "Kanigaran 2 1 5 2 2 1" in teks and diajukan.kode_verifikasi in teks.replace("\n", "")


@pytest.mark.django_db
def test_missing_stored_pdf_is_rendered_from_the_snapshot_not_an_error(client, diajukan, pejabat_kanigaran):
    diajukan.berkas_pdf.storage.delete(diajukan.berkas_pdf.name)
    client.force_login(pejabat_kanigaran)
    isi, kueri = _kueri_bagian(client, f"{URL}/unduh.pdf")
    assert isi.startswith(b"%PDF") and kueri == []
