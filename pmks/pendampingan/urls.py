"""Pendampingan URLs, included by ``pmks/urls.py`` under ``pendampingan/`` in the ``pmks`` namespace
(so names read ``pmks:kunjungan_tambah``). The home page (``home``) is ``views.beranda``."""

from django.urls import path

from . import views

urlpatterns = [
    path("hari-ini/", views.hari_ini, name="hari_ini"),
    path("kunjungan/", views.kunjungan_list, name="kunjungan_list"),
    path("keluarga/<int:keluarga_pk>/kunjungan/tambah/", views.kunjungan_tambah, name="kunjungan_tambah"),
    path("kunjungan/<int:pk>/", views.kunjungan_detail, name="kunjungan_detail"),
    path("kunjungan/<int:pk>/ubah/", views.kunjungan_ubah, name="kunjungan_ubah"),
    path("foto/<int:pk>/", views.foto_kunjungan, name="foto_kunjungan"),
    path("tindak-lanjut/", views.tindak_lanjut_list, name="tindak_lanjut_list"),
    path("keluarga/<int:keluarga_pk>/tindak-lanjut/tambah/", views.tindak_lanjut_tambah, name="tindak_lanjut_tambah"),
    path("tindak-lanjut/<int:pk>/selesai/", views.tindak_lanjut_selesai, name="tindak_lanjut_selesai"),
    path("psks/", views.psks_list, name="psks_list"),
    path("psks/tambah/", views.psks_tambah, name="psks_tambah"),
    path("psks/<int:pk>/ubah/", views.psks_ubah, name="psks_ubah"),
    path("rujukan/", views.rujukan_list, name="rujukan_list"),
    path("keluarga/<int:keluarga_pk>/rujukan/tambah/", views.rujukan_tambah, name="rujukan_tambah"),
    path("rujukan/<int:pk>/", views.rujukan_detail, name="rujukan_detail"),
    path("rujukan/<int:pk>/status/", views.rujukan_status, name="rujukan_status"),
]
