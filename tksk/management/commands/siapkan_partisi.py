from django.core.management.base import BaseCommand

from tksk.partisi import siapkan_partisi


class Command(BaseCommand):
    help = "Buat partisi bulan ini dan beberapa bulan ke depan untuk tabel riwayat/log (idempoten)."

    def add_arguments(self, parser):
        parser.add_argument("--bulan", type=int, default=3, help="Jumlah bulan ke depan (bawaan 3).")

    def handle(self, *args, bulan: int, **options):
        dibuat = siapkan_partisi(bulan_ke_depan=bulan)
        self.stdout.write(f"{len(dibuat)} partisi baru" + (f": {', '.join(dibuat)}" if dibuat else ""))
