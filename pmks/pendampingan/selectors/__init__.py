"""Reads of pendampingan, split by purpose:

- ``tanggal``: "today", weeks and months in Asia/Jakarta;
- ``daftar``: scoped lists (visits, follow-ups, referrals, PSKS) and the household panel;
- ``linimasa``: the household timeline;
- ``dasbor``: the caseload dashboard (home page);
- ``rekap``: the monthly figures (``angka_pendampingan``, per kelurahan, used by the report
  section) and ``rekap_pendampingan`` (one area's month, with lists).

The names below are re-exported so callers can keep ``from pmks.pendampingan import selectors``.
"""

from .daftar import (
    _prefetch_kepala,
    daftar_kunjungan,
    daftar_psks,
    daftar_rujukan,
    daftar_tindak_lanjut,
    jenis_pmks_aktif,
    kelurahan_tulis,
    kunci_tindak_lanjut,
    kunjungan_untuk,
    muat_tindak_lanjut,
    pendampingan_keluarga,
    psks_untuk,
    rujukan_untuk,
    tindak_lanjut_area,
    tindak_lanjut_untuk,
)
from .dasbor import BarisDasbor, Dasbor, angka_dasbor, angka_dasbor_tersimpan, keluarga_lama_tanpa_kunjungan
from .linimasa import linimasa_keluarga, peristiwa_pendampingan, peristiwa_registri
from .rekap import AngkaPendampingan, RekapPendampingan, angka_pendampingan, rekap_pendampingan
from .tanggal import JAKARTA, akhir_minggu, awal_bulan, batas_tanpa_kunjungan, geser_bulan, hari_ini_jakarta

__all__ = [
    "JAKARTA",
    "AngkaPendampingan",
    "BarisDasbor",
    "Dasbor",
    "RekapPendampingan",
    "_prefetch_kepala",
    "akhir_minggu",
    "angka_dasbor",
    "angka_dasbor_tersimpan",
    "angka_pendampingan",
    "awal_bulan",
    "batas_tanpa_kunjungan",
    "daftar_kunjungan",
    "daftar_psks",
    "daftar_rujukan",
    "daftar_tindak_lanjut",
    "geser_bulan",
    "hari_ini_jakarta",
    "jenis_pmks_aktif",
    "kelurahan_tulis",
    "keluarga_lama_tanpa_kunjungan",
    "kunjungan_untuk",
    "kunci_tindak_lanjut",
    "linimasa_keluarga",
    "muat_tindak_lanjut",
    "pendampingan_keluarga",
    "peristiwa_pendampingan",
    "peristiwa_registri",
    "psks_untuk",
    "rekap_pendampingan",
    "rujukan_untuk",
    "tindak_lanjut_area",
    "tindak_lanjut_untuk",
]
