"""Reading an uploaded spreadsheet into header + rows, keeping each row's number in the file.

XLSX is read with python-calamine (about 10× faster than openpyxl); cells keep their types,
so a NIK typed as a number arrives as a float and can be rejected. CSV is UTF-8 (with or
without BOM; Windows-1252 as a fallback) with ``,`` ``;`` or tab, sniffed from the header line.

Every file is parsed in a child process (``baca_anak``) with memory and CPU limits and a wall
time limit, after size/shape checks that never allocate in proportion to a sheet's declared
area: a hostile workbook can at worst kill that child. ``baca_baris`` is the one entry point
(registry import, BNBA import and the error report all go through ``baca_tabel``).
"""

from __future__ import annotations

import datetime
import gc
import logging
import os
import pickle
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from .baca_anak import KODE_MEMORI, Batas
from .kolom import kode_untuk_judul

log = logging.getLogger(__name__)
AKAR = Path(__file__).resolve().parents[2]  # the project folder (where ``pmks`` lives)


class BerkasTidakTerbaca(Exception):
    """The file cannot be used at all (wrong format, no header row, beyond limits): message for the user."""


class PembacaanGagal(BerkasTidakTerbaca):
    """Reading was stopped (memory/time limit, the parser crashed): the import is marked failed."""


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


def batas_baca() -> Batas:
    """The limits for reading one file (``SIDAMPING_IMPOR_*`` settings, defaults in ``Batas``)."""
    bawaan = Batas()
    return Batas(
        maks_baris=int(getattr(settings, "SIDAMPING_IMPOR_MAKS_BARIS", bawaan.maks_baris)),
        maks_kolom=int(getattr(settings, "SIDAMPING_IMPOR_MAKS_KOLOM", bawaan.maks_kolom)),
        memori_mb=int(getattr(settings, "SIDAMPING_IMPOR_MEMORI_MB", bawaan.memori_mb)),
        cpu_detik=int(getattr(settings, "SIDAMPING_IMPOR_WAKTU_BACA", bawaan.cpu_detik)),
    )


class _HanyaDataPolos(pickle.Unpickler):
    """Unpickle builtins and ``datetime`` values only: the child's output is never trusted to name code."""

    DIIZINKAN = {("datetime", n) for n in ("date", "datetime", "time", "timedelta", "timezone")}

    def find_class(self, module, name):
        if (module, name) in self.DIIZINKAN:
            return getattr(datetime, name)
        raise pickle.UnpicklingError(f"{module}.{name} tidak diizinkan")


PESAN_GAGAL = ("Pembacaan berkas dihentikan karena melampaui batas {apa}. Tidak ada data yang disimpan. "
               "Periksa apakah ada sel terisi jauh di luar data (mis. di baris 1.000.000 atau kolom XFD), "
               "hapus baris/kolom kosong di luarnya atau simpan ulang sebagai .csv, lalu unggah lagi.")


def baca_baris(data: bytes, nama_berkas: str, *, batas: Batas | None = None) -> tuple[list[list], str]:
    """All rows of the first sheet (XLSX) or of the CSV, as lists of cells, read in a child process."""
    batas = batas or batas_baca()
    akhiran = Path(nama_berkas.lower()).suffix
    akhiran = akhiran if akhiran in (".xlsx", ".csv", ".txt") else ".bin"  # the child needs only the format
    perintah = [sys.executable, "-E", "-s", "-m", "pmks.impor.baca_anak", f"--nama=berkas{akhiran}",
                *batas.argumen()]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8", "RUST_BACKTRACE": "0"}
    with tempfile.TemporaryFile() as masuk, tempfile.TemporaryFile() as keluar, tempfile.TemporaryFile() as galat:
        masuk.write(data)
        masuk.seek(0)
        proses = subprocess.Popen(perintah, stdin=masuk, stdout=keluar, stderr=galat, cwd=AKAR, env=env)
        try:
            kode = proses.wait(timeout=batas.cpu_detik + 30)
        except subprocess.TimeoutExpired:
            proses.kill()
            proses.wait()
            log.warning("Pembacaan %s melewati batas waktu", nama_berkas)
            raise PembacaanGagal(PESAN_GAGAL.format(apa="waktu")) from None
        if kode != 0:
            galat.seek(0)
            log.warning("Pembacaan %s berhenti (kode %s): %s", nama_berkas, kode,
                        galat.read(2000).decode("utf-8", "replace"))
            apa = "waktu" if kode == -24 else "memori"  # -SIGXCPU: the CPU limit
            if kode not in (KODE_MEMORI, -6, -9, -24):  # MemoryError, abort (failed allocation), killed
                apa = "kemampuan pembaca"
            raise PembacaanGagal(PESAN_GAGAL.format(apa=apa))
        keluar.seek(0)
        gc_aktif = gc.isenabled()
        gc.disable()  # millions of small objects: the cyclic GC would triple the load time
        try:
            hasil = _HanyaDataPolos(keluar).load()
        except Exception as exc:
            log.exception("Hasil pembacaan %s tidak terbaca", nama_berkas)
            raise PembacaanGagal(PESAN_GAGAL.format(apa="kemampuan pembaca")) from exc
        finally:
            if gc_aktif:
                gc.enable()
    if hasil[0] == "tolak":
        raise BerkasTidakTerbaca(hasil[1])
    _, fmt, baris = hasil
    return baris, fmt


def baca_tabel(data: bytes, nama_berkas: str, *, kolom_wajib: tuple = ("nik",), pengenal=None,
               judul_kolom: dict[str, str] | None = None) -> Tabel:
    """Find the header row (within the first 10 rows) and return the data rows after it.

    Empty rows (anywhere, including trailing ones) are skipped; the row numbers are those a
    spreadsheet program shows, so error messages point at the right line. ``pengenal`` maps a header
    cell to a column code (default: the registry's columns); an item of ``kolom_wajib`` that is a
    tuple needs any one of its codes (e.g. ``("nik", "no_kk")``); ``judul_kolom`` names codes in the
    message.
    """
    pengenal = pengenal or kode_untuk_judul
    semua, fmt = baca_baris(data, nama_berkas)

    def lengkap(kode: list) -> bool:
        return all(any(x in kode for x in k) if isinstance(k, tuple) else k in kode for k in kolom_wajib)

    for i, baris in enumerate(semua[:10]):
        kode = [pengenal(sel) if not _kosong(sel) else None for sel in baris]
        if lengkap(kode):
            tabel = Tabel(judul=["" if _kosong(s) else str(s).strip() for s in baris], kode=kode, format=fmt)
            lebar = len(baris)
            for j, isi in enumerate(semua[i + 1 :], start=i + 2):
                if all(_kosong(s) for s in isi):
                    continue
                isi = list(isi[:lebar]) + [""] * (lebar - len(isi))
                tabel.baris.append((j, isi))
            return tabel
    from .kolom import KOLOM_PER_KODE

    judul = judul_kolom or {k: v.judul for k, v in KOLOM_PER_KODE.items()}
    nama = ", ".join(" atau ".join(judul.get(x, x) for x in k) if isinstance(k, tuple) else judul.get(k, k)
                     for k in kolom_wajib)
    raise BerkasTidakTerbaca(
        f"Baris judul kolom tidak ditemukan: kolom {nama} harus ada di salah satu dari 10 baris pertama. "
        "Gunakan templat yang disediakan."
    )
