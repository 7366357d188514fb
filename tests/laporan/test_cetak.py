"""The printed layout of report tables: every table fits its page; wide ones are cut into parts of
whole columns (each with the label column and the "Jumlah" row); widths come from the text."""

import io

from django.conf import settings
from django.template.loader import render_to_string
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from laporan.bagian import kolom, tabel
from laporan.cetak import LEBAR_HALAMAN, _lebar_kolom, konteks_cetak, lebar_teks, potong_tabel, render_pdf_rekap


def _matriks(jumlah_unit: int, *, format: str = "angka", nilai: int = 1234) -> dict:
    kolom_nilai = [kolom(f"u{i}", f"Kelurahan Nomor{i:02d}", format) for i in range(jumlah_unit)]
    kolom_nilai.append(kolom("jumlah", "Jumlah", format))
    baris = [
        {"label": f"Kategori {j}", "nilai": {k["kode"]: nilai * (j + 1) for k in kolom_nilai}} for j in range(4)
    ]
    return tabel(kode="uji", judul="Uji matriks", label="Kategori", kolom_nilai=kolom_nilai, baris=baris)


def _dokumen(tabel_list: list[dict]) -> dict:
    return {
        "versi": 1, "jenis": "rekap",
        "wilayah": {"kode": "35", "nama": "Jawa Timur", "tingkat": "Provinsi", "nama_lengkap": "Provinsi Jawa Timur"},
        "periode": "2026-11-01", "dihitung_pada": "2026-12-01T08:00:00+07:00", "label_unit": "Kabupaten/Kota",
        "unit": [],
        "bagian": [{"kode": "uji", "judul": "Uji", "tersedia": True, "tabel": tabel_list, "grafik": [], "catatan": ""}],
        "kop": {"pemerintah": "PEMERINTAH PROVINSI JAWA TIMUR", "instansi": "Dinas Sosial", "alamat": "", "logo": ""},
        "tempat": "Surabaya", "camat": {"jabatan": "", "nama": "", "nip": ""},
        "kepala_dinas": {"jabatan": "Kepala Dinas Sosial", "nama": "", "nip": ""}, "url_dasar": "",
    }


def test_text_width_follows_the_font_digits_are_all_equal_and_bold_is_wider():
    assert lebar_teks("1.234", pt=10) > lebar_teks("1.23", pt=10)
    assert round(lebar_teks("0000", pt=10), 6) == round(lebar_teks("9999", pt=10), 6)
    assert lebar_teks("Jumlah", pt=10, tebal=True) > lebar_teks("Jumlah", pt=10)
    assert abs(lebar_teks("0", pt=72) - 0.636 * 25.4) < 0.01  # DejaVu Sans digit: 0.636 em


def test_a_table_that_fits_stays_whole_with_widths_summing_to_the_page():
    t = _matriks(3)
    (hasil,) = potong_tabel(t)
    assert hasil["judul"] == "Uji matriks" and [k["kode"] for k in hasil["kolom"]] == [k["kode"] for k in t["kolom"]]
    assert abs(hasil["lebar_label"] + sum(hasil["lebar_kolom"]) - 100) < 0.1


def test_wide_matrix_is_cut_into_parts_of_whole_columns_that_each_fit_a_landscape_page():
    t = _matriks(38, format="rupiah", nilai=123_456_789)  # a province: 38 kab/kota, Rupiah values
    bagian = potong_tabel(t)
    assert len(bagian) > 1
    assert [k["kode"] for b in bagian for k in b["kolom"]] == [k["kode"] for k in t["kolom"]]  # each once, in order
    for nomor, b in enumerate(bagian, start=1):
        assert b["judul"] == f"Uji matriks (bagian {nomor} dari {len(bagian)})"
        assert b["lanskap"] and b["baris"] == t["baris"] and b["total"] == t["total"]
        paling_sedikit, _, lebar = _lebar_kolom(b, rapat=True)
        assert paling_sedikit + sum(lebar) <= LEBAR_HALAMAN["lanskap"]
    sizes = [len(b["kolom"]) for b in bagian]
    assert max(sizes) - min(sizes) <= 1  # parts of about equal size, not a stub at the end


def _tabel_melewati_tepi(pdf_html: str) -> list[float]:
    doc = HTML(string=pdf_html, base_url="http://sidamping.local/").render()
    lewat = []

    def jalan(box, kanan):
        if isinstance(box, boxes.TableBox) and box.position_x + box.border_width() > kanan + 0.5:
            lewat.append(box.border_width())
        for anak in getattr(box, "children", None) or []:
            jalan(anak, kanan)

    for halaman in doc.pages:
        kotak = halaman._page_box
        jalan(kotak, kotak.margin_width() - kotak.margin_right)
    return lewat


def test_no_printed_table_runs_past_the_page_edge():
    dokumen = _dokumen([_matriks(38, format="rupiah", nilai=123_456_789), _matriks(15), _matriks(2)])
    html = render_to_string(
        "laporan/cetak/rekap_kota.html", {"NAMA_INSTANSI": settings.SIDAMPING_INSTANSI, **konteks_cetak(dokumen)}
    )
    assert _tabel_melewati_tepi(html) == []


def test_recap_pdf_of_a_wide_matrix_shows_every_column_and_repeats_the_total_row_per_part():
    t = _matriks(38)
    pdf = render_pdf_rekap(_dokumen([t]))
    teks = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for i in range(38):
        assert f"Nomor{i:02d}" in teks
    bagian = len(potong_tabel(t))
    assert teks.count("Jumlah") >= bagian and f"(bagian {bagian} dari {bagian})" in teks
