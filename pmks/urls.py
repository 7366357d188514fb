from django.urls import include, path

from .registri import views, views_pdp

app_name = "pmks"

urlpatterns: list = [
    path("", views.keluarga_list, name="keluarga_list"),
    path("keluarga/tambah/", views.keluarga_tambah, name="keluarga_tambah"),
    path("keluarga/<int:pk>/", views.keluarga_detail, name="keluarga_detail"),
    path("keluarga/<int:pk>/ubah/", views.keluarga_ubah, name="keluarga_ubah"),
    path("keluarga/<int:pk>/tampilkan-nomor/", views.keluarga_tampilkan_nomor, name="keluarga_tampilkan_nomor"),
    path("pilihan-wilayah/", views.pilihan_wilayah, name="pilihan_wilayah"),
    path("akses/", views.akses_list, name="akses_list"),
    path("kebocoran/", include("pmks.kebocoran.urls")),
    path("keluarga/<int:pk>/status/", views.keluarga_status, name="keluarga_status"),
    path("keluarga/<int:pk>/ganti-kk/", views.keluarga_ganti_kk, name="keluarga_ganti_kk"),
    path("keluarga/<int:pk>/klasifikasi/tambah/", views.klasifikasi_tambah, name="klasifikasi_tambah"),
    path("klasifikasi/<int:pk>/cabut/", views.klasifikasi_cabut, name="klasifikasi_cabut"),
    path("anggota/<int:pk>/status/", views.anggota_status, name="anggota_status"),
    path("anggota/<int:pk>/pindah/", views.anggota_pindah, name="anggota_pindah"),
    # UU PDP: privacy notice, consent withdrawal, data subjects' requests (pmks/registri/views_pdp.py)
    path("privasi/", views_pdp.privasi, name="privasi"),
    path("privasi/pemberitahuan.pdf", views_pdp.privasi_pdf, name="privasi_pdf"),
    path("keluarga/<int:pk>/diberi-tahu/", views_pdp.pemberitahuan_catat, name="pemberitahuan_catat"),
    path("keluarga/<int:pk>/tarik-persetujuan/", views_pdp.persetujuan_tarik, name="persetujuan_tarik"),
    path("keluarga/<int:pk>/permintaan-data/", views_pdp.permintaan_tambah, name="permintaan_tambah"),
    path("permintaan-data/", views_pdp.permintaan_list, name="permintaan_list"),
    path("permintaan-data/<int:pk>/", views_pdp.permintaan_detail, name="permintaan_detail"),
    path("permintaan-data/<int:pk>/data-pribadi.pdf", views_pdp.permintaan_pdf, name="permintaan_pdf"),
    path("permintaan-data/<int:pk>/jawab/", views_pdp.permintaan_selesaikan, name="permintaan_selesaikan"),
    path("permintaan-data/<int:pk>/tolak/", views_pdp.permintaan_tolak, name="permintaan_tolak"),
    path("pendampingan/", include("pmks.pendampingan.urls")),
    path("ganda/", include("pmks.ganda.urls")),
    path("", include("pmks.impor.urls")),
]
