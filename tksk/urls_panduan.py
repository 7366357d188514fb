from django.urls import path

from . import views_panduan as views

app_name = "panduan"

urlpatterns = [
    path("", views.indeks, name="indeks"),
    path("panduan.pdf", views.unduh_pdf, name="pdf"),
    path("<slug:kode>/", views.bab, name="bab"),
]
