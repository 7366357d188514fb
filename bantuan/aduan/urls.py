from django.urls import path

from . import views

app_name = "aduan"

urlpatterns = [
    path("", views.aduan_list, name="list"),
    path("baru/", views.aduan_buat, name="buat"),
    path("cek/", views.status_publik, name="cek"),
    path("<int:pk>/", views.aduan_detail, name="detail"),
    path("<int:pk>/verifikasi/", views.aduan_verifikasi, name="verifikasi"),
    path("<int:pk>/putuskan/", views.aduan_putuskan, name="putuskan"),
    path("<int:pk>/tindak-lanjut/", views.aduan_tindak_lanjut, name="tindak_lanjut"),
    path("<int:pk>/selesai/", views.aduan_selesai, name="selesai"),
    path("<int:pk>/alihkan/", views.aduan_alihkan, name="alihkan"),
    path("<int:pk>/eskalasi/", views.aduan_eskalasi, name="eskalasi"),
    path("<int:pk>/lampiran/", views.lampiran_tambah, name="lampiran_tambah"),
    path("<int:pk>/surat/", views.surat_jawaban, name="surat"),
    path("lampiran/<int:pk>/", views.lampiran_unduh, name="lampiran_unduh"),
]
