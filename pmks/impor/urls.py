from django.urls import path

from . import views

# Included by pmks/urls.py (namespace "pmks").
urlpatterns = [
    path("impor/", views.impor_list, name="impor_list"),
    path("impor/unggah/", views.impor_unggah, name="impor_unggah"),
    path("impor/templat.xlsx", views.impor_templat, name="impor_templat"),
    path("impor/desil/", views.impor_desil, name="impor_desil"),
    path("impor/desil/unggah/", views.impor_desil_unggah, name="impor_desil_unggah"),
    path("impor/<int:pk>/", views.impor_detail, name="impor_detail"),
    path("impor/<int:pk>/status/", views.impor_status, name="impor_status"),
    path("impor/<int:pk>/konfirmasi/", views.impor_konfirmasi, name="impor_konfirmasi"),
    path("impor/<int:pk>/batal/", views.impor_batal, name="impor_batal"),
    path("impor/<int:pk>/ulangi/", views.impor_ulangi, name="impor_ulangi"),
    path("impor/<int:pk>/laporan-galat.xlsx", views.impor_laporan_galat, name="impor_laporan_galat"),
    path("impor/<int:pk>/berkas/", views.impor_berkas, name="impor_berkas"),
    path("ekspor/", views.ekspor_list, name="ekspor_list"),
    path("ekspor/<str:jenis>.<str:fmt>", views.ekspor_unduh, name="ekspor_unduh"),
]
