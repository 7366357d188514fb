from django.apps import AppConfig


class PmksConfig(AppConfig):
    name = "pmks"
    verbose_name = "Registri PMKS dan Pendampingan"

    def ready(self) -> None:
        from .pendampingan import (
            panels,  # noqa: F401 - registers the household page panels
            sintetis,
        )

        sintetis.daftarkan()  # synthetic visits/referrals for manage.py buat_data_sintetis
