from django.apps import AppConfig


class BantuanConfig(AppConfig):
    name = "bantuan"
    verbose_name = "Program Bantuan dan Usulan"

    def ready(self) -> None:
        # bantuan plugs into the registry's pages (pmks.ekstensi); pmks never imports bantuan (one-way deps).
        from . import integrasi

        integrasi.daftarkan()
