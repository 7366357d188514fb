from django.urls import include, path

from .registri import views

app_name = "pmks"

urlpatterns: list = [
    path("", views.keluarga_list, name="keluarga_list"),
    path("keluarga/tambah/", views.keluarga_tambah, name="keluarga_tambah"),
    path("keluarga/<int:pk>/", views.keluarga_detail, name="keluarga_detail"),
    path("keluarga/<int:pk>/ubah/", views.keluarga_ubah, name="keluarga_ubah"),
    path("keluarga/<int:pk>/tampilkan-nomor/", views.keluarga_tampilkan_nomor, name="keluarga_tampilkan_nomor"),
    path("akses/", views.akses_list, name="akses_list"),
    path("keluarga/<int:pk>/status/", views.keluarga_status, name="keluarga_status"),
    path("keluarga/<int:pk>/ganti-kk/", views.keluarga_ganti_kk, name="keluarga_ganti_kk"),
    path("keluarga/<int:pk>/klasifikasi/tambah/", views.klasifikasi_tambah, name="klasifikasi_tambah"),
    path("klasifikasi/<int:pk>/cabut/", views.klasifikasi_cabut, name="klasifikasi_cabut"),
    path("anggota/<int:pk>/status/", views.anggota_status, name="anggota_status"),
    path("anggota/<int:pk>/pindah/", views.anggota_pindah, name="anggota_pindah"),
    path("pendampingan/", include("pmks.pendampingan.urls")),
    path("ganda/", include("pmks.ganda.urls")),
    path("", include("pmks.impor.urls")),
]
