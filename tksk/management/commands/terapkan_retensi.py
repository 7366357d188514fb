from django.core.management.base import BaseCommand

from tksk import retensi


class Command(BaseCommand):
    help = (
        "Hapus (partisi bulanan dibuang, sisanya dihapus/dianonimkan) catatan yang melewati masa retensi. "
        "Idempoten; --kering hanya menampilkan apa yang akan dihapus."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kering", action="store_true", help="Uji kering: tampilkan saja, jangan ubah apa pun.")

    def handle(self, *args, kering: bool, **options):
        tahan = retensi.ditahan_sejak()
        if tahan:
            self.stdout.write(f"Penahanan hukum (insiden terbuka): catatan sejak {tahan:%m-%Y} tidak dihapus.")
        kata = "akan dihapus" if kering else "dihapus"
        for h in retensi.terapkan_retensi(kering=kering):
            if h.batas is None:
                self.stdout.write(f"- {h.label} [{h.kode}]: disimpan selamanya")
                continue
            rincian = f"{h.baris} baris/berkas {kata}"
            if h.partisi:
                rincian += f"; partisi {kata}: {', '.join(h.partisi)}"
            self.stdout.write(f"- {h.label} [{h.kode}], {h.bulan} bulan (simpan sejak {h.batas:%d-%m-%Y}): {rincian}")
        if kering:
            self.stdout.write("Uji kering: tidak ada yang diubah.")
