from django.apps import AppConfig


class LaporanConfig(AppConfig):
    name = "laporan"
    verbose_name = "Laporan"

    def ready(self) -> None:
        from tksk import retensi
        from tksk.notifikasi import daftarkan_jenis

        daftarkan_jenis("rekap_selesai", "Rekap selesai disusun")

        retensi.daftarkan_retensi(retensi.JenisRetensi(
            "unduhan_laporan", "Riwayat unduhan laporan", bulan=24,
            alasan="Catatan siapa mengunduh laporan (berisi data penerima); sama lama dengan catatan akses. "
                   "Laporan beku dan berkasnya tidak pernah dihapus retensi.",
            tabel=("laporan_riwayatunduhan",),
        ))
