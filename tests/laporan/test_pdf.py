"""The report PDF is a real PDF whose text shows the figures, narrative, signatures and QR code."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from laporan import services
from laporan.cetak import render_pdf_laporan, render_pdf_rekap
from laporan.models import PenandatanganCamat, PengaturanLaporan
from laporan.periode import Periode
from laporan.selectors import angka_rekap, dokumen_laporan
from tests.laporan.conftest import isi_narasi

NOVEMBER = Periode(date(2026, 11, 1))


def teks_pdf(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def pengaturan(kota, kec_kanigaran):
    p = PengaturanLaporan.objects.create(
        wilayah=kota, alamat="Jl. Suroyo No. 1 Probolinggo", nama_kepala_dinas="Dra. Hj. Kepala Dinas",
        nip_kepala_dinas="197001011990032001",
    )
    PenandatanganCamat.objects.create(
        pengaturan=p, kecamatan=kec_kanigaran, nama="Camat Kanigaran Uji", nip="198002022005011002"
    )
    return p


@pytest.mark.django_db
def test_submitted_pdf_text_contains_figures_narrative_and_signatories(
    dunia, kec_kanigaran, tksk_kanigaran, pengaturan
):
    kw = {"kecamatan": kec_kanigaran, "periode": NOVEMBER}
    isi_narasi(kw, tksk_kanigaran)
    lap = services.laporan_ajukan(**kw, oleh=tksk_kanigaran)
    with lap.berkas_pdf.open("rb") as fh:
        pdf = fh.read()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    teks = teks_pdf(pdf)
    assert "LAPORAN BULANAN" in teks and "November 2026" in teks and "Kanigaran" in teks
    # The Kanigaran kelurahan row: 2 KK, 1 new, 5 jiwa, 2 new, 2 PMKS KK, 1 new.
    assert "Kanigaran 2 1 5 2 2 1" in teks
    assert "Jumlah 3 1 6 2 3 2" in teks
    assert "Satu TKSK untuk enam kelurahan." in teks
    assert "Camat Kanigaran Uji" in teks and "198002022005011002" in teks
    assert "Dra. Hj. Kepala Dinas" in teks
    assert lap.kode_verifikasi in teks.replace("\n", "")
    assert "Halaman 1 dari" in teks
    assert "Belum tersedia" in teks or all(b["tersedia"] for b in lap.snapshot["bagian"])


@pytest.mark.django_db
def test_draft_pdf_is_marked_as_draft(dunia, kec_kanigaran):
    dok = dokumen_laporan(kecamatan=kec_kanigaran, periode=NOVEMBER, laporan=None)
    teks = teks_pdf(render_pdf_laporan(dok))
    assert "DRAF" in teks and "Kode verifikasi" not in teks


@pytest.mark.django_db
def test_city_recap_pdf_lists_every_kecamatan(dunia, kota):
    teks = teks_pdf(render_pdf_rekap(angka_rekap(kota=kota, periode=NOVEMBER)))
    assert "REKAPITULASI" in teks
    for nama in ("Kademangan", "Wonoasih", "Mayangan", "Kanigaran", "Kedopok"):
        assert nama in teks
    assert "Kanigaran 3 1 6 2 3 2" in teks
