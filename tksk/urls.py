from django.urls import path

from . import views

app_name = "tksk"

urlpatterns = [
    path("", views.wilayah_list, name="wilayah_list"),
]
