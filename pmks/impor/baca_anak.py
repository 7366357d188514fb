"""Reading an untrusted spreadsheet: runs in a CHILD process (``python -m pmks.impor.baca_anak``).

No Django here: the parent (``baca.baca_baris``) passes the file on stdin and the limits as
arguments, the child sets its own memory/CPU limits first, then

1. XLSX: checks the zip (number of members, uncompressed size, compression ratio, no
   XLSB/ODS parts) and the first sheet's cell references BEFORE python-calamine sees it:
   calamine allocates the whole area up to the farthest cell (a single cell at XFD1048576
   asks for ~512 GB and aborts the process). The sheet XML is streamed from the zip; the
   common case (every ``<row>``/``<c>`` starts with an ``r`` attribute, no comments/CDATA) is
   checked with byte counts and one anchored regex; anything else is walked exactly with
   expat. Memory never grows with the declared area.
2. CSV: decodes and counts rows/columns while reading.

and writes ``("ok", format, rows)`` or ``("tolak", message)`` to stdout (pickle; the parent
unpickles only builtins and ``datetime`` types). A native abort or the memory limit kills
only this process; the parent reports the import as failed.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import pickle
import re
import resource
import sys
import zipfile
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Batas:
    """Limits for one file. Defaults: ``SIDAMPING_IMPOR_*`` settings (see config/settings.py)."""

    maks_baris: int = 200_000  # rows of the sheet (header included)
    maks_kolom: int = 60
    maks_anggota_zip: int = 500
    maks_byte_terurai: int = 400 * 1024 * 1024  # all zip members, uncompressed
    maks_rasio: int = 200  # uncompressed / compressed, for members above 10 MB
    memori_mb: int = 2048  # address space of the child
    cpu_detik: int = 300

    def argumen(self) -> list[str]:
        return [f"--{k.replace('_', '-')}={v}" for k, v in asdict(self).items()]


class Ditolak(Exception):
    """The file is refused; the message is for the user (Indonesian)."""


def _angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _pesan_kolom(b: Batas) -> str:
    return (f"Lembar pertama memuat sel di luar kolom ke-{b.maks_kolom} (paling banyak {b.maks_kolom} kolom). "
            "Hapus kolom kosong/berisi di sebelah kanan data, atau salin data ke lembar baru, lalu unggah lagi.")


def _pesan_baris(b: Batas) -> str:
    return (f"Lembar pertama memuat sel di bawah baris ke-{_angka(b.maks_baris)} (paling banyak "
            f"{_angka(b.maks_baris)} baris per berkas). Bagi data menjadi beberapa berkas, atau hapus baris "
            "kosong/berisi di bawah data (mis. sel terisi di baris 1.048.576), lalu unggah lagi.")


# --- XLSX: the zip and the first sheet --------------------------------------------------------

_SALAH_XLSX = "Berkas tidak dapat dibaca sebagai XLSX. Simpan ulang dari Excel sebagai .xlsx atau .csv."


def _lokasi_lembar_pertama(zf: zipfile.ZipFile) -> str:
    """The zip member of the workbook's first sheet, resolved the way calamine does it."""
    import xml.etree.ElementTree as ET  # small files only (sizes checked by the caller)

    def xml(nama: str):
        isi = zf.read(nama)
        if b"<!DOCTYPE" in isi or b"<!ENTITY" in isi:
            raise Ditolak(_SALAH_XLSX)
        return ET.fromstring(isi)

    try:
        buku = xml("xl/workbook.xml")
        rels = xml("xl/_rels/workbook.xml.rels")
    except (KeyError, ET.ParseError) as exc:
        raise Ditolak(_SALAH_XLSX) from exc
    lembar = next((e for e in buku.iter() if e.tag.rsplit("}", 1)[-1] == "sheet"), None)
    if lembar is None:
        raise Ditolak("Berkas XLSX tidak memuat lembar kerja.")
    rid = next((v for k, v in lembar.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
    target = next((e.get("Target") for e in rels.iter() if e.get("Id") == rid), None)
    if not target:
        raise Ditolak(_SALAH_XLSX)
    target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    bagian: list[str] = []
    for p in target.split("/"):
        if p == "..":
            if bagian:
                bagian.pop()
        elif p not in ("", "."):
            bagian.append(p)
    nama = "/".join(bagian)
    if nama not in zf.NameToInfo:
        raise Ditolak(_SALAH_XLSX)
    return nama


def periksa_zip(zf: zipfile.ZipFile, b: Batas) -> None:
    info = zf.infolist()
    if len(info) > b.maks_anggota_zip:
        raise Ditolak(f"Berkas XLSX memuat terlalu banyak bagian ({_angka(len(info))}). Simpan ulang sebagai .xlsx "
                      "biasa atau .csv.")
    nama = {i.filename for i in info}
    if "xl/workbook.xml" not in nama or "xl/workbook.bin" in nama or "content.xml" in nama:
        raise Ditolak(_SALAH_XLSX)
    total = 0
    for i in info:
        total += i.file_size
        if i.file_size > 10 * 1024 * 1024 and i.file_size > b.maks_rasio * max(i.compress_size, 1):
            raise Ditolak("Berkas XLSX tidak wajar: isinya terkompresi terlalu tinggi (kemungkinan 'bom zip'). "
                          "Simpan ulang dari Excel sebagai .xlsx atau .csv.")
    if total > b.maks_byte_terurai:
        raise Ditolak(f"Berkas XLSX terlalu besar setelah diurai (lebih dari {b.maks_byte_terurai // 2**20} MB). "
                      "Bagi data menjadi beberapa berkas.")


def _regex_jauh(b: Batas) -> tuple[re.Pattern, re.Pattern]:
    """``<c r="…"`` / ``<row r="…"`` whose value is NOT a well-formed reference within the limits."""
    batas_baris = rf"0*(?:{_pola_sampai(b.maks_baris)})"
    sel = re.compile(rf'<c r="(?!(?:{_pola_kolom(b.maks_kolom)}){batas_baris}")'.encode())
    row = re.compile(rf'<row r="(?!{batas_baris}")'.encode())
    return sel, row


def _pola_kolom(n: int) -> str:
    """A regex matching exactly the column letters A..(column n), for n up to 702 (ZZ)."""
    if n > 702:
        return "[A-Z]{1,3}"  # limits raised past ZZ: only the exact walk would be precise
    if n <= 26:
        return f"[A-{chr(64 + n)}]"
    bagian = ["[A-Z]"]
    penuh, sisa = divmod(n - 26, 26)
    if penuh:
        bagian.append(f"[A-{chr(64 + penuh)}][A-Z]")
    if sisa:
        bagian.append(f"{chr(65 + penuh)}[A-{chr(64 + sisa)}]")
    return "|".join(bagian)


def _huruf(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _kolom_dari_huruf(h: str) -> int:
    n = 0
    for ch in h.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def _pola_sampai(n: int) -> str:
    """A regex matching exactly the decimal numbers 1..n (no leading zeros)."""
    s = str(n)
    bagian = [rf"[1-9]\d{{0,{len(s) - 2}}}"] if len(s) > 1 else []
    # numbers with len(s) digits that are <= n
    for i, ch in enumerate(s):
        d = int(ch)
        awal = 1 if i == 0 else 0
        if d > awal:
            bagian.append(f"{s[:i]}[{awal}-{d - 1}]" + (rf"\d{{{len(s) - i - 1}}}" if i < len(s) - 1 else ""))
    bagian.append(s)
    return "|".join(bagian)


_ENTITAS_SEL = re.compile(rb'<c r="[^"<]*&')
_ENTITAS_BARIS = re.compile(rb'<row r="[^"<]*&')
_BERAWALAN = re.compile(rb":(?:c|row)[\s>/]")  # <x:c …>: prefixed elements (calamine reads local names)
_REF = re.compile(r"^\s*([A-Za-z]*)\s*(\d*)\s*$")


def _ref(nilai: str, b: Batas) -> tuple[int, int]:
    """(column, row) of a cell reference; refuses what is out of bounds or unreadable."""
    m = _REF.match(nilai)
    if not m or not m.group(1) or not m.group(2) or len(m.group(1)) > 3:
        if m and m.group(1) and len(m.group(1)) > 3:
            raise Ditolak(_pesan_kolom(b))
        raise Ditolak(_SALAH_XLSX)
    return _kolom_dari_huruf(m.group(1)), int(m.group(2))


def _periksa_jalur_tepat(zf: zipfile.ZipFile, nama: str, b: Batas) -> None:
    """Walk every ``<row>``/``<c>`` with expat, positioning r-less ones as calamine does."""
    import xml.parsers.expat

    pos = {"baris": 0, "kolom": 0}

    def mulai(tag: str, attrs: dict) -> None:
        lokal = tag.rsplit(":", 1)[-1]
        if lokal == "row":
            r = attrs.get("r")
            pos["baris"] = int(r) if r and r.strip().isdigit() else pos["baris"] + 1
            pos["kolom"] = 0
        elif lokal == "c":
            r = attrs.get("r")
            if r:
                pos["kolom"], pos["baris"] = _ref(r, b)
            else:
                pos["kolom"] += 1
        else:
            return
        if pos["kolom"] > b.maks_kolom:
            raise Ditolak(_pesan_kolom(b))
        if pos["baris"] > b.maks_baris:
            raise Ditolak(_pesan_baris(b))

    def doctype(*_args) -> None:
        raise Ditolak(_SALAH_XLSX)

    p = xml.parsers.expat.ParserCreate()
    p.StartElementHandler = mulai
    p.StartDoctypeDeclHandler = doctype
    p.EntityDeclHandler = doctype
    try:
        with zf.open(nama) as f:
            p.ParseFile(f)
    except xml.parsers.expat.ExpatError as exc:
        raise Ditolak(_SALAH_XLSX) from exc


def _semua_ber_r(buf: bytes, awal: bytes) -> bool:
    """Every ``<c``/``<row`` element of the chunk starts with an ``r="…"`` attribute.

    Cheap first: when every tag beginning with ``<c`` is a ``<c r="``, done; otherwise (``<cols>``,
    ``<cfRule>`` … in the same chunk, or an r-less cell) count the exact element names.
    """
    dengan_r = buf.count(awal + b' r="')
    if buf.count(awal) == dengan_r:
        return True
    return sum(buf.count(awal + x) for x in (b" ", b">", b"/", b"\t", b"\n", b"\r")) == dengan_r


def periksa_lembar(zf: zipfile.ZipFile, nama: str, b: Batas) -> None:
    """Refuse a sheet with a cell beyond ``maks_kolom`` / ``maks_baris`` before calamine reads it."""
    sel_jauh, baris_jauh = _regex_jauh(b)
    sisa = b""
    with zf.open(nama) as f:
        while True:
            blok = f.read(4 * 1024 * 1024)
            buf = sisa + blok
            if blok:
                potong = buf.rfind(b"<")
                if potong <= 0 and len(buf) < 16 * 1024 * 1024:
                    sisa = buf
                    continue
                buf, sisa = (buf[:potong], buf[potong:]) if potong > 0 else (buf, b"")
            if b"<!" in buf or b"&" in buf and (_ENTITAS_SEL.search(buf) or _ENTITAS_BARIS.search(buf)):
                return _periksa_jalur_tepat(zf, nama, b)  # DOCTYPE/comment/CDATA/entity in a reference
            if not _semua_ber_r(buf, b"<c") or not _semua_ber_r(buf, b"<row") or _BERAWALAN.search(buf):
                return _periksa_jalur_tepat(zf, nama, b)  # r-less or prefixed elements: walk exactly
            m = sel_jauh.search(buf) or baris_jauh.search(buf)
            if m:
                nilai = buf[m.end(): buf.find(b'"', m.end())].decode("ascii", "replace")
                if m.re is baris_jauh:
                    raise Ditolak(_pesan_baris(b) if nilai.strip().isdigit() else _SALAH_XLSX)
                kolom, baris = _ref(nilai, b)
                raise Ditolak(_pesan_kolom(b) if kolom > b.maks_kolom else _pesan_baris(b))
            if not blok:
                return None


def baca_xlsx(data: bytes, b: Batas) -> list[list]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise Ditolak(_SALAH_XLSX) from exc
    try:
        periksa_zip(zf, b)
        periksa_lembar(zf, _lokasi_lembar_pertama(zf), b)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise Ditolak(_SALAH_XLSX) from exc
    import python_calamine

    try:
        buku = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        return buku.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except MemoryError:
        raise
    except Exception as exc:  # calamine raises several error types for damaged files
        raise Ditolak(_SALAH_XLSX) from exc


# --- CSV --------------------------------------------------------------------------------------


def baca_csv(data: bytes, b: Batas) -> list[list]:
    for pengkodean in ("utf-8-sig", "cp1252"):
        try:
            isi = data.decode(pengkodean)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise Ditolak("Pengkodean CSV tidak dikenali. Simpan sebagai CSV UTF-8.")
    baris_pertama = next((b for b in isi[:100_000].splitlines() if b.strip()), "")
    pemisah = max([";", ",", "\t"], key=baris_pertama.count)
    hasil: list[list] = []
    try:
        for baris in csv.reader(io.StringIO(isi, newline=""), delimiter=pemisah):
            if len(hasil) >= b.maks_baris:
                raise Ditolak(_pesan_baris(b))
            if len(baris) > b.maks_kolom:
                raise Ditolak(f"Baris {_angka(len(hasil) + 1)} CSV memuat {_angka(len(baris))} kolom (paling banyak "
                              f"{b.maks_kolom}). Periksa pemisah kolom dan tanda petik.")
            hasil.append(baris)
    except csv.Error as exc:
        raise Ditolak(f"CSV tidak dapat dibaca pada baris {_angka(len(hasil) + 1)}: isi sel terlalu panjang atau "
                      "tanda petik tidak tertutup.") from exc
    return hasil


def baca_baris_langsung(data: bytes, nama_berkas: str, b: Batas) -> tuple[list[list], str]:
    """The rows of the first sheet (XLSX) or of the CSV, in THIS process: call it only in the child."""
    nama = nama_berkas.lower()
    if nama.endswith(".xlsx") or data[:2] == b"PK":
        return baca_xlsx(data, b), "xlsx"
    if nama.endswith((".csv", ".txt")):
        return baca_csv(data, b), "csv"
    raise Ditolak("Format berkas tidak didukung. Unggah .xlsx atau .csv.")


# --- Child entry point ------------------------------------------------------------------------

KODE_MEMORI = 3


def _batasi(b: Batas) -> None:
    memori = b.memori_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memori, memori))
    resource.setrlimit(resource.RLIMIT_CPU, (b.cpu_detik, b.cpu_detik + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nama", required=True)
    for k, v in asdict(Batas()).items():
        parser.add_argument(f"--{k.replace('_', '-')}", type=int, default=v)
    args = vars(parser.parse_args(argv))
    nama = args.pop("nama")
    b = Batas(**args)
    _batasi(b)
    gc.disable()  # a short-lived process building millions of small objects
    keluar = sys.stdout.buffer
    try:
        data = sys.stdin.buffer.read()
        baris, fmt = baca_baris_langsung(data, nama, b)
        hasil: tuple = ("ok", fmt, baris)
    except Ditolak as exc:
        hasil = ("tolak", str(exc))
    except MemoryError:
        return KODE_MEMORI
    pickle.dump(hasil, keluar, protocol=pickle.HIGHEST_PROTOCOL)
    keluar.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
