from django.urls import path

from . import views

app_name = "bantuan"

urlpatterns = [
    path("", views.usulan_list, name="usulan_list"),
    path("program/", views.program_list, name="program_list"),
    path("program/baru/", views.program_buat, name="program_buat"),
    path("program/<int:pk>/", views.program_detail, name="program_detail"),
    path("program/<int:pk>/ubah/", views.program_ubah, name="program_ubah"),
    path("usulan/baru/", views.usulan_buat, name="usulan_buat"),
    path("usulan/peringatan/", views.usulan_peringatan, name="usulan_peringatan"),
    path("usulan/massal/", views.usulan_massal, name="usulan_massal"),
    path("usulan/surat/", views.surat_usulan_kolektif, name="surat_usulan_kolektif"),
    path("usulan/<int:pk>/", views.usulan_detail, name="usulan_detail"),
    path("usulan/<int:pk>/ubah/", views.usulan_ubah, name="usulan_ubah"),
    path("usulan/<int:pk>/surat/", views.surat_usulan, name="surat_usulan"),
    path("usulan/<int:pk>/lampiran/", views.lampiran_tambah, name="lampiran_tambah"),
    path("usulan/<int:pk>/penyaluran/", views.penyaluran_buat, name="penyaluran_buat"),
    path("usulan/<int:pk>/monitoring/", views.monitoring_buat, name="monitoring_buat"),
    path("usulan/<int:pk>/penerima/", views.penerima_ubah, name="penerima_ubah"),
    path("usulan/<int:pk>/<slug:verba>/", views.usulan_aksi, name="usulan_aksi"),
    path("lampiran/<int:pk>/", views.lampiran_unduh, name="lampiran_unduh"),
    path("penyaluran/<int:pk>/foto/", views.penyaluran_foto, name="penyaluran_foto"),
    path("tumpang-tindih/", views.tumpang_tindih, name="tumpang_tindih"),
    path("belum-terjangkau/", views.belum_terjangkau, name="belum_terjangkau"),
]
