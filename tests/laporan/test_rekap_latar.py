"""A province's recap is composed off-request by the background worker: the page never counts it,
asking queues one job (once), the worker stores figures + PDF and notifies; the page polls."""

import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from laporan.choices import StatusRekap
from laporan.models import DokumenRekap, RiwayatUnduhan
from tests.factories import PenggunaFactory, wilayah

PROVINSI = "35"
URL = f"/laporan/rekap/{PROVINSI}/2026-11/"
TABEL_BAGIAN = ('"pmks_', '"bantuan_')


@pytest.fixture
def dinsos_provinsi(db):
    return PenggunaFactory(username="dinsos.provinsi", peran="dinsos", wilayah=wilayah(PROVINSI))


def _isi(resp) -> bytes:
    return b"".join(resp.streaming_content) if resp.streaming else resp.content


@pytest.mark.django_db
def test_province_recap_page_counts_nothing_in_the_request(client, dunia, dinsos_provinsi):
    client.force_login(dinsos_provinsi)
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(URL)
    assert resp.status_code == 200
    assert "belum pernah disusun" in resp.content.decode() and 'data-testid="susun-rekap"' in resp.content.decode()
    assert [q["sql"] for q in ctx.captured_queries if any(t in q["sql"] for t in TABEL_BAGIAN)] == []


@pytest.mark.django_db
def test_kota_staff_cannot_open_the_province_recap(client, dinsos, tksk_kanigaran):
    for user in (dinsos, tksk_kanigaran):
        client.force_login(user)
        assert client.get(URL).status_code == 404
        assert client.post(f"{URL}susun/").status_code == 404
    assert not DokumenRekap.objects.exists()


@pytest.mark.django_db
def test_asking_twice_while_queued_queues_one_job_and_says_so(client, dinsos_provinsi):
    client.force_login(dinsos_provinsi)
    client.post(f"{URL}susun/")
    resp = client.post(f"{URL}susun/", follow=True)
    assert "sedang disusun" in resp.content.decode()
    rekap = DokumenRekap.objects.get()
    assert rekap.status == StatusRekap.ANTRE and rekap.diminta_oleh == dinsos_provinsi
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'laporan.susun_rekap'")
        assert cur.fetchone()[0] == 1


@pytest.mark.django_db
def test_a_stuck_request_may_be_asked_again(client, dinsos_provinsi):
    client.force_login(dinsos_provinsi)
    client.post(f"{URL}susun/")
    DokumenRekap.objects.update(status=StatusRekap.BERJALAN, mulai_pada=timezone.now() - timedelta(hours=2))
    assert "tidak selesai" in client.get(URL).content.decode()
    resp = client.post(f"{URL}susun/", follow=True)
    assert "di latar belakang" in resp.content.decode()
    assert DokumenRekap.objects.get().status == StatusRekap.ANTRE


@pytest.mark.django_db
def test_status_partial_polls_while_composing_and_reloads_when_done(client, dinsos_provinsi):
    client.force_login(dinsos_provinsi)
    client.post(f"{URL}susun/")
    resp = client.get(f"{URL}status/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in resp.content.decode() and "HX-Refresh" not in resp
    DokumenRekap.objects.update(status=StatusRekap.GAGAL, galat="Rekap gagal disusun (Uji).")
    resp = client.get(f"{URL}status/", HTTP_HX_REQUEST="true")
    assert resp["HX-Refresh"] == "true" and "every 2s" not in resp.content.decode()


@pytest.mark.django_db
def test_download_before_the_recap_exists_explains_instead_of_computing(client, dinsos_provinsi):
    client.force_login(dinsos_provinsi)
    resp = client.get(f"{URL}unduh.pdf", follow=True)
    assert "belum disusun" in resp.content.decode() and not RiwayatUnduhan.objects.exists()


def test_worker_composes_the_province_recap_per_kab_kota_stores_the_pdf_and_notifies(
    transactional_db, client, dunia, dinsos_provinsi
):
    from tests.pekerja import jalankan_pekerja
    from tksk.models import Notifikasi

    client.force_login(dinsos_provinsi)
    client.post(f"{URL}susun/")
    jalankan_pekerja()
    rekap = DokumenRekap.objects.get()
    assert rekap.status == StatusRekap.SELESAI and rekap.detik is not None and rekap.sha256_pdf
    assert rekap.snapshot["label_unit"] == "Kabupaten/Kota"
    assert {"kode": "35.74", "nama": wilayah("35.74").nama} in rekap.snapshot["unit"]
    ringkasan = next(t for b in rekap.snapshot["bagian"] for t in b["tabel"] if t["kode"] == "registri_ringkasan")
    baris = next(b for b in ringkasan["baris"] if b["label"] == wilayah("35.74").nama)
    assert baris["nilai"]["kk"] == 4  # K1, K2, K3 in Kanigaran and K5 in Mayangan (K4 moved away)
    notifikasi = Notifikasi.objects.get(penerima=dinsos_provinsi, jenis="rekap_selesai")
    assert notifikasi.url == URL

    page = client.get(URL).content.decode()
    assert "Disusun" in page and 'data-testid="unduh-rekap-pdf"' in page
    pdf = _isi(client.get(f"{URL}unduh.pdf"))
    with rekap.berkas_pdf.open("rb") as fh:
        assert pdf == fh.read()
    teks = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "REKAPITULASI" in teks and "PROVINSI JAWA TIMUR" in teks
    assert client.get(f"{URL}unduh.xlsx").status_code == 200
    assert RiwayatUnduhan.objects.filter(jenis="rekap", wilayah__kode=PROVINSI).count() == 2

    # asked again: the previous result stays on the page until the new one is done
    client.post(f"{URL}susun/")
    page = client.get(URL).content.decode()
    assert "Hasil sebelumnya tetap ditampilkan" in page and 'data-testid="unduh-rekap-pdf"' in page
    lama = rekap.berkas_pdf.name
    jalankan_pekerja()
    rekap.refresh_from_db()
    assert rekap.status == StatusRekap.SELESAI
    assert Notifikasi.objects.filter(penerima=dinsos_provinsi, jenis="rekap_selesai").count() == 2
    if rekap.berkas_pdf.name != lama:
        assert not rekap.berkas_pdf.storage.exists(lama)  # the replaced file is removed


@pytest.mark.django_db
def test_period_in_the_future_is_not_composed(client, dinsos_provinsi):
    client.force_login(dinsos_provinsi)
    masa_depan = (date.today().replace(day=1) + timedelta(days=62)).strftime("%Y-%m")
    assert client.post(f"/laporan/rekap/{PROVINSI}/{masa_depan}/susun/").status_code == 404
