from django.urls import path

from . import views

# included in pmks.urls (names: pmks:kebocoran_…)
urlpatterns = [
    path("", views.kebocoran_list, name="kebocoran_list"),
    path("baru/", views.kebocoran_baru, name="kebocoran_baru"),
    path("<int:pk>/", views.kebocoran_detail, name="kebocoran_detail"),
    path("<int:pk>/ubah/", views.kebocoran_ubah, name="kebocoran_ubah"),
]
