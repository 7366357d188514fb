from django.apps import AppConfig


class TkskConfig(AppConfig):
    name = "tksk"
    verbose_name = "Wilayah dan Pengguna"

    def ready(self) -> None:
        from .berkas import pasang_batas_pillow

        pasang_batas_pillow()
        from . import retensi

        retensi.daftarkan_bawaan()  # history events, notifications, finished background jobs
