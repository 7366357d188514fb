"""The admin's spreadsheet imports (regions, PMKS types) read at most a bounded sheet."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from openpyxl import Workbook

from tests.masukan_jahat import xlsx_sel_jauh
from tksk.impor_admin import MAKS_BARIS, LembarTerlaluBesar, XLSXTerbatas

pytestmark = pytest.mark.django_db
JUDUL = ("kode", "nama", "singkatan", "sumber", "aktif")


def tanpa_dimensi(data: bytes) -> bytes:
    """The same workbook with the sheet's <dimension> removed (a writer may omit it)."""
    masuk, keluar = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(keluar, "w") as z:
        for item in masuk.infolist():
            isi = masuk.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                isi = re.sub(rb"<dimension [^>]*/>", b"", isi)
            z.writestr(item, isi)
    return keluar.getvalue()


def test_admin_xlsx_import_with_far_cell_is_refused_without_reading_the_sheet(client, admin_user):
    client.force_login(admin_user)
    awal = time.perf_counter()
    resp = client.post("/admin/pmks/jenispmks/import/", {
        "format": "1", "import_file": xlsx_sel_jauh(judul=JUDUL, nama="jenis.xlsx"), "resource": "0",
    })
    assert time.perf_counter() - awal < 5
    assert resp.status_code == 200
    assert "Lembar kerja terlalu besar (1048576 baris × 16384 kolom)" in resp.content.decode()


@pytest.mark.parametrize("sel", ["XFD1048576", "C1048576", "BZ2"])
def test_sheet_hiding_its_size_is_still_read_only_within_the_limits(sel):
    data = tanpa_dimensi(xlsx_sel_jauh(sel=sel, judul=JUDUL).read())
    awal = time.perf_counter()
    try:
        hasil = XLSXTerbatas().create_dataset(data)
    except LembarTerlaluBesar:
        hasil = None
    assert time.perf_counter() - awal < 5
    assert hasil is None or (len(hasil) < MAKS_BARIS and hasil.width == len(JUDUL))


def test_ordinary_pmks_type_sheet_still_imports():
    buku = Workbook()
    buku.active.append(list(JUDUL))
    buku.active.append([29, "Keluarga Terdampak Stunting", "KTS", "lokal", True])
    buf = io.BytesIO()
    buku.save(buf)
    hasil = XLSXTerbatas().create_dataset(buf.getvalue())
    assert hasil.headers == list(JUDUL) and hasil.dict == [
        {"kode": 29, "nama": "Keluarga Terdampak Stunting", "singkatan": "KTS", "sumber": "lokal", "aktif": True}
    ]
