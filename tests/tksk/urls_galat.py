"""URLconf for tests/tksk/test_halaman_galat.py: the real site plus one view that crashes."""

from django.urls import path

from config.urls import urlpatterns as situs


def _meledak(request):
    raise RuntimeError("rahasia-jejak-tumpukan")


urlpatterns = [path("uji/meledak/", _meledak), *situs]
