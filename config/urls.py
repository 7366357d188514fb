from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from pmks.pendampingan import views as pendampingan_views
from tksk import views as tksk_views

admin.site.site_header = "Administrasi Sidamping"
admin.site.site_title = "Sidamping"
admin.site.index_title = "Administrasi"

urlpatterns = [
    path("", pendampingan_views.beranda, name="home"),
    path("healthz", tksk_views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("wilayah/", include("tksk.urls")),
    path("pmks/", include("pmks.urls")),
    path("bantuan/", include("bantuan.urls")),
    path("bantuan/impor-bnba/", include("bantuan.impor_bnba")),
    path("laporan/", include("laporan.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
