from django.apps import AppConfig


class PmksConfig(AppConfig):
    name = "pmks"
    verbose_name = "Registri PMKS dan Pendampingan"

    def ready(self) -> None:
        from tksk import jadwal

        from .pendampingan import panels  # noqa: F401 - registers the household page panels
        from .pendampingan.pengingat import tindak_lanjut_pindai_jatuh_tempo

        jadwal.daftarkan_pindaian("tindak_lanjut_jatuh_tempo", tindak_lanjut_pindai_jatuh_tempo)
