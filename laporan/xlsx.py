"""XLSX of a report document: the same figures as the PDF (both come from one document dict)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tksk.format import bulan_id, tanggal_id

from .selectors import siapkan_tampilan

FORMAT_ANGKA = "#,##0"
FORMAT_RUPIAH = '"Rp"#,##0'
ISI_JUDUL = PatternFill("solid", fgColor="E9ECEF")
TEBAL = Font(bold=True)
BAHAYA = ("=", "+", "-", "@", "\t", "\r")


def aman(teks) -> str:
    """Text typed by users must never become a spreadsheet formula."""
    teks = "" if teks is None else str(teks)
    return f"'{teks}" if teks.startswith(BAHAYA) else teks


def _nama_sheet(nomor: int, judul: str) -> str:
    bersih = "".join(ch for ch in judul if ch not in '[]:*?/\\')
    return f"{nomor}. {bersih}"[:31]


def _tulis_tabel(ws, baris: int, tabel: dict) -> int:
    ws.cell(row=baris, column=1, value=aman(tabel["judul"])).font = Font(bold=True, size=12)
    baris += 1
    if not tabel["baris"]:
        ws.cell(row=baris, column=1, value="Tidak ada data pada periode ini.")
        return baris + 2
    kepala = [tabel["label"], *[k["judul"] for k in tabel["kolom"]]]
    for i, judul in enumerate(kepala, start=1):
        sel = ws.cell(row=baris, column=i, value=aman(judul))
        sel.font = TEBAL
        sel.fill = ISI_JUDUL
        sel.alignment = Alignment(wrap_text=True, vertical="top")
    baris += 1
    isi = [(b["label"], b["nilai"]) for b in tabel["baris"]]
    if tabel.get("total"):
        isi.append(("Jumlah", tabel["total"]))
    for label, nilai in isi:
        ws.cell(row=baris, column=1, value=aman(label)).font = TEBAL if label == "Jumlah" else Font()
        for i, k in enumerate(tabel["kolom"], start=2):
            if k["format"] == "teks":
                ws.cell(row=baris, column=i, value=aman(nilai.get(k["kode"], "")))
                continue
            sel = ws.cell(row=baris, column=i, value=nilai.get(k["kode"], 0))
            sel.number_format = FORMAT_RUPIAH if k["format"] == "rupiah" else FORMAT_ANGKA
            if label == "Jumlah":
                sel.font = TEBAL
        baris += 1
    if tabel.get("catatan"):
        ws.cell(row=baris, column=1, value=aman(tabel["catatan"])).font = Font(italic=True, size=9)
        baris += 1
    return baris + 1


def buat_xlsx(dokumen: dict) -> bytes:
    dok = siapkan_tampilan(dokumen)
    wb = Workbook()
    ws = wb.active
    ws.title = "Identitas"
    rekap = dok["jenis"] == "rekap"
    judul = "Rekapitulasi Laporan Bulanan TKSK" if rekap else "Laporan Bulanan TKSK"
    baris_identitas = [
        (dok["kop"]["pemerintah"], ""),
        (dok["kop"]["instansi"], ""),
        (judul, ""),
        ("Wilayah", dok["wilayah"]["nama_lengkap"]),
        ("Periode", bulan_id(dok["periode_tanggal"])),
        ("Angka dihitung pada", tanggal_id(dok["dihitung_pada_waktu"], True) + " WIB"),
    ]
    if not rekap:
        baris_identitas.append(("Nama TKSK", dok.get("penyusun", {}).get("nama", "")))
        baris_identitas.append(("Status", "DRAF (angka dapat berubah)" if dok["draf"] else "Diajukan (beku)"))
        if dok.get("kode_verifikasi"):
            baris_identitas.append(("Kode verifikasi", dok["kode_verifikasi"]))
            baris_identitas.append(("Diajukan pada", tanggal_id(dok["diajukan_pada_waktu"], True) + " WIB"))
    for i, (a, b) in enumerate(baris_identitas, start=1):
        ws.cell(row=i, column=1, value=aman(a)).font = TEBAL
        ws.cell(row=i, column=2, value=aman(b))
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 60

    for nomor, bagian in enumerate(dok["bagian"], start=1):
        ws_b = wb.create_sheet(_nama_sheet(nomor, bagian["judul"]))
        ws_b.cell(row=1, column=1, value=aman(f"{nomor}. {bagian['judul']}")).font = Font(bold=True, size=13)
        baris = 3
        if not bagian["tersedia"]:
            ws_b.cell(row=baris, column=1, value=aman(f"Belum tersedia. {bagian['catatan']}"))
        else:
            for tabel in bagian["tabel"]:
                baris = _tulis_tabel(ws_b, baris, tabel)
            if bagian.get("catatan"):
                ws_b.cell(row=baris, column=1, value=aman(bagian["catatan"])).font = Font(italic=True, size=9)
        ws_b.column_dimensions["A"].width = 42
        for kolom in range(2, 16):
            ws_b.column_dimensions[get_column_letter(kolom)].width = 16

    if dok.get("narasi_list"):
        ws_n = wb.create_sheet("Uraian TKSK")
        for i, (judul_narasi, teks) in enumerate(dok["narasi_list"], start=1):
            ws_n.cell(row=i, column=1, value=judul_narasi).font = TEBAL
            sel = ws_n.cell(row=i, column=2, value=aman(teks))
            sel.alignment = Alignment(wrap_text=True, vertical="top")
        ws_n.column_dimensions["A"].width = 28
        ws_n.column_dimensions["B"].width = 100

    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()
