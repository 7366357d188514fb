"""Browser (360 × 800, touch): photos are downscaled in the browser before upload (issue #12 item 4).

static/js/foto_kecil.js runs the vendored browser-image-compression on the main thread (no worker,
no blob: or CDN script), replaces the input's FileList, shows the before/after size and falls back to
the original file when the browser cannot read it; PDFs are never touched. The server's limits
(tksk/berkas.py: 5 MB, 40 MP) stay the backstop. Every page is watched for CSP violations.
"""

from __future__ import annotations

import random
from io import BytesIO

import pytest
from PIL import Image

from bantuan import choices as c
from bantuan.models import LampiranUsulan, Penyaluran
from pmks.pendampingan.models import FotoKunjungan, Kunjungan
from tests.bantuan.conftest import buat_program, keluarga_pmks, usulan_status
from tests.browser.test_csp import _pengumpul
from tests.conftest import login_browser
from tests.factories import KeluargaFactory, wilayah

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BATAS_SERVER = 5 * 1024 * 1024


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def hp(phone_page):
    phone_page.set_default_timeout(20_000)  # compressing a 6 MB photo on the phone takes a while
    return phone_page


def foto_kamera(path, lebar: int = 4000, tinggi: int = 3000) -> int:
    """A camera-like JPEG of more than 6 MB (noisy detail, quality 90): above the server's 5 MB."""
    rnd = random.Random(12)
    kecil = (lebar // 3, tinggi // 3)
    gambar = Image.frombytes("RGB", kecil, rnd.randbytes(kecil[0] * kecil[1] * 3)).resize((lebar, tinggi))
    buf = BytesIO()
    gambar.save(buf, "JPEG", quality=90)
    path.write_bytes(buf.getvalue())
    assert buf.tell() > 6 * 1024 * 1024
    return buf.tell()


def _berkas_terpilih(page, selektor: str) -> list[dict]:
    return page.locator(selektor).evaluate(
        "i => Array.from(i.files).map(f => ({nama: f.name, jenis: f.type, ukuran: f.size}))"
    )


def test_six_megabyte_camera_photo_is_downscaled_in_the_browser_and_the_visit_saves(hp, tksk_kanigaran, tmp_path):
    keluarga = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    foto = tmp_path / "IMG_20261201_101500.jpg"
    asli = foto_kamera(foto)
    pelanggaran = _pengumpul(hp)
    login_browser(hp, "tksk.kanigaran")
    hp.goto(f"/pmks/pendampingan/keluarga/{keluarga.pk}/kunjungan/tambah/")
    assert hp.locator("#id_foto").get_attribute("capture") is None  # gallery as well as camera

    hp.locator("#id_jenis").select_option("asesmen")
    hp.locator("#id_foto").set_input_files(str(foto))
    info = hp.get_by_test_id("ukuran-foto")
    info.filter(has_text="diperkecil").wait_for()
    sebelum = f"{asli / 2**20:.1f}".replace(".", ",")
    assert info.inner_text().startswith(f"{foto.name}: {sebelum} MB \u2192 ")
    [dipilih] = _berkas_terpilih(hp, "#id_foto")
    assert dipilih["jenis"] == "image/jpeg" and dipilih["ukuran"] < BATAS_SERVER
    assert dipilih["nama"] == foto.name

    hp.get_by_role("button", name="Simpan kunjungan").click()
    hp.wait_for_url("**/pendampingan/kunjungan/*/")
    assert "Kunjungan tersimpan" in hp.content()
    assert Kunjungan.objects.count() == 1
    tersimpan = FotoKunjungan.objects.get()
    with tersimpan.berkas.open("rb") as f, Image.open(f) as gambar:
        assert gambar.format == "JPEG"
        assert max(gambar.size) <= 1600 and gambar.size == (1600, 1200)
    assert tersimpan.berkas.size == dipilih["ukuran"]
    assert pelanggaran == []


def test_submit_while_a_photo_is_still_being_compressed_waits_and_sends_the_small_one(hp, tksk_kanigaran, tmp_path):
    usulan = usulan_status(buat_program("sembako-foto"), keluarga_pmks(), c.StatusUsulan.DISETUJUI, oleh=tksk_kanigaran)
    foto = tmp_path / "bukti.jpg"
    foto_kamera(foto)
    pelanggaran = _pengumpul(hp)
    login_browser(hp, "tksk.kanigaran")
    hp.goto(f"/bantuan/usulan/{usulan.pk}/penyaluran/")
    hp.locator("#id_diterima_oleh").fill("Siti Aminah")
    hp.locator("#id_foto_bukti").set_input_files(str(foto))
    hp.locator("input[type=submit][name=simpan]").click()  # at once, while the photo is compressed
    hp.wait_for_url(f"**/bantuan/usulan/{usulan.pk}/")
    penyaluran = Penyaluran.objects.get()
    with penyaluran.foto_bukti.open("rb") as f, Image.open(f) as gambar:
        assert max(gambar.size) == 1600
    assert penyaluran.foto_bukti.size < BATAS_SERVER
    assert pelanggaran == []


def test_pdf_attachment_is_sent_untouched(hp, tksk_kanigaran, tmp_path):
    usulan = usulan_status(buat_program("sembako-pdf"), keluarga_pmks(), c.StatusUsulan.DRAFT, oleh=tksk_kanigaran)
    pdf = tmp_path / "surat-keterangan.pdf"
    isi = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"%" * 3000
    pdf.write_bytes(isi)
    pelanggaran = _pengumpul(hp)
    login_browser(hp, "tksk.kanigaran")
    hp.goto(f"/bantuan/usulan/{usulan.pk}/")
    form = hp.locator(f"form[action$='/bantuan/usulan/{usulan.pk}/lampiran/']")
    form.locator("select[name=jenis]").select_option(index=1)
    # A photo first, then (while it is still being compressed) the PDF: the later choice wins.
    foto = tmp_path / "salah-pilih.jpg"
    foto_kamera(foto)
    form.locator("input[type=file]").set_input_files(str(foto))
    form.locator("input[type=file]").set_input_files(str(pdf))
    hp.get_by_test_id("ukuran-foto").filter(has_text="surat-keterangan.pdf").wait_for()
    hp.wait_for_timeout(3000)  # longer than compressing the photo takes here (~1 s)
    assert [b["nama"] for b in _berkas_terpilih(hp, "input[name=berkas]")] == [pdf.name]
    assert "diperkecil" not in hp.get_by_test_id("ukuran-foto").inner_text()
    form.get_by_role("button", name="Unggah lampiran").click()
    hp.wait_for_load_state("networkidle")
    lampiran = LampiranUsulan.objects.get()
    assert lampiran.ukuran == len(isi) and lampiran.nama_asli == pdf.name
    assert pelanggaran == []


def test_photo_the_browser_cannot_read_is_sent_as_it_is_and_the_server_decides(hp, tksk_kanigaran, tmp_path):
    keluarga = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    rusak = tmp_path / "rusak.jpg"
    rusak.write_bytes(b"\xff\xd8\xff\xe0" + b"bukan gambar" * 100)
    login_browser(hp, "tksk.kanigaran")
    hp.goto(f"/pmks/pendampingan/keluarga/{keluarga.pk}/kunjungan/tambah/")
    hp.locator("#id_jenis").select_option("asesmen")
    hp.locator("#id_foto").set_input_files(str(rusak))
    hp.get_by_test_id("ukuran-foto").filter(has_text="dikirim apa adanya").wait_for()
    [dipilih] = _berkas_terpilih(hp, "#id_foto")
    assert dipilih["ukuran"] == rusak.stat().st_size and dipilih["nama"] == "rusak.jpg"
    hp.get_by_role("button", name="Simpan kunjungan").click()
    hp.wait_for_load_state("networkidle")
    assert "rusak.jpg" in hp.locator("#div_id_foto").inner_text()
    assert Kunjungan.objects.count() == 0


def test_size_helpers_of_the_photo_script(hp, tksk_kanigaran):
    keluarga = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    login_browser(hp, "tksk.kanigaran")
    hp.goto(f"/pmks/pendampingan/keluarga/{keluarga.pk}/kunjungan/tambah/")
    hasil = hp.evaluate("""() => {
      const F = window.SidampingFoto;
      return [F.ukuranTeks(6909999), F.ukuranTeks(480 * 1024), F.ukuranTeks(10),
              F.namaJpeg("IMG_0001.HEIC"), F.namaJpeg("foto"), F.namaJpeg("a.b.png"),
              F.perluDiperkecil({type: "application/pdf"}), F.perluDiperkecil({type: "image/png"}),
              F.perluDiperkecil({type: "image/svg+xml"}), F.perluDiperkecil({type: "text/html"}),
              F.OPSI.maxWidthOrHeight, F.OPSI.initialQuality, F.OPSI.useWebWorker, F.OPSI.fileType];
    }""")
    assert hasil == ["6,6 MB", "480 KB", "1 KB", "IMG_0001.jpg", "foto.jpg", "a.b.jpg",
                     False, True, False, False, 1600, 0.8, False, "image/jpeg"]


def test_each_of_several_visit_photos_is_downscaled_and_a_small_one_is_kept_as_it_is(hp, tksk_kanigaran, tmp_path):
    keluarga = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    besar = tmp_path / "rumah.jpg"
    foto_kamera(besar)
    kecil = tmp_path / "kk.png"
    Image.new("RGB", (40, 30), (200, 120, 40)).save(kecil, "PNG")
    login_browser(hp, "tksk.kanigaran")
    hp.goto(f"/pmks/pendampingan/keluarga/{keluarga.pk}/kunjungan/tambah/")
    hp.locator("#id_jenis").select_option("asesmen")
    hp.locator("#id_foto").set_input_files([str(besar), str(kecil)])
    hp.get_by_test_id("ukuran-foto").filter(has_text="diperkecil").wait_for()
    dipilih = _berkas_terpilih(hp, "#id_foto")
    assert [d["nama"] for d in dipilih] == ["rumah.jpg", "kk.png"]
    assert dipilih[1] == {"nama": "kk.png", "jenis": "image/png", "ukuran": kecil.stat().st_size}
    hp.get_by_role("button", name="Simpan kunjungan").click()
    hp.wait_for_url("**/pendampingan/kunjungan/*/")
    ukuran = []
    for foto in FotoKunjungan.objects.order_by("pk"):
        with foto.berkas.open("rb") as f, Image.open(f) as gambar:
            ukuran.append((gambar.format, gambar.size))
    assert sorted(ukuran) == [("JPEG", (1600, 1200)), ("PNG", (40, 30))]
