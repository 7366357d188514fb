"""Coded values of complaints and the one transition map of their status."""

from __future__ import annotations

from django.db import models

from tksk.permissions import Aksi


class JenisAduan(models.TextChoices):
    USUL = "usul", "Usul (usulan pendaftaran/bantuan)"
    SANGGAH = "sanggah", "Sanggah"
    PENGADUAN_LAYANAN = "pengaduan_layanan", "Pengaduan layanan"
    PERBAIKAN_DATA = "perbaikan_data", "Perbaikan data"


class KategoriAduan(models.TextChoices):
    """The finer kind; each belongs to one ``JenisAduan`` (``KATEGORI_PER_JENIS``)."""

    USUL_DAFTAR = "usul_daftar", "Usul pendaftaran ke registri"
    USUL_BANTUAN = "usul_bantuan", "Usul penerima bantuan"
    SANGGAH_INKLUSI = "sanggah_inklusi", "Penerima tidak layak (inclusion error)"
    SANGGAH_EKSKLUSI = "sanggah_eksklusi", "Keluarga layak belum menerima (exclusion error)"
    TIDAK_DITERIMA = "tidak_diterima", "Bantuan tidak diterima"
    TERHENTI = "terhenti", "Bantuan terhenti"
    NOMINAL_SALAH = "nominal_salah", "Jumlah/nilai bantuan tidak sesuai"
    PERLAKUAN_PETUGAS = "perlakuan_petugas", "Perlakuan petugas"
    DATA_SALAH = "data_salah", "Data registri salah"


KATEGORI_PER_JENIS: dict[str, tuple[str, ...]] = {
    JenisAduan.USUL: (KategoriAduan.USUL_DAFTAR, KategoriAduan.USUL_BANTUAN),
    JenisAduan.SANGGAH: (KategoriAduan.SANGGAH_INKLUSI, KategoriAduan.SANGGAH_EKSKLUSI),
    JenisAduan.PENGADUAN_LAYANAN: (
        KategoriAduan.TIDAK_DITERIMA, KategoriAduan.TERHENTI, KategoriAduan.NOMINAL_SALAH,
        KategoriAduan.PERLAKUAN_PETUGAS,
    ),
    JenisAduan.PERBAIKAN_DATA: (KategoriAduan.DATA_SALAH,),
}


class SaluranAduan(models.TextChoices):
    DATANG_LANGSUNG = "datang_langsung", "Datang langsung"
    TELEPON = "telepon", "Telepon"
    WHATSAPP = "whatsapp", "WhatsApp"
    SURAT = "surat", "Surat"
    CEK_BANSOS = "cek_bansos", "Aplikasi Cek Bansos"
    TEMUAN_TKSK = "temuan_tksk", "Temuan TKSK"


class HubunganPelapor(models.TextChoices):
    DIRI_SENDIRI = "diri_sendiri", "Diri sendiri / keluarga yang bersangkutan"
    KERABAT = "kerabat", "Kerabat"
    TETANGGA = "tetangga", "Tetangga"
    RT_RW = "rt_rw", "Ketua RT/RW"
    KELURAHAN = "kelurahan", "Perangkat kelurahan"
    PETUGAS = "petugas", "TKSK / pilar sosial"
    LAINNYA = "lainnya", "Lainnya"


class StatusAduan(models.TextChoices):
    DITERIMA = "diterima", "Diterima"
    DIVERIFIKASI = "diverifikasi", "Diverifikasi"
    DIPUTUSKAN = "diputuskan", "Diputuskan"
    DITINDAKLANJUTI = "ditindaklanjuti", "Ditindaklanjuti"
    SELESAI = "selesai", "Selesai"


class Keputusan(models.TextChoices):
    DIKABULKAN = "dikabulkan", "Dikabulkan"
    DITOLAK = "ditolak", "Ditolak"


class JenisTindakLanjut(models.TextChoices):
    PENDAFTARAN_BARU = "pendaftaran_baru", "Keluarga didaftarkan ke registri"
    USULAN = "usulan", "Usulan bantuan dibuat"
    PENERIMA_DINONAKTIFKAN = "penerima_dinonaktifkan", "Penerima dinonaktifkan"
    PERBAIKAN_DATA = "perbaikan_data", "Data registri diperbaiki"
    LAINNYA = "lainnya", "Tindakan lain (mis. penyaluran susulan, teguran petugas)"


class JenisLampiranAduan(models.TextChoices):
    KTP_KK = "ktp_kk", "Foto KTP/KK"
    FOTO_RUMAH = "foto_rumah", "Foto rumah / kondisi"
    SURAT_RT = "surat_rt", "Surat keterangan RT/kelurahan"
    SURAT_ADUAN = "surat_aduan", "Surat aduan"
    LAINNYA = "lainnya", "Lainnya"


class StatusTenggat(models.TextChoices):
    TEPAT_WAKTU = "tepat_waktu", "Tepat waktu"
    HAMPIR = "hampir_jatuh_tempo", "Hampir jatuh tempo"
    TERLAMBAT = "terlambat", "Terlambat"


S = StatusAduan

# (dari, ke) → the action the user's role must allow. Anything not listed is refused.
# The clock stops at the decision; diputuskan → selesai is only for a rejected complaint
# (nothing to act on), checked by ``services.aduan_selesaikan``.
TRANSISI: dict[tuple[str, str], Aksi] = {
    (S.DITERIMA, S.DIVERIFIKASI): Aksi.VERIFIKASI_ADUAN,
    (S.DIVERIFIKASI, S.DIPUTUSKAN): Aksi.PUTUSKAN_ADUAN,
    (S.DIPUTUSKAN, S.DITINDAKLANJUTI): Aksi.TINDAK_LANJUT_ADUAN,
    (S.DIPUTUSKAN, S.SELESAI): Aksi.PUTUSKAN_ADUAN,
    (S.DITINDAKLANJUTI, S.SELESAI): Aksi.PUTUSKAN_ADUAN,
}
# Not decided yet: the deadline clock is running.
STATUS_BELUM_DIPUTUSKAN = (S.DITERIMA, S.DIVERIFIKASI)
STATUS_TERBUKA = (S.DITERIMA, S.DIVERIFIKASI, S.DIPUTUSKAN, S.DITINDAKLANJUTI)

# Deadline in days from the receipt date, per kind, when the administrator has not set one
# (admin → "Tenggat aduan"). 14 days for a sanggah follows the Cek Bansos rule.
TENGGAT_BAWAAN: dict[str, int] = {
    JenisAduan.USUL: 30,
    JenisAduan.SANGGAH: 14,
    JenisAduan.PENGADUAN_LAYANAN: 14,
    JenisAduan.PERBAIKAN_DATA: 30,
}
HARI_PERINGATAN_BAWAAN = 3  # "hampir jatuh tempo" from this many days before the deadline
