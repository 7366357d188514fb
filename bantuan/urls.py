from django.urls import path

from .siksng import views as siksng
from .views import desil, penyaluran, program, ringkasan, usulan

app_name = "bantuan"

urlpatterns = [
    path("", usulan.usulan_list, name="usulan_list"),
    path("program/", program.program_list, name="program_list"),
    path("program/baru/", program.program_buat, name="program_buat"),
    path("program/<int:pk>/", program.program_detail, name="program_detail"),
    path("program/<int:pk>/ubah/", program.program_ubah, name="program_ubah"),
    path("usulan/baru/", usulan.usulan_buat, name="usulan_buat"),
    path("usulan/peringatan/", usulan.usulan_peringatan, name="usulan_peringatan"),
    path("usulan/massal/", usulan.usulan_massal, name="usulan_massal"),
    path("usulan/surat/", usulan.surat_usulan_kolektif, name="surat_usulan_kolektif"),
    path("usulan/<int:pk>/", usulan.usulan_detail, name="usulan_detail"),
    path("usulan/<int:pk>/ubah/", usulan.usulan_ubah, name="usulan_ubah"),
    path("usulan/<int:pk>/surat/", usulan.surat_usulan, name="surat_usulan"),
    path("usulan/<int:pk>/lampiran/", usulan.lampiran_tambah, name="lampiran_tambah"),
    path("usulan/<int:pk>/penyaluran/", penyaluran.penyaluran_buat, name="penyaluran_buat"),
    path("usulan/<int:pk>/monitoring/", penyaluran.monitoring_buat, name="monitoring_buat"),
    path("usulan/<int:pk>/penerima/", penyaluran.penerima_ubah, name="penerima_ubah"),
    path("usulan/<int:pk>/<slug:verba>/", usulan.usulan_aksi, name="usulan_aksi"),
    path("lampiran/<int:pk>/", usulan.lampiran_unduh, name="lampiran_unduh"),
    path("penyaluran/<int:pk>/foto/", penyaluran.penyaluran_foto, name="penyaluran_foto"),
    path("tumpang-tindih/", ringkasan.tumpang_tindih, name="tumpang_tindih"),
    path("belum-terjangkau/", ringkasan.belum_terjangkau, name="belum_terjangkau"),
    # SIKS-NG proposal package (bantuan/siksng/): GET forms, every download logged (UU PDP)
    path("siks-ng/", siksng.paket, name="siksng"),
    path("siks-ng/paket.xlsx", siksng.paket_xlsx, name="siksng_xlsx"),
    path("siks-ng/berita-acara.pdf", siksng.berita_acara, name="siksng_berita_acara"),
    path("siks-ng/sptjm.pdf", siksng.sptjm, name="siksng_sptjm"),
    path("tanda-desil/", desil.tanda_desil_list, name="tanda_desil_list"),
    path("tanda-desil/<int:pk>/putuskan/", desil.tanda_desil_putuskan, name="tanda_desil_putuskan"),
]
