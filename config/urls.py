from django.contrib import admin
from django.urls import include, path

from pmks.luring import views as luring_views
from pmks.pendampingan import views as pendampingan_views
from tksk import views as tksk_views
from tksk.forms import FormMasuk

admin.site.site_header = "Administrasi Sidamping"
admin.site.site_title = "Sidamping"
admin.site.index_title = "Administrasi"

urlpatterns = [
    path("", pendampingan_views.beranda, name="home"),
    path("healthz", tksk_views.healthz, name="healthz"),
    # Offline work (pmks/luring/): the service worker must sit at the root to serve every page.
    path("sw.js", luring_views.service_worker, name="service_worker"),
    path("manifest.webmanifest", luring_views.manifest, name="manifest"),
    path("luring/", include("pmks.luring.urls")),
    path("accounts/login/", pendampingan_views.Masuk.as_view(authentication_form=FormMasuk), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("wilayah/", include("tksk.urls")),
    path("notifikasi/", include("tksk.urls_notifikasi")),
    path("pmks/", include("pmks.urls")),
    path("bantuan/", include("bantuan.urls")),
    path("bantuan/impor-bnba/", include("bantuan.impor_bnba")),
    path("aduan/", include("bantuan.aduan.urls")),
    path("laporan/", include("laporan.urls")),
    path("panduan/", include("tksk.urls_panduan")),
]
# Uploaded files (photos, scans) hold personal data: they are never served from MEDIA_URL,
# only through scoped views of the app that owns them.
