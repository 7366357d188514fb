from django.urls import path

from . import views

# Included by pmks/urls.py under "ganda/" (names in the pmks namespace).
urlpatterns = [
    path("", views.pasangan_list, name="ganda_list"),
    path("pindai/", views.pasangan_pindai, name="ganda_pindai"),
    path("<int:pk>/", views.pasangan_detail, name="ganda_detail"),
    path("<int:pk>/berbeda/", views.pasangan_berbeda, name="ganda_berbeda"),
    path("<int:pk>/gabungkan/", views.pasangan_gabungkan, name="ganda_gabungkan"),
]
