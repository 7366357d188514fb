from django.apps import AppConfig


class TkskConfig(AppConfig):
    name = "tksk"
    verbose_name = "Wilayah dan Pengguna"
