"""Coded values of the aid domain (stored as short slugs) and the proposal's transition map."""

from django.db import models

from tksk.permissions import Aksi


class JenisProgram(models.TextChoices):
    SEMBAKO = "sembako", "Sembako"
    RTLH = "rtlh", "RTLH (Rutilahu)"
    TERNAK = "ternak", "Ternak"
    MODAL_USAHA = "modal_usaha", "Modal Usaha (UEP)"
    PKH = "pkh", "PKH"
    BPNT = "bpnt", "BPNT"
    LAINNYA = "lainnya", "Lainnya"


class SumberDana(models.TextChoices):
    APBN = "apbn", "APBN"
    APBD_PROVINSI = "apbd_provinsi", "APBD Provinsi"
    APBD_KOTA = "apbd_kota", "APBD Kota"
    CSR_LAINNYA = "csr_lainnya", "CSR / lainnya"


class BentukBantuan(models.TextChoices):
    TUNAI = "tunai", "Tunai"
    BARANG = "barang", "Barang"
    NATURA = "natura", "Natura (in-kind)"


class Frekuensi(models.TextChoices):
    SEKALI = "sekali", "Sekali"
    BULANAN = "bulanan", "Bulanan"


class StatusUsulan(models.TextChoices):
    DRAFT = "draft", "Draf"
    DIAJUKAN = "diajukan", "Diajukan"
    DIVERIFIKASI = "diverifikasi", "Diverifikasi"
    DISETUJUI = "disetujui", "Disetujui"
    DITOLAK = "ditolak", "Ditolak"
    DIKEMBALIKAN = "dikembalikan", "Dikembalikan untuk perbaikan"
    DISALURKAN = "disalurkan", "Disalurkan"
    DIBATALKAN = "dibatalkan", "Dibatalkan"


_S = StatusUsulan
# (from, to) → the action the user's role must allow. Anything not listed is refused
# (``tksk.transisi.pindah_status``).
TRANSISI: dict[tuple[str, str], Aksi] = {
    (_S.DRAFT, _S.DIAJUKAN): Aksi.AJUKAN_USULAN,
    (_S.DIKEMBALIKAN, _S.DIAJUKAN): Aksi.AJUKAN_USULAN,
    (_S.DIAJUKAN, _S.DIVERIFIKASI): Aksi.VERIFIKASI_USULAN,
    (_S.DIVERIFIKASI, _S.DISETUJUI): Aksi.VERIFIKASI_USULAN,
    (_S.DIAJUKAN, _S.DITOLAK): Aksi.VERIFIKASI_USULAN,
    (_S.DIVERIFIKASI, _S.DITOLAK): Aksi.VERIFIKASI_USULAN,
    (_S.DIAJUKAN, _S.DIKEMBALIKAN): Aksi.VERIFIKASI_USULAN,
    (_S.DIVERIFIKASI, _S.DIKEMBALIKAN): Aksi.VERIFIKASI_USULAN,
    (_S.DISETUJUI, _S.DISALURKAN): Aksi.CATAT_PENYALURAN,
    # Cancelling: the TKSK withdraws own proposals before Dinas Sosial has verified them;
    # Dinas Sosial cancels verified or approved ones (never after distribution).
    (_S.DRAFT, _S.DIBATALKAN): Aksi.AJUKAN_USULAN,
    (_S.DIAJUKAN, _S.DIBATALKAN): Aksi.AJUKAN_USULAN,
    (_S.DIKEMBALIKAN, _S.DIBATALKAN): Aksi.AJUKAN_USULAN,
    (_S.DIVERIFIKASI, _S.DIBATALKAN): Aksi.VERIFIKASI_USULAN,
    (_S.DISETUJUI, _S.DIBATALKAN): Aksi.VERIFIKASI_USULAN,
}


# A proposal in one of these is "still open": it blocks a second proposal for the same program.
STATUS_TERBUKA = (
    StatusUsulan.DRAFT,
    StatusUsulan.DIAJUKAN,
    StatusUsulan.DIVERIFIKASI,
    StatusUsulan.DIKEMBALIKAN,
    StatusUsulan.DISETUJUI,
    StatusUsulan.DISALURKAN,
)
# The household receives the aid (counts in quota and overlap while the recipient is active).
STATUS_PENERIMA = (StatusUsulan.DISETUJUI, StatusUsulan.DISALURKAN)


class StatusPenerima(models.TextChoices):
    AKTIF = "aktif", "Aktif"
    DIGANTI = "diganti", "Diganti"
    NONAKTIF = "nonaktif", "Dinonaktifkan"


class AlasanNonaktif(models.TextChoices):
    PINDAH = "pindah", "Pindah domisili"
    MENINGGAL = "meninggal", "Meninggal dunia"
    MENOLAK = "menolak", "Menolak bantuan"
    TIDAK_MEMENUHI = "tidak_memenuhi", "Tidak lagi memenuhi syarat"
    LAINNYA = "lainnya", "Lainnya"


class JenisLampiran(models.TextChoices):
    FOTO_RUMAH = "foto_rumah", "Foto rumah / kondisi"
    FOTO = "foto", "Foto lainnya"
    DOKUMEN = "dokumen", "Pindaian dokumen (KTP/KK/sertifikat)"
    BERITA_ACARA = "berita_acara", "Berita acara musyawarah kelurahan"
    RENCANA_USAHA = "rencana_usaha", "Rencana usaha / daftar kebutuhan"
    LAINNYA = "lainnya", "Lainnya"


# --- Pending proposals: three sets, three meanings (one definition each; see README "Bagaimana angka dihitung")
# Waiting for Dinas Sosial's decision: the dashboard tile and the list filter "menunggu keputusan".
STATUS_MENUNGGU_KEPUTUSAN = (StatusUsulan.DIAJUKAN, StatusUsulan.DIVERIFIKASI)
FILTER_MENUNGGU_KEPUTUSAN = "menunggu"
# Submitted and not decided yet, including one sent back for correction (not a TKSK's unsent draft):
# the program list's "menunggu" count and the "also proposed for a non-combinable program" warning.
STATUS_DIAJUKAN_BELUM_DIPUTUS = (StatusUsulan.DIAJUKAN, StatusUsulan.DIVERIFIKASI, StatusUsulan.DIKEMBALIKAN)
# The household is being proposed (any open step, the TKSK's draft included): it is not "belum
# terjangkau" (the gap list and the report's coverage figure).
STATUS_SEDANG_DIUSULKAN = (StatusUsulan.DRAFT, *STATUS_DIAJUKAN_BELUM_DIPUTUS)


# --- Eligibility drift flags ("tidak lagi memenuhi syarat desil", bantuan.models.TandaDesil) --------------
class StatusTandaDesil(models.TextChoices):
    TERBUKA = "terbuka", "Menunggu keputusan"
    DILANJUTKAN = "dilanjutkan", "Dilanjutkan"
    DINONAKTIFKAN = "dinonaktifkan", "Dinonaktifkan"


_T = StatusTandaDesil
# Dinas Sosial decides (the role that deactivates recipients: VERIFIKASI_USULAN).
TRANSISI_TANDA_DESIL: dict[tuple[str, str], Aksi] = {
    (_T.TERBUKA, _T.DILANJUTKAN): Aksi.VERIFIKASI_USULAN,
    (_T.TERBUKA, _T.DINONAKTIFKAN): Aksi.VERIFIKASI_USULAN,
}
