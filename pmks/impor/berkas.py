"""Workbooks the user downloads: the import template and the error report.

Both use the column definition in ``kolom``; NIK / No. KK columns are formatted as Text so that
what the user types there stays text.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tksk.scoping import kelurahan_untuk

from ..models import JenisPMKS
from .baca import Tabel
from .kolom import JUDUL_GALAT, KOLOM, KOLOM_PER_KODE
from .periksa import WAJIB_ANGGOTA_BARU, WAJIB_KELUARGA_BARU
from .xlsx_aliran import xlsx_aliran

KOLOM_TEKS = ("no_kk", "nik", "rt", "rw")
TEBAL = Font(bold=True)
LATAR_JUDUL = PatternFill("solid", fgColor="DDEBF7")


def aman(nilai: object) -> object:
    """Escape text a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start)."""
    if isinstance(nilai, str) and nilai[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + nilai
    return nilai


def _label_wajib(kode: str) -> str:
    if kode in ("no_kk", "nik"):
        return "Wajib"
    if kode in WAJIB_ANGGOTA_BARU:
        return "Wajib untuk anggota baru"
    if kode in WAJIB_KELUARGA_BARU or kode == "kelurahan":
        return "Wajib untuk keluarga baru"
    return "Boleh kosong"


def templat_xlsx(user) -> bytes:
    """The import template: sheet "Data" (headers only) and sheet "Petunjuk"."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    for i, kol in enumerate(KOLOM, start=1):
        sel = ws.cell(row=1, column=i, value=kol.judul)
        sel.font, sel.fill = TEBAL, LATAR_JUDUL
        huruf = get_column_letter(i)
        ws.column_dimensions[huruf].width = max(14, len(kol.judul) + 4)
        if kol.kode in KOLOM_TEKS:
            ws.column_dimensions[huruf].number_format = "@"
            for baris in range(2, 1002):  # Excel applies column styles lazily; pre-format the first rows
                ws.cell(row=baris, column=i).number_format = "@"
    ws.freeze_panes = "A2"

    p = wb.create_sheet("Petunjuk")
    p.append(["Petunjuk pengisian templat impor keluarga & anggota (Sidamping)"])
    p["A1"].font = Font(bold=True, size=13)
    p.append(["Satu baris = satu orang. Baris-baris dengan No. KK yang sama menjadi satu keluarga. "
              "Kolom NIK dan No. KK harus berformat Teks. Berkas yang memuat galat tidak disimpan sama sekali; "
              "perbaiki lalu unggah lagi. Sel kosong tidak menghapus data yang sudah tercatat."])
    p.append([])
    p.append(["Kolom", "Wajib?", "Penjelasan", "Contoh", "Nilai yang diterima"])
    for sel in p[4]:
        sel.font, sel.fill = TEBAL, LATAR_JUDUL
    for kol in KOLOM:
        pilihan = "; ".join(str(label) for _, label in kol.pilihan.choices) if kol.pilihan else ""
        p.append([kol.judul, _label_wajib(kol.kode), kol.penjelasan, kol.contoh, pilihan])
    p.append([])
    p.append(["Jenis PMKS (tulis singkatan atau nama)"])
    p.cell(row=p.max_row, column=1).font = TEBAL
    for j in JenisPMKS.objects.filter(aktif=True).order_by("kode"):
        p.append([j.singkatan, "", j.nama])
    p.append([])
    p.append(["Kelurahan di wilayah kerja Anda (tulis nama atau kode)"])
    p.cell(row=p.max_row, column=1).font = TEBAL
    for w in kelurahan_untuk(user, write=True).select_related("induk").order_by("kode"):
        p.append([w.nama, w.kode, f"Kecamatan {w.induk.nama}" if w.induk else ""])
    for huruf, lebar in zip("ABCDE", (28, 24, 80, 26, 60), strict=True):
        p.column_dimensions[huruf].width = lebar
    for baris in p.iter_rows(min_row=5):
        for sel in baris:
            sel.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def laporan_galat_xlsx(tabel: Tabel, galat: list[list]):
    """The file as uploaded (every row, original values) plus a "Keterangan galat" column, streamed.

    Fix the cells, save, and upload this same workbook again: the extra column is ignored.
    Values are written back as they were read (a NIK typed as a number stays a number, in a
    Text-formatted column, so the user sees what to fix).
    """
    per_baris: dict[int, list[str]] = {}
    for baris, kolom, pesan, *_ in galat:
        per_baris.setdefault(baris, []).append(f"{kolom}: {pesan}" if kolom else pesan)
    teks_idx = {i for i, k in enumerate(tabel.kode) if k in KOLOM_TEKS}
    baris = ([*(aman(v) for v in isi), "; ".join(per_baris.get(nomor, []))] for nomor, isi in tabel.baris)
    return xlsx_aliran([*tabel.judul, JUDUL_GALAT], baris, kolom_teks=teks_idx)


def judul_kolom(kode: str) -> str:
    return KOLOM_PER_KODE[kode].judul
