from django.urls import path

from . import views_notifikasi as views

app_name = "notifikasi"

urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("<int:pk>/baca/", views.baca, name="baca"),
    path("baca-semua/", views.baca_semua, name="baca_semua"),
    path("saluran/", views.kanal, name="kanal"),
]
