"""Browser: the whole complaint loop — a sanggah taken by phone (TKSK, on a phone) → the TKSK's
verification visit → Dinas Sosial's decision → the reply letter (PDF) → the action (the recipient
deactivated) → selesai; the reporter then checks the status on the public page."""

from pathlib import Path

import pytest

from bantuan import choices as c
from bantuan.models import Aduan, Usulan
from tests.bantuan.conftest import buat_program, keluarga_pmks, usulan_status
from tests.conftest import login_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _klik(page, testid):
    page.get_by_test_id(testid).click()
    page.wait_for_load_state("networkidle")


def test_complaint_loop_from_phone_intake_to_selesai(phone_page, page, tksk_kanigaran, dinsos, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    program = buat_program("sembako-aduan", c.JenisProgram.SEMBAKO)
    keluarga = keluarga_pmks()
    penerima = usulan_status(program, keluarga, c.StatusUsulan.DISETUJUI, oleh=tksk_kanigaran)

    # 1. The TKSK takes a sanggah by phone, on the phone
    hp = phone_page
    hp.goto("/accounts/login/", timeout=60_000)  # the live server's first answer is slow on a loaded machine
    login_browser(hp, "tksk.kanigaran")
    hp.goto("/aduan/")
    _klik(hp, "aduan-baru")
    hp.locator("#id_jenis").select_option("sanggah")
    hp.locator("#id_kategori").select_option("sanggah_inklusi")
    hp.locator("#id_saluran").select_option("telepon")
    hp.locator("#id_pelapor_nama").fill("Pak Darmo")
    hp.locator("#id_pelapor_telepon").fill("0813 5555 7788")
    hp.locator("#id_pelapor_hubungan").select_option("tetangga")
    hp.locator("#id_nomor").fill(keluarga.no_kk)
    hp.locator("#id_program").select_option(str(program.pk))
    hp.locator("#id_uraian").fill("Penerima sudah punya toko grosir dan mobil.")
    _klik(hp, "simpan-aduan")
    kode = hp.get_by_test_id("kode-tiket").inner_text()
    assert kode.startswith("ADU-") and kode in hp.content()  # the code to give the reporter
    assert "Diterima" in hp.get_by_test_id("status-aduan").first.inner_text()
    aduan_url = hp.url

    # 2. The TKSK's verification visit
    _klik(hp, "aksi-verifikasi")
    hp.locator("#id_hasil").fill("Benar: toko grosir milik sendiri, mobil pikap atas nama kepala keluarga.")
    _klik(hp, "simpan-verifikasi")
    assert "Diverifikasi" in hp.get_by_test_id("status-aduan").first.inner_text()
    assert "Kunjungan" in hp.get_by_test_id("verifikasi").inner_text()

    # 3. Dinas Sosial decides (desktop)
    login_browser(page, "dinsos")
    page.goto(aduan_url)
    assert "Pak Darmo" in page.get_by_test_id("pelapor").inner_text()
    page.locator("#id_keputusan_0").check()  # dikabulkan
    page.locator("#id_alasan").fill("Terbukti mampu; tidak lagi memenuhi syarat penerima Sembako.")
    _klik(page, "aksi-putuskan")
    assert "Dikabulkan" in page.get_by_test_id("keputusan").inner_text()

    # 4. The reply letter
    with page.expect_download() as unduhan:
        page.get_by_test_id("surat-jawaban").click()
    isi = Path(unduhan.value.path()).read_bytes()
    assert isi.startswith(b"%PDF") and unduhan.value.suggested_filename == f"surat-jawaban-{kode}.pdf"

    # 5. The action: the recipient is deactivated with the decision's reason
    _klik(page, "aksi-tindak-lanjut")
    page.locator("#id_jenis").select_option("penerima_dinonaktifkan")
    page.locator("#id_keterangan").fill("Penerima dinonaktifkan mulai penyaluran bulan depan.")
    _klik(page, "simpan-tindak-lanjut")
    assert "Penerima dinonaktifkan" in page.get_by_test_id("tindak-lanjut").inner_text()
    penerima = Usulan.objects.get(pk=penerima.pk)
    assert penerima.status_penerima == c.StatusPenerima.NONAKTIF and kode in penerima.keterangan_nonaktif

    # 6. Selesai
    _klik(page, "aksi-selesai")
    assert "Selesai" in page.get_by_test_id("status-aduan").first.inner_text()
    assert Aduan.objects.get(kode_tiket=kode).status == "selesai"
    riwayat = page.get_by_test_id("riwayat-aduan").inner_text()
    for langkah in ("Diterima", "Diverifikasi", "Diputuskan", "Ditindaklanjuti", "Selesai"):
        assert langkah in riwayat

    # 7. The reporter checks the status without logging in
    hp.context.clear_cookies()  # logged out: a citizen's phone
    hp.goto("/aduan/cek/")
    hp.locator("#id_kode").fill(kode)
    hp.locator("#id_empat_digit").fill("7788")
    _klik(hp, "cek-kirim")
    assert hp.get_by_test_id("cek-status").inner_text() == "Selesai"
    assert "Pak Darmo" not in hp.content() and keluarga.no_kk not in hp.content()
    assert "menu-pengguna" not in hp.content()
