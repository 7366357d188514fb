from django.urls import path

from . import views

app_name = "luring"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("kotak-keluar/", views.kotak_keluar, name="kotak_keluar"),
    path("kunjungan/", views.kunjungan, name="kunjungan"),
    path("keluarga/baru/", views.keluarga_baru, name="keluarga_baru"),
    path("keluarga/ubah/", views.keluarga_ubah, name="keluarga_ubah"),
    path("konflik/", views.konflik, name="konflik"),
    path("unduh/", views.unduh, name="unduh"),
    path("sesi/", views.sesi, name="sesi"),
    path("kirim/kunjungan/<int:keluarga_pk>/", views.kirim_kunjungan, name="kirim_kunjungan"),
    path("kirim/keluarga/", views.kirim_keluarga_baru, name="kirim_keluarga_baru"),
    path("kirim/keluarga/<int:pk>/", views.kirim_keluarga_ubah, name="kirim_keluarga_ubah"),
]
