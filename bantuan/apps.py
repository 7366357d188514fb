from django.apps import AppConfig


class BantuanConfig(AppConfig):
    name = "bantuan"
    verbose_name = "Program Bantuan dan Usulan"
