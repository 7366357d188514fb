from django.apps import AppConfig


class PmksConfig(AppConfig):
    name = "pmks"
    verbose_name = "Registri PMKS dan Pendampingan"
