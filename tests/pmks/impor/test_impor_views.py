"""Import pages: upload → preview → confirm, background path, progress polling, error report."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pmks.impor import contoh
from pmks.impor.models import Impor, StatusImpor
from pmks.models import Anggota
from tests.pmks.impor.test_impor import keluarga
from tests.simpan_aman import dengan_token_klien

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def berkas_privat(settings, tmp_path):
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path)


def unggah(client, data: bytes, nama="data.xlsx"):
    url = reverse("pmks:impor_unggah")
    return client.post(url, dengan_token_klien(client, url, {"berkas": SimpleUploadedFile(nama, data)}))


def test_upload_preview_confirm(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    resp = unggah(client, contoh.tulis_xlsx(keluarga(1)))
    impor = Impor.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("pmks:impor_detail", args=[impor.pk])
    halaman = client.get(resp["Location"]).content.decode()
    assert "Pratinjau" in halaman and "Simpan ke registri" in halaman
    assert Anggota.objects.count() == 0
    resp = client.post(reverse("pmks:impor_konfirmasi", args=[impor.pk]))
    assert resp.status_code == 302
    impor.refresh_from_db()
    assert impor.status == StatusImpor.SELESAI and Anggota.objects.count() == 3
    # a second confirmation is refused: exactly one commit
    client.post(reverse("pmks:impor_konfirmasi", args=[impor.pk]))
    assert Anggota.objects.count() == 3


def test_large_file_goes_through_the_background_task(transactional_db, client, tksk_kanigaran, settings):
    from tests.pekerja import jalankan_pekerja

    settings.SIDAMPING_IMPOR_BATAS_LANGSUNG = 0  # every file "large": queued, run by a real worker
    client.force_login(tksk_kanigaran)
    unggah(client, contoh.tulis_xlsx(keluarga(0)))
    impor = Impor.objects.get()
    assert impor.status == StatusImpor.MEMERIKSA
    jalankan_pekerja()
    impor.refresh_from_db()
    assert impor.status == StatusImpor.SIAP
    client.post(reverse("pmks:impor_konfirmasi", args=[impor.pk]))
    jalankan_pekerja()
    impor.refresh_from_db()
    assert impor.status == StatusImpor.SELESAI


def test_progress_partial_polls_while_running_and_reloads_when_done(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    unggah(client, contoh.tulis_xlsx(keluarga(0)))
    impor = Impor.objects.get()
    Impor.objects.filter(pk=impor.pk).update(status=StatusImpor.MEMERIKSA, progres=40, tahap="Memeriksa baris")
    resp = client.get(reverse("pmks:impor_status", args=[impor.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in resp.content.decode() and "40%" in resp.content.decode()
    assert "HX-Refresh" not in resp
    Impor.objects.filter(pk=impor.pk).update(status=StatusImpor.SIAP)
    resp = client.get(reverse("pmks:impor_status", args=[impor.pk]), HTTP_HX_REQUEST="true")
    assert resp["HX-Refresh"] == "true"


def test_errors_are_listed_and_downloadable(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    data = keluarga(0)
    data[1]["Kelurahan"] = "Atlantis"
    unggah(client, contoh.tulis_xlsx(data))
    impor = Impor.objects.get()
    halaman = client.get(reverse("pmks:impor_detail", args=[impor.pk])).content.decode()
    assert "Atlantis" in halaman and "Simpan ke registri" not in halaman
    resp = client.get(reverse("pmks:impor_laporan_galat", args=[impor.pk]))
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active
    assert "Atlantis" in ws.cell(row=3, column=ws.max_column).value


def test_wrong_file_type_is_refused_with_a_message(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    resp = unggah(client, b"hello", "data.pdf")
    assert resp.status_code == 400 and "Format berkas tidak didukung" in resp.content.decode()
    assert not Impor.objects.exists()


def test_history_is_scoped(client, tksk_kanigaran, tksk_mayangan, dinsos):
    client.force_login(tksk_kanigaran)
    unggah(client, contoh.tulis_xlsx(keluarga(0)))
    impor = Impor.objects.get()
    client.force_login(tksk_mayangan)
    assert impor.nama_berkas not in client.get(reverse("pmks:impor_list")).content.decode()
    assert client.get(reverse("pmks:impor_detail", args=[impor.pk])).status_code == 404
    client.force_login(dinsos)
    assert "data.xlsx" in client.get(reverse("pmks:impor_list")).content.decode()


def test_history_list_query_count_does_not_grow(client, tksk_kanigaran, django_assert_max_num_queries):
    client.force_login(tksk_kanigaran)
    for _ in range(3):
        unggah(client, contoh.tulis_xlsx(keluarga(0)))
    with django_assert_max_num_queries(20):
        client.get(reverse("pmks:impor_list"))


def test_export_card_has_only_download_buttons_not_the_lists_show_button(client, pejabat_kanigaran):
    client.force_login(pejabat_kanigaran)
    html = client.get("/pmks/impor/").content.decode()
    form = html[html.index('data-testid="form-ekspor"'):html.index("</form>", html.index('data-testid="form-ekspor"'))]
    assert "Tampilkan" not in form
    assert "Keluarga (XLSX)" in form and 'name="kelurahan"' in form
