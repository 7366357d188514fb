"""PDF of a report document (monthly report or recap) through ``tksk.pdf.render_pdf``.

The document dict is the one the screen and the XLSX show; this module only lays it out for paper:

- every table gets column widths computed here from its text and the font's glyph widths
  (``potong_tabel``), so WeasyPrint uses
  the fixed table layout (one pass) instead of measuring every cell's text twice to find them;
- a table wider than an A4 landscape page (a matrix of many kelurahan/kecamatan columns, Rupiah
  columns) is cut into parts of whole columns, each with the label column and the "Jumlah" row,
  instead of running past the page edge (``potong_tabel``).
"""

from __future__ import annotations

import segno
from django.utils.safestring import mark_safe

from tksk.format import format_nilai
from tksk.pdf import render_pdf

from .selectors import siapkan_tampilan

# Advance widths (1/1000 em) of DejaVu Sans / DejaVu Sans Bold, the print font (cetak/base_cetak.html),
# for ASCII 32–126; other characters count as ``LEBAR_LAIN``. Read once from the font files with
# fontTools; kerning is ignored (a few hundredths of an em).
_BIASA = [
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636,
    636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656,
    557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613,
    635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818,
    592, 592, 525, 636, 337, 636, 838,
]
_TEBAL = [
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696,
    696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775,
    637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675,
    716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924,
    645, 652, 582, 712, 365, 712, 838,
]
LEBAR_LAIN = 1000
MM_PER_PT = 25.4 / 72
PX = 25.4 / 96  # one CSS px in mm
# The page's content width (A4 minus the 16 mm side margins of cetak/base_cetak.html) and the
# table fonts and cell paddings of laporan/cetak/_gaya.html.
LEBAR_HALAMAN = {"lanskap": 297 - 32, "potret": 210 - 32}
HURUF_PT = {True: 7.5, False: 9.5}  # table.rapat or not
RUANG_SEL = {True: 6 * PX + 1 * PX, False: 8 * PX + 1 * PX}  # left + right padding, one border
LABEL_MAKS_MM = 48  # longer row labels wrap onto a second line
KOLOM_MAKS = 16  # value columns in one printed table, however narrow


def lebar_teks(teks: str, *, pt: float, tebal: bool = False) -> float:
    """Width in mm of ``teks`` on one line in DejaVu Sans at ``pt``."""
    tabel = _TEBAL if tebal else _BIASA
    em = sum(tabel[o - 32] if 32 <= (o := ord(ch)) < 127 else LEBAR_LAIN for ch in teks)
    return em / 1000 * pt * MM_PER_PT


def _kata_terlebar(teks: str, *, pt: float, tebal: bool) -> float:
    return max((lebar_teks(kata, pt=pt, tebal=tebal) for kata in str(teks).split()), default=0)


def qr_svg(url: str) -> str:
    """The verification QR code as inline SVG markup (vector; inline needs no URL fetching,
    which WeasyPrint would route through ``tksk.pdf``'s fetcher)."""
    return segno.make(url, error="m").svg_inline(scale=3, border=2, omitsize=True)


def _lebar_kolom(tabel: dict, *, rapat: bool) -> tuple[float, float, list[float]]:
    """(label column at least, label column at best, each value column) in mm.

    A value column is as wide as its widest value (the bold total included) or the widest word of
    its header (headers wrap between words, numbers never). The label column wants its longest
    label up to ``LABEL_MAKS_MM`` and needs at least its widest word (labels wrap)."""
    pt, ruang = HURUF_PT[rapat], RUANG_SEL[rapat]
    total = tabel.get("total") or {}
    lebar = []
    for k in tabel["kolom"]:
        terlebar = max(
            [lebar_teks(format_nilai(b["nilai"].get(k["kode"]), k["format"]), pt=pt) for b in tabel["baris"]]
            + ([lebar_teks(format_nilai(total.get(k["kode"]), k["format"]), pt=pt, tebal=True)] if total else [])
        )
        lebar.append(max(terlebar, _kata_terlebar(k["judul"], pt=pt, tebal=True)) + ruang)
    label = [str(b["label"]) for b in tabel["baris"]]
    paling_sedikit = max(
        max(_kata_terlebar(teks, pt=pt, tebal=False) for teks in label),
        _kata_terlebar(tabel["label"], pt=pt, tebal=True),
        lebar_teks("Jumlah", pt=pt, tebal=True),
    )
    terbaik = max(min(max(lebar_teks(teks, pt=pt) for teks in label), LABEL_MAKS_MM), paling_sedikit)
    return paling_sedikit + ruang, terbaik + ruang, lebar


def _dengan_lebar(tabel: dict, label: float, lebar: list[float]) -> dict:
    """Column widths as percentages of the table (printed at the full page width)."""
    jumlah = label + sum(lebar)
    return {
        **tabel,
        "lebar_label": round(100 * label / jumlah, 2),
        "lebar_kolom": [round(100 * w / jumlah, 2) for w in lebar],
    }


def _muat(label: tuple[float, float], lebar: list[float], halaman: float) -> float | None:
    """The label column's width when the value columns ``lebar`` fit ``halaman`` mm, else None."""
    sisa = halaman - sum(lebar)
    return min(label[1], sisa) if len(lebar) <= KOLOM_MAKS and sisa >= label[0] else None


def _kelompok(label: tuple[float, float], lebar: list[float], halaman: float) -> list[list[int]]:
    """Value columns in as few parts as fit a page, of about equal size (in order)."""
    for jumlah in range(1, len(lebar) + 1):
        ukuran = -(-len(lebar) // jumlah)
        kelompok = [list(range(i, min(i + ukuran, len(lebar)))) for i in range(0, len(lebar), ukuran)]
        if all(_muat(label, [lebar[i] for i in k], halaman) is not None for k in kelompok):
            return kelompok
    return [[i] for i in range(len(lebar))]  # a single column wider than the page: one per part


def potong_tabel(tabel: dict) -> list[dict]:
    """The table as printed: one table (portrait, or landscape when too wide for portrait) when it
    fits, otherwise parts of whole columns that each fit a landscape page, titled "(bagian 1 dari 2)",
    each with the label column and the "Jumlah" row."""
    if not tabel["baris"]:
        return [tabel]
    *label, lebar = _lebar_kolom(tabel, rapat=tabel["rapat"])
    lebar_label = _muat(label, lebar, LEBAR_HALAMAN["lanskap" if tabel["lanskap"] else "potret"])
    if lebar_label is not None:
        return [_dengan_lebar(tabel, lebar_label, lebar)]
    *label, lebar = _lebar_kolom(tabel, rapat=True)
    halaman = LEBAR_HALAMAN["lanskap"]
    lebar_label = _muat(label, lebar, halaman)
    if lebar_label is not None:  # too wide for portrait only
        return [_dengan_lebar({**tabel, "lanskap": True, "rapat": True}, lebar_label, lebar)]
    kelompok = _kelompok(label, lebar, halaman)
    hasil = []
    for nomor, indeks in enumerate(kelompok, start=1):
        bagian_lebar = [lebar[i] for i in indeks]
        bagian = {
            **tabel,
            "kolom": [tabel["kolom"][i] for i in indeks],
            "judul": f"{tabel['judul']} (bagian {nomor} dari {len(kelompok)})",
            "lanskap": True,
            "rapat": True,
            "catatan": tabel["catatan"] if nomor == len(kelompok) else "",
        }
        hasil.append(_dengan_lebar(bagian, _muat(label, bagian_lebar, halaman) or label[0], bagian_lebar))
    return hasil


def tata_untuk_cetak(tampilan: dict) -> dict:
    """The document with its tables laid out for paper (widths, wide tables in parts)."""
    bagian = []
    for b in tampilan.get("bagian", []):
        if b.get("tabel"):
            b = {**b, "tabel": [bagian_tabel for t in b["tabel"] for bagian_tabel in potong_tabel(t)]}
        bagian.append(b)
    return {**tampilan, "bagian": bagian}


def konteks_cetak(dokumen: dict) -> dict:
    tampilan = tata_untuk_cetak(siapkan_tampilan(dokumen))
    if tampilan.get("url_verifikasi"):
        tampilan["qr"] = mark_safe(qr_svg(tampilan["url_verifikasi"]))  # noqa: S308 - segno output
    return {"dok": tampilan, "kop": tampilan["kop"], "cetak": True}


def render_pdf_laporan(dokumen: dict) -> bytes:
    return render_pdf("laporan/cetak/laporan_bulanan.html", konteks_cetak(dokumen))


def render_pdf_rekap(dokumen: dict) -> bytes:
    return render_pdf("laporan/cetak/rekap_kota.html", konteks_cetak(dokumen))
