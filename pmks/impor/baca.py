"""Reading an uploaded spreadsheet into header + rows, keeping each row's number in the file.

XLSX is read with python-calamine (about 10× faster than openpyxl); cells keep their types,
so a NIK typed as a number arrives as a float and can be rejected. CSV is UTF-8 (with or
without BOM; Windows-1252 as a fallback) with ``,`` ``;`` or tab, sniffed from the header line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import python_calamine

from .kolom import kode_untuk_judul


class BerkasTidakTerbaca(Exception):
    """The file cannot be used at all (wrong format, no header row): message for the user."""


@dataclass
class Tabel:
    judul: list[str]  # header cells as written in the file
    kode: list[str | None]  # the column each header names (None = ignored column)
    baris: list[tuple[int, list]] = field(default_factory=list)  # (row number in the file, cells)
    format: str = "xlsx"

    def indeks(self, kode: str) -> int | None:
        try:
            return self.kode.index(kode)
        except ValueError:
            return None


def _kosong(sel: object) -> bool:
    return sel is None or (isinstance(sel, str) and not sel.strip())


def baca_baris(data: bytes, nama_berkas: str) -> tuple[list[list], str]:
    """All rows of the first sheet (XLSX) or of the CSV, as lists of cells."""
    nama = nama_berkas.lower()
    if nama.endswith((".xlsx", ".xlsm", ".xls", ".ods")) or data[:2] == b"PK":
        try:
            buku = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
            return buku.get_sheet_by_index(0).to_python(skip_empty_area=False), "xlsx"
        except Exception as exc:  # calamine raises several error types for damaged files
            raise BerkasTidakTerbaca(
                "Berkas tidak dapat dibaca sebagai XLSX. Simpan ulang dari Excel sebagai .xlsx atau .csv."
            ) from exc
    if nama.endswith((".csv", ".txt")):
        return _baca_csv(data), "csv"
    raise BerkasTidakTerbaca("Format berkas tidak didukung. Unggah .xlsx atau .csv.")


def _baca_csv(data: bytes) -> list[list]:
    for pengkodean in ("utf-8-sig", "cp1252"):
        try:
            isi = data.decode(pengkodean)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise BerkasTidakTerbaca("Pengkodean CSV tidak dikenali. Simpan sebagai CSV UTF-8.")
    baris_pertama = next((b for b in isi.splitlines() if b.strip()), "")
    pemisah = max([";", ",", "\t"], key=baris_pertama.count)
    return list(csv.reader(io.StringIO(isi, newline=""), delimiter=pemisah))


def baca_tabel(data: bytes, nama_berkas: str, *, kolom_wajib: tuple[str, ...] = ("nik",)) -> Tabel:
    """Find the header row (within the first 10 rows) and return the data rows after it.

    Empty rows (anywhere, including trailing ones) are skipped; the row numbers are those a
    spreadsheet program shows, so error messages point at the right line.
    """
    semua, fmt = baca_baris(data, nama_berkas)
    for i, baris in enumerate(semua[:10]):
        kode = [kode_untuk_judul(sel) if not _kosong(sel) else None for sel in baris]
        if all(k in kode for k in kolom_wajib):
            tabel = Tabel(judul=["" if _kosong(s) else str(s).strip() for s in baris], kode=kode, format=fmt)
            lebar = len(baris)
            for j, isi in enumerate(semua[i + 1 :], start=i + 2):
                if all(_kosong(s) for s in isi):
                    continue
                isi = list(isi[:lebar]) + [""] * (lebar - len(isi))
                tabel.baris.append((j, isi))
            return tabel
    from .kolom import KOLOM_PER_KODE

    nama = ", ".join(KOLOM_PER_KODE[k].judul for k in kolom_wajib)
    raise BerkasTidakTerbaca(
        f"Baris judul kolom tidak ditemukan: kolom {nama} harus ada di salah satu dari 10 baris pertama. "
        "Gunakan templat yang disediakan."
    )
