"""Coded values of pendampingan records and the referral's transition map."""

from django.db import models

from tksk.permissions import Aksi


class JenisKunjungan(models.TextChoices):
    ASESMEN = "asesmen", "Asesmen"
    BIMBINGAN_PERORANGAN = "bimbingan_perorangan", "Bimbingan perorangan/keluarga"
    BIMBINGAN_KELOMPOK = "bimbingan_kelompok", "Bimbingan kelompok"
    MONITORING_BANTUAN = "monitoring_bantuan", "Monitoring bantuan"
    MEDIASI = "mediasi", "Mediasi"
    RUJUKAN = "rujukan", "Rujukan"
    PENDATAAN = "pendataan", "Pendataan/verifikasi"


class PeranTKSK(models.TextChoices):
    """Roles of the TKSK named in the field research (Perdirjen 35/2020)."""

    FASILITATOR = "fasilitator", "Fasilitator"
    MEDIATOR = "mediator", "Mediator"
    PEMBIMBING = "pembimbing", "Pembimbing"
    IDENTIFIKATOR = "identifikator", "Identifikator"


class StatusTindakLanjut(models.TextChoices):
    TERBUKA = "terbuka", "Belum selesai"
    SELESAI = "selesai", "Selesai"
    BATAL = "batal", "Dibatalkan"


class JenisPSKS(models.TextChoices):
    """The 12 PSKS types of Permensos 08/2012 plus common service providers."""

    PEKSOS_PROFESIONAL = "peksos_profesional", "Pekerja Sosial Profesional"
    PSM = "psm", "Pekerja Sosial Masyarakat (PSM)"
    TAGANA = "tagana", "Taruna Siaga Bencana (Tagana)"
    LKS = "lks", "Lembaga Kesejahteraan Sosial (LKS)"
    KARANG_TARUNA = "karang_taruna", "Karang Taruna"
    LK3 = "lk3", "Lembaga Konsultasi Kesejahteraan Keluarga (LK3)"
    KELUARGA_PIONER = "keluarga_pioner", "Keluarga Pioner"
    WKSBM = "wksbm", "Wahana Kesejahteraan Sosial Keluarga Berbasis Masyarakat (WKSBM)"
    WANITA_PEMIMPIN = "wanita_pemimpin", "Wanita Pemimpin Kesejahteraan Sosial"
    PENYULUH_SOSIAL = "penyuluh_sosial", "Penyuluh Sosial"
    TKSK = "tksk", "Tenaga Kesejahteraan Sosial Kecamatan (TKSK)"
    DUNIA_USAHA = "dunia_usaha", "Dunia Usaha"
    PUSKESMAS = "puskesmas", "Layanan kesehatan (Puskesmas)"
    SEKOLAH = "sekolah", "Sekolah"
    LAINNYA = "lainnya", "Layanan lainnya"


class KategoriRujukan(models.TextChoices):
    KESEHATAN = "kesehatan", "Kesehatan (Puskesmas / BPJS PBI)"
    PENDIDIKAN = "pendidikan", "Pendidikan (sekolah / beasiswa)"
    DINAS_LAIN = "dinas_lain", "Dinas / instansi lain"
    LKS = "lks", "Lembaga Kesejahteraan Sosial (LKS)"
    BENCANA = "bencana", "Penanganan bencana"
    PSKS = "psks", "PSKS lainnya"
    LAINNYA = "lainnya", "Lainnya"


class StatusRujukan(models.TextChoices):
    DIKIRIM = "dikirim", "Dikirim"
    DITERIMA = "diterima", "Diterima"
    SELESAI = "selesai", "Selesai"
    DITOLAK = "ditolak", "Ditolak"


_R = StatusRujukan
# (from, to) → the action the user's role must allow (``tksk.transisi.pindah_status``).
TRANSISI: dict[tuple[str, str], Aksi] = {
    (_R.DIKIRIM, _R.DITERIMA): Aksi.PENDAMPINGAN,
    (_R.DIKIRIM, _R.DITOLAK): Aksi.PENDAMPINGAN,
    (_R.DITERIMA, _R.SELESAI): Aksi.PENDAMPINGAN,
    (_R.DITERIMA, _R.DITOLAK): Aksi.PENDAMPINGAN,
}
