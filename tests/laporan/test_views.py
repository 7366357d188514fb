"""Report screens: narrative form, submit, return with/without note, verification page."""

import pytest

from laporan.bagian import BATAS_KOLOM_POTRET, kolom, tabel
from laporan.models import LaporanBulanan, StatusLaporan

URL = "/laporan/35.74.04/2026-11"
# "versi": 0 is what the form carries before the draft exists (tksk.konkurensi).
NARASI = {
    "kondisi_sosial": "Kondusif.", "kendala": "Jarak jauh.", "rencana_tindak_lanjut": "Kunjungan ulang.", "versi": "0",
}


def _ajukan(client, tksk):
    client.force_login(tksk)
    client.post(f"{URL}/narasi/", NARASI)
    return client.post(f"{URL}/ajukan/")


@pytest.mark.django_db
def test_tksk_saves_narrative_and_submits_through_the_screens(client, dunia, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    resp = client.get(f"{URL}/")
    assert resp.status_code == 200 and b"Pratinjau" in resp.content and b"Simpan narasi" in resp.content
    resp = client.post(f"{URL}/narasi/", NARASI, follow=True)
    assert "Narasi laporan tersimpan." in resp.content.decode()
    resp = client.post(f"{URL}/ajukan/", follow=True)
    html = resp.content.decode()
    assert "dibekukan" in html and "Simpan narasi" not in html
    lap = LaporanBulanan.objects.get()
    assert lap.status == StatusLaporan.DIAJUKAN and lap.snapshot["narasi"]["kendala"] == "Jarak jauh."


@pytest.mark.django_db
def test_submit_without_narrative_shows_a_clear_message(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    resp = client.post(f"{URL}/ajukan/", follow=True)
    assert "Isi narasi terlebih dahulu" in resp.content.decode()
    assert not LaporanBulanan.objects.filter(status=StatusLaporan.DIAJUKAN).exists()


@pytest.mark.django_db
def test_return_without_note_is_refused_with_message(client, dunia, tksk_kanigaran, dinsos):
    _ajukan(client, tksk_kanigaran)
    client.force_login(dinsos)
    resp = client.post(f"{URL}/kembalikan/", {"catatan": "  "}, follow=True)
    assert "Catatan pengembalian wajib diisi" in resp.content.decode()
    assert LaporanBulanan.objects.get().status == StatusLaporan.DIAJUKAN
    resp = client.post(f"{URL}/kembalikan/", {"catatan": "Tambahkan kendala per kelurahan."}, follow=True)
    assert LaporanBulanan.objects.get().status == StatusLaporan.DIKEMBALIKAN
    client.force_login(tksk_kanigaran)
    html = client.get(f"{URL}/").content.decode()
    assert "Tambahkan kendala per kelurahan." in html and "Simpan narasi" in html


@pytest.mark.django_db
def test_dinsos_accepts_through_the_screen_and_second_accept_is_refused(client, dunia, tksk_kanigaran, dinsos):
    _ajukan(client, tksk_kanigaran)
    client.force_login(dinsos)
    assert "Terima laporan" in client.get(f"{URL}/").content.decode()
    client.post(f"{URL}/terima/")
    resp = client.post(f"{URL}/terima/", follow=True)
    assert "tidak dapat diubah menjadi diterima" in resp.content.decode()
    assert list(LaporanBulanan.objects.get().riwayat.values_list("ke_status", flat=True)) == ["diajukan", "diterima"]


@pytest.mark.django_db
def test_verification_page_shows_basic_facts_and_pdf_hash(client, dunia, tksk_kanigaran, pejabat_kanigaran):
    _ajukan(client, tksk_kanigaran)
    lap = LaporanBulanan.objects.get()
    client.force_login(pejabat_kanigaran)
    html = client.get(f"/laporan/verifikasi/{lap.kode_verifikasi}/").content.decode()
    assert "Kanigaran" in html and "November 2026" in html and lap.sha256_pdf in html and "Diajukan" in html


@pytest.mark.django_db
def test_verification_needs_login(client, dunia, tksk_kanigaran):
    _ajukan(client, tksk_kanigaran)
    client.logout()
    resp = client.get(f"/laporan/verifikasi/{LaporanBulanan.objects.get().kode_verifikasi}/")
    assert resp.status_code == 302 and "login" in resp["Location"]


@pytest.mark.django_db
def test_month_picker_redirects_to_the_report(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    resp = client.get("/laporan/", {"kecamatan": "35.74.04", "bulan": "2026-10"})
    assert resp.status_code == 302 and resp["Location"] == "/laporan/35.74.04/2026-10/"
    resp = client.get("/laporan/", {"kecamatan": "35.74.03", "bulan": "2026-10"})
    assert resp.status_code == 200  # Mayangan is not a choice for the Kanigaran TKSK


def test_wide_tables_go_landscape_narrow_ones_stay_portrait():
    def lebar(n):
        return tabel(kode="x", judul="x", label="x", kolom_nilai=[kolom(f"k{i}", "k") for i in range(n)], baris=[])

    assert not lebar(BATAS_KOLOM_POTRET)["lanskap"]
    assert lebar(BATAS_KOLOM_POTRET + 1)["lanskap"]
