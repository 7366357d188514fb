"""Hostile inputs shared by every hardening test (issue #10): files and values an attacker or a
careless user can send. Each generator builds a small real file in memory; none reads the disk.

Files:
- ``xlsx_sel_jauh``: a valid workbook whose only data is a header row and one far cell
  (``XFD1048576`` by default): tiny on disk, a 16,384 × 1,048,576 area when materialised.
- ``png_bom``: a PNG of 12,000 × 12,000 pixels (144 MP) that compresses to ~140 KB.
- ``png_berskrip``: a valid 8×8 PNG with ``<script>`` in a text chunk, named ``foto.html``.
- ``svg_berskrip``: an SVG image with an inline script.
- ``csv_sampah``: a large CSV of junk rows (every row an error).
- ``xlsx_tanpa_r``: a workbook whose cells carry no ``r`` attribute (positions are implicit),
  one row ``lebar`` cells wide; ``xlsx_bom_zip``: a valid workbook plus a highly compressed
  member; ``xlsx_banyak_bagian``: a valid workbook with thousands of zip members.

Values (``NILAI_JAHAT``): null bytes, 100 kB text, non-ASCII digits, numbers past every column
type, dates outside any plausible range.
"""

from __future__ import annotations

import io
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

# --- Spreadsheets ---------------------------------------------------------------------------


def xlsx_sel_jauh(
    sel: str = "XFD1048576",
    judul: tuple[str, ...] = ("No. KK", "NIK", "Nama"),
    nama: str = "jauh.xlsx",
) -> SimpleUploadedFile:
    """A workbook with a header row and one value at ``sel`` (e.g. ``Z1000000``)."""
    from openpyxl import Workbook

    buku = Workbook()
    lembar = buku.active
    lembar.title = "Data"
    lembar.append(list(judul))
    lembar[sel] = "x"
    buf = io.BytesIO()
    buku.save(buf)
    return SimpleUploadedFile(
        nama, buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def _xlsx_ubah(ubah_lembar=None, tambahan: dict[str, bytes] | None = None, nama: str = "x.xlsx",
               kompresi=None) -> SimpleUploadedFile:
    """A small valid workbook, its sheet XML passed through ``ubah_lembar``, extra members added."""
    import zipfile

    from openpyxl import Workbook

    buku = Workbook()
    buku.active.append(["No. KK", "NIK", "Nama"])
    buf = io.BytesIO()
    buku.save(buf)
    masuk, keluar = zipfile.ZipFile(io.BytesIO(buf.getvalue())), io.BytesIO()
    with zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as z:
        for info in masuk.infolist():
            isi = masuk.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml" and ubah_lembar:
                isi = ubah_lembar(isi)
            z.writestr(info.filename, isi)
        for n, isi in (tambahan or {}).items():
            z.writestr(n, isi, compress_type=kompresi or zipfile.ZIP_DEFLATED, compresslevel=9)
    return SimpleUploadedFile(nama, keluar.getvalue(), content_type="application/octet-stream")


def xlsx_tanpa_r(lebar: int = 100_000, tinggi: int = 1) -> SimpleUploadedFile:
    """Cells without ``r``: calamine places them one after the other, so ``lebar`` cells in one row
    make a sheet that wide although no reference in the file says so."""
    def ubah(isi: bytes) -> bytes:
        baris = b"<row>" + b"<c><v>1</v></c>" * lebar + b"</row>"
        return isi.replace(b"</sheetData>", baris * tinggi + b"</sheetData>")

    return _xlsx_ubah(ubah)


def xlsx_bom_zip(ukuran: int = 64 * 1024 * 1024) -> SimpleUploadedFile:
    """A valid workbook carrying a member of ``ukuran`` zero bytes (compresses about 1000:1)."""
    return _xlsx_ubah(tambahan={"xl/media/isi.bin": b"\0" * ukuran})


def xlsx_banyak_bagian(jumlah: int = 3000) -> SimpleUploadedFile:
    return _xlsx_ubah(tambahan={f"xl/media/g{i}.bin": b"x" for i in range(jumlah)})


def csv_dengan(baris: list[list[str]], nama: str = "data.csv") -> SimpleUploadedFile:
    """A CSV (``;``) from rows of cells, written as given (NUL bytes, odd digits and all)."""
    return SimpleUploadedFile(nama, "\n".join(";".join(b) for b in baris).encode(), content_type="text/csv")


def csv_sampah(ukuran_byte: int = 2 * 1024 * 1024, nama: str = "sampah.csv") -> SimpleUploadedFile:
    """A CSV with the template's header and junk rows up to ``ukuran_byte`` (every row wrong)."""
    kepala = "No. KK;NIK;Nama;Jenis kelamin;Tanggal lahir;Kelurahan\n"
    baris = "abc;xyz;;?;kemarin;entah\n"
    jumlah = max(1, (ukuran_byte - len(kepala)) // len(baris))
    return SimpleUploadedFile(nama, (kepala + baris * jumlah).encode(), content_type="text/csv")


# --- Images -----------------------------------------------------------------------------------


def png_bom(lebar: int = 12_000, tinggi: int = 12_000, nama: str = "bom.png") -> SimpleUploadedFile:
    """A decompression bomb: a huge all-white greyscale PNG, written row by row (low memory)."""
    baris = b"\x00" + b"\xff" * lebar  # filter byte 0 + one greyscale row
    kompres = zlib.compressobj(9)
    idat = b"".join(kompres.compress(baris) for _ in range(tinggi)) + kompres.flush()

    def potong(jenis: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + jenis + data + zlib.crc32(jenis + data).to_bytes(4, "big")

    ihdr = lebar.to_bytes(4, "big") + tinggi.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    isi = b"\x89PNG\r\n\x1a\n" + potong(b"IHDR", ihdr) + potong(b"IDAT", idat) + potong(b"IEND", b"")
    return SimpleUploadedFile(nama, isi, content_type="image/png")


SKRIP = "<script>document.title='diretas';fetch('/bantuan/')</script>"


def png_berskrip(nama: str = "foto.html") -> SimpleUploadedFile:
    """A valid 8×8 PNG that carries an HTML script in a text chunk, under an HTML name."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", f"<html><body>{SKRIP}</body></html>")
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, format="PNG", pnginfo=info)
    return SimpleUploadedFile(nama, buf.getvalue(), content_type="text/html")


def svg_berskrip(nama: str = "gambar.svg") -> SimpleUploadedFile:
    isi = f'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">{SKRIP}</svg>'.encode()
    return SimpleUploadedFile(nama, isi, content_type="image/svg+xml")


def teks_sebagai_jpg(nama: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, b"bukan gambar sama sekali", content_type="image/jpeg")


def pdf_palsu(nama: str = "berita-acara.pdf") -> SimpleUploadedFile:
    """A file named and typed as PDF that is plain text."""
    return SimpleUploadedFile(nama, b"ini bukan PDF\n" * 10, content_type="application/pdf")


def pdf_asli(nama: str = "surat.pdf") -> SimpleUploadedFile:
    """A minimal real PDF (wrong type for a photo-only field)."""
    isi = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(nama, isi, content_type="application/pdf")


def exe(nama: str = "program.exe") -> SimpleUploadedFile:
    """A Windows executable header (wrong type everywhere)."""
    isi = b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00"
    return SimpleUploadedFile(nama, isi, content_type="application/x-msdownload")


def png_kecil(nama: str = "gambar.png") -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 30, 200)).save(buf, format="PNG")
    return SimpleUploadedFile(nama, buf.getvalue(), content_type="image/png")


def xlsx_rusak(nama: str = "rusak.xlsx") -> SimpleUploadedFile:
    """Starts like a ZIP (an XLSX) but is truncated junk."""
    return SimpleUploadedFile(nama, b"PK\x03\x04" + b"\x00\xff" * 200, content_type="application/zip")


def csv_dari(baris: list[list[str]], nama: str = "data.csv") -> SimpleUploadedFile:
    """A ``;``-separated UTF-8 CSV of the given rows (first row = header)."""
    isi = "\n".join(";".join(b) for b in baris) + "\n"
    return SimpleUploadedFile(nama, isi.encode(), content_type="text/csv")


# --- Values -----------------------------------------------------------------------------------

ANGKA_ASING = {
    "lebar_penuh": "３５７４０４１２３４５６７８９０",  # full-width digits (16)
    "arab_india": "٣٥٧٤٠٤١٢٣٤٥٦٧٨٩٠",  # Arabic-Indic digits (16)
}

def angka_asing(nilai: str, jenis: str = "lebar_penuh") -> str:
    """``nilai`` with its ASCII digits written in full-width or Arabic-Indic digits."""
    awal = {"lebar_penuh": 0xFF10, "arab_india": 0x0660}[jenis]
    return "".join(chr(awal + int(ch)) if ch.isascii() and ch.isdigit() else ch for ch in nilai)


NILAI_JAHAT = {
    "null": "Budi\x00Santoso",
    "bukan_angka": "NaN",
    "tanggal_rusak": "2026-02-30",
    "tanggal_null": "2026-01-01\x00",
    "teks_100kb": "A" * 100_000,
    "angka_raksasa": "100000000000000000000",
    "angka_negatif": "-5",
    "angka_int_lewat": "3000000000",
    "angka_smallint_lewat": "40000",
    "tanggal_purba": "0001-01-01",
    "tanggal_jauh": "9999-12-31",
    "lintang_mustahil": "999",
    "bujur_mustahil": "500",
    **ANGKA_ASING,
}
