from django.apps import AppConfig


class PmksConfig(AppConfig):
    name = "pmks"
    verbose_name = "Registri PMKS dan Pendampingan"

    def ready(self) -> None:
        # Every contributor to pmks.ekstensi is registered here or in its own app's ready().
        from .pendampingan import panels

        panels.daftarkan()
