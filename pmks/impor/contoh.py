"""Synthetic, rule-abiding spreadsheet data for tests and the ``bench_impor`` benchmark.

NIKs follow the structure checked in ``pmks.registri.nik`` (region, birth date with +40 for women, serial), so
they pass ``pmks.registri.nik`` without warnings; No. KK likewise (region, recording date, serial).
"""

from __future__ import annotations

import csv
import io
import random
from collections import defaultdict
from datetime import date, timedelta

from openpyxl import Workbook

from .kolom import KOLOM


class PembuatNomor:
    """Unique NIK / No. KK numbers with a valid structure."""

    def __init__(self, wilayah: str = "357404") -> None:
        self.wilayah = wilayah
        self._urut: dict[str, int] = defaultdict(int)

    def _nomor(self, tengah: str) -> str:
        awalan = f"{self.wilayah}{tengah}"
        self._urut[awalan] += 1
        if self._urut[awalan] > 9999:
            raise ValueError("Nomor urut habis untuk tanggal ini")
        return f"{awalan}{self._urut[awalan]:04d}"

    def nik(self, lahir: date, jenis_kelamin: str) -> str:
        hari = lahir.day + (40 if jenis_kelamin == "P" else 0)
        return self._nomor(f"{hari:02d}{lahir:%m%y}")

    def no_kk(self, dicatat: date) -> str:
        return self._nomor(f"{dicatat:%d%m%y}")


JUDUL = [k.judul for k in KOLOM]


def keluarga_contoh(
    jumlah_orang: int, *, kelurahan: list[str], seed: int = 1, nomor: PembuatNomor | None = None
) -> list[dict]:
    """``jumlah_orang`` rows (one dict per person, keys = column headers) in households of 1-6."""
    rnd = random.Random(seed)
    nomor = nomor or PembuatNomor()
    hasil: list[dict] = []
    while len(hasil) < jumlah_orang:
        kk = nomor.no_kk(date(2010, 1, 1) + timedelta(days=rnd.randrange(5000)))
        rumah = {
            "Alamat": f"Jl. Contoh No. {rnd.randrange(1, 300)}",
            "RT": f"{rnd.randrange(1, 15):03d}",
            "RW": f"{rnd.randrange(1, 8):03d}",
            "Kelurahan": rnd.choice(kelurahan),
            "Status kepemilikan rumah": rnd.choice(["Milik sendiri", "Kontrak/sewa", "Bebas sewa"]),
            "Luas lantai (m2)": rnd.randrange(12, 90),
            "Lantai": rnd.choice(["Tanah", "Semen/bata merah", "Keramik"]),
            "Dinding": rnd.choice(["Tembok", "Anyaman bambu"]),
            "Atap": rnd.choice(["Genteng", "Seng", "Asbes"]),
            "Sumber air minum": rnd.choice(["Sumur bor/pompa", "Leding", "Air isi ulang"]),
            "Penerangan": "Listrik PLN dengan meteran",
            "Fasilitas BAB": rnd.choice(["Ada, milik sendiri", "MCK umum"]),
            "Jenis PMKS keluarga": rnd.choice(["FM", "", "RTLH", ""]),
        }
        lahir_kepala = date(1950, 1, 1) + timedelta(days=rnd.randrange(14000))
        ukuran = min(rnd.randrange(1, 7), jumlah_orang - len(hasil))
        for i in range(ukuran):
            if i == 0:
                hub, jk, lahir = "Kepala keluarga", "L", lahir_kepala
            elif i == 1:
                hub, jk = "Istri/suami", "P"
                lahir = lahir_kepala + timedelta(days=rnd.randrange(0, 2000))
            else:
                hub, jk = "Anak", rnd.choice("LP")
                lahir = lahir_kepala + timedelta(days=rnd.randrange(6600, 12000))
                lahir = min(lahir, date(2024, 12, 31))
            hasil.append(
                {
                    "No. KK": kk,
                    "NIK": nomor.nik(lahir, jk),
                    "Nama": f"Warga {len(hasil) + 1}",
                    "Tempat lahir": "Probolinggo",
                    "Tanggal lahir": lahir,
                    "Jenis kelamin": jk,
                    "Hubungan keluarga": hub,
                    "Status perkawinan": "Kawin" if i < 2 else "Belum kawin",
                    "Pendidikan": rnd.choice(["SD/sederajat", "SMP/sederajat", "Tidak tamat SD"]),
                    "Pekerjaan": rnd.choice(["Buruh harian lepas", "Petani", "Pedagang", ""]),
                    "Disabilitas": "Tidak ada",
                    "Jenis PMKS anggota": "LUT" if lahir.year < 1960 else "",
                    **(rumah if i == 0 else {"Kelurahan": rumah["Kelurahan"]}),
                }
            )
    return hasil


def tulis_xlsx(baris: list[dict], judul: list[str] | None = None) -> bytes:
    """Rows → XLSX bytes (write-only, so large files stay cheap). Dates become date cells."""
    judul = judul or JUDUL
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(judul)
    for b in baris:
        ws.append([b.get(j, None) if b.get(j, "") != "" else None for j in judul])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def tulis_csv(baris: list[dict], judul: list[str] | None = None, *, pemisah: str = ",", bom: bool = False) -> bytes:
    judul = judul or JUDUL
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=pemisah)
    w.writerow(judul)
    for b in baris:
        w.writerow([f"{v:%d-%m-%Y}" if isinstance(v, date) else v for v in (b.get(j, "") for j in judul)])
    return (("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8")
