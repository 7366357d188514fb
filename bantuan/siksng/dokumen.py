"""The documents of a SIKS-NG package: the spreadsheet (one row per proposed person, NIK / No. KK /
codes as text cells) and the PDFs (berita acara of the musyawarah kelurahan, SPTJM) from the one PDF
helper. Numbers are masked for roles that do not need them (``perlu_nomor_lengkap``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import astuple
from datetime import date

from django.utils import timezone

from pmks.impor.ekspor import xlsx_stream
from tksk.pdf import render_pdf

from .selectors import BarisPaket

JUDUL_XLSX = [
    "NIK", "No. KK", "Nama", "Alamat", "RT", "RW", "Kode wilayah", "Kelurahan/desa", "Program", "Alasan pengusulan",
    "Status usulan", "Tanggal diajukan",
]
KOLOM_TEKS = {0, 1, 4, 5, 6}  # NIK, No. KK, RT, RW, kode wilayah: text, never numbers (leading zeros, 16 digits)


def xlsx_paket(baris: list[BarisPaket]) -> Iterator[bytes]:
    return xlsx_stream(JUDUL_XLSX, (list(astuple(b)) for b in baris), kolom_teks=KOLOM_TEKS)


def _konteks(*, kelurahan, bulan: date, baris: list[BarisPaket], user) -> dict:
    return {
        "kelurahan": kelurahan, "kecamatan": kelurahan.induk, "bulan": bulan, "baris_list": baris,
        "program_list": sorted({b.program for b in baris}), "tanggal": timezone.localdate(), "penyusun": user,
    }


def pdf_berita_acara(*, kelurahan, bulan: date, baris: list[BarisPaket], user, data: dict, request=None) -> bytes:
    konteks = _konteks(kelurahan=kelurahan, bulan=bulan, baris=baris, user=user)
    konteks.update(tanggal_musyawarah=data["tanggal"], tempat=data["tempat"], pimpinan=data["pimpinan"],
                   peserta_list=data["peserta"])
    return render_pdf("bantuan/cetak/berita_acara_siksng.html", konteks, request=request)


def pdf_sptjm(*, kelurahan, bulan: date, baris: list[BarisPaket], user, data: dict, request=None) -> bytes:
    konteks = _konteks(kelurahan=kelurahan, bulan=bulan, baris=baris, user=user)
    konteks.update(pejabat_nama=data["nama"], pejabat_nip=data["nip"], pejabat_jabatan=data["jabatan"])
    return render_pdf("bantuan/cetak/sptjm_siksng.html", konteks, request=request)
