"""Spreadsheet imports in the admin (django-import-export: regions, PMKS types), bounded.

django-import-export's XLSX reader materialises the sheet's declared area: a 4.8 KB workbook with
one cell at ``XFD1048576`` took 37 s and hit a 1.5 GB memory limit. Reference data is a few hundred
rows of a few columns, so the admin reads at most ``MAKS_BARIS`` × ``MAKS_KOLOM`` and refuses a
sheet that declares more, with a message instead of a crash. (The registry and BNBA imports have
their own reader, ``pmks.impor.baca``.)
"""

from __future__ import annotations

from io import BytesIO

import tablib
from django.conf import settings
from import_export.formats import base_formats

MAKS_BARIS = 20_000
MAKS_KOLOM = 60


class LembarTerlaluBesar(ValueError):
    pass


def _terlalu_besar(baris: int, kolom: int) -> LembarTerlaluBesar:
    return LembarTerlaluBesar(
        f"Lembar kerja terlalu besar ({baris} baris × {kolom} kolom). Batasnya {MAKS_BARIS} baris dan "
        f"{MAKS_KOLOM} kolom; hapus sel di luar tabel atau simpan sebagai CSV."
    )


class XLSXTerbatas(base_formats.XLSX):
    def create_dataset(self, in_stream):
        import openpyxl

        buku = openpyxl.load_workbook(BytesIO(in_stream), read_only=True, data_only=True)
        lembar = buku.active
        # The declared size (<dimension>) first; a sheet that hides or understates it is still only
        # ever read within the limits below.
        if (lembar.max_row or 0) > MAKS_BARIS or (lembar.max_column or 0) > MAKS_KOLOM:
            raise _terlalu_besar(lembar.max_row or 0, lembar.max_column or 0)
        lebar = min(lembar.max_column or MAKS_KOLOM, MAKS_KOLOM)
        baris = lembar.iter_rows(max_row=MAKS_BARIS + 1, max_col=lebar, values_only=True)
        judul = list(next(baris, ()))
        while judul and judul[-1] is None:
            judul.pop()
        data = tablib.Dataset(headers=judul)
        abaikan_kosong = getattr(settings, "IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES", False)
        for nilai in baris:
            nilai = list(nilai[: len(judul)]) + [None] * (len(judul) - len(nilai))
            if abaikan_kosong and all(v is None for v in nilai):
                continue
            data.append(nilai)
        if len(data) >= MAKS_BARIS:
            raise _terlalu_besar(len(data) + 1, lebar)
        return data


class ImporAdminTerbatas:
    """Mixin for an ``ImportExportModelAdmin``: CSV or bounded XLSX, and our refusal shown as is."""

    import_formats = [base_formats.CSV, XLSXTerbatas]

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, LembarTerlaluBesar):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)
