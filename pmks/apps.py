from django.apps import AppConfig


class PmksConfig(AppConfig):
    name = "pmks"
    verbose_name = "Registri PMKS dan Pendampingan"

    def ready(self) -> None:
        # Every contributor to pmks.ekstensi is registered here or in its own app's ready().
        from tksk import jadwal

        from . import tasks
        from .ganda import tasks as ganda_tasks
        from .pendampingan import panels, sintetis
        from .pendampingan.pengingat import tindak_lanjut_pindai_jatuh_tempo

        panels.daftarkan()
        from .impor import desil  # noqa: F401 - registers the desil import kind
        from .registri import panel_desil

        panel_desil.daftarkan()
        jadwal.daftarkan_pindaian("tindak_lanjut_jatuh_tempo", tindak_lanjut_pindai_jatuh_tempo)
        jadwal.daftarkan_pindaian("duplikat", ganda_tasks.pindai_harian)  # queues one job per kab/kota
        jadwal.daftarkan_pindaian("kamus_nama", tasks.kamus_nama_antrekan)  # queues the dictionary clean-up
        sintetis.daftarkan()  # synthetic visits/referrals for manage.py buat_data_sintetis
        from . import retensi

        retensi.daftarkan()  # access log, export log, import files; open breach incidents hold retention
