"""A minimal XLSX writer that streams: rows in, zip chunks out, memory flat.

openpyxl (even write-only, without lxml) needs ~40 s for 100,000 × 28 cells on our machine and
must finish the whole file before the first byte is sent; this writer emits the sheet as it
goes (zip data descriptors, no seeking) and takes a few seconds. Strings are inline strings,
so NIK / No. KK stay text (style "@"); dates are real dates (dd-mm-yyyy); the header is bold.
Formula escaping is the caller's job (``berkas.aman``): nothing here is ever written as a formula.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

_ILEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = date(1899, 12, 30)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'styles" Target="styles.xml"/></Relationships>'
)
# cellXfs: 0 default, 1 text (@), 2 date dd-mm-yyyy, 3 bold header
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd\\-mm\\-yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _esc(teks: str) -> str:
    teks = _ILEGAL.sub("", teks)
    return teks.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _str(teks: str, gaya: int = 0) -> str:
    s = f' s="{gaya}"' if gaya else ""
    ruang = ' xml:space="preserve"' if teks[:1].isspace() or teks[-1:].isspace() else ""
    return f'<c t="inlineStr"{s}><is><t{ruang}>{_esc(teks)}</t></is></c>'


def _sel(v: object, teks: bool) -> str:
    if v is None or v == "":
        return "<c/>"
    if teks:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return f'<c s="1"><v>{v}</v></c>'  # a number where text belongs (e.g. NIK): kept as it was
        return _str(str(v), 1)
    if isinstance(v, bool):
        return _str("Ya" if v else "Tidak")
    if isinstance(v, (int, float, Decimal)):
        return f"<c><v>{v}</v></c>"
    if isinstance(v, datetime):
        v = v.date()
    if isinstance(v, date):
        return f'<c s="2"><v>{(v - _EPOCH).days}</v></c>'
    return _str(str(v))


class _Penampung:
    """A write-only file object collecting bytes until they are taken (no seek, no tell)."""

    def __init__(self) -> None:
        self.potongan: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.potongan.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def ambil(self) -> bytes:
        hasil = b"".join(self.potongan)
        self.potongan.clear()
        return hasil


def xlsx_aliran(
    judul: list[str], baris: Iterable[list], *, kolom_teks: set[int] = frozenset(), nama_lembar: str = "Data",
    per_potong: int = 1000,
) -> Iterator[bytes]:
    """Yield the bytes of an XLSX file with one sheet: a bold header row, then ``baris``."""
    out = _Penampung()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{_esc(nama_lembar)}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", _STYLES)
        yield out.ambil()
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as lembar:
            lembar.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" state="frozen"/>'
                b"</sheetView></sheetViews><sheetData>"
            )
            lembar.write(('<row r="1">' + "".join(_str(str(j), 3) for j in judul) + "</row>").encode())
            bagian: list[str] = []
            for r, isi in enumerate(baris, start=2):
                bagian.append(f'<row r="{r}">' + "".join(_sel(v, i in kolom_teks) for i, v in enumerate(isi))
                              + "</row>")
                if len(bagian) >= per_potong:
                    lembar.write("".join(bagian).encode())
                    bagian.clear()
                    yield out.ambil()
            lembar.write("".join(bagian).encode())
            lembar.write(b"</sheetData></worksheet>")
    yield out.ambil()
