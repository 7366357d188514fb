from django.urls import path

from . import views

app_name = "laporan"

urlpatterns = [
    path("", views.laporan_list, name="list"),
    path("verifikasi/<str:kode>/", views.verifikasi, name="verifikasi"),
    path("rekap/<str:kode>/<str:periode>/", views.rekap_kota, name="rekap"),
    path("rekap/<str:kode>/<str:periode>/unduh.<str:format>", views.rekap_unduh, name="rekap_unduh"),
    path("rekap/<str:kode>/<str:periode>/status/", views.rekap_status, name="rekap_status"),
    path("rekap/<str:kode>/<str:periode>/susun/", views.rekap_susun, name="rekap_susun"),
    path("<str:kode>/<str:periode>/", views.laporan_detail, name="detail"),
    path("<str:kode>/<str:periode>/narasi/", views.laporan_narasi, name="narasi"),
    path("<str:kode>/<str:periode>/ajukan/", views.laporan_ajukan, name="ajukan"),
    path("<str:kode>/<str:periode>/terima/", views.laporan_terima, name="terima"),
    path("<str:kode>/<str:periode>/kembalikan/", views.laporan_kembalikan, name="kembalikan"),
    path("<str:kode>/<str:periode>/unduh.<str:format>", views.laporan_unduh, name="unduh"),
]
