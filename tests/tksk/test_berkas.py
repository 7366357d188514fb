"""tksk.berkas: what an upload must be (type by content, size, pixels) and how a download is named."""

from __future__ import annotations

import io
import warnings

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile, PngImagePlugin

from tests.bantuan.berkas_uji import jpeg, pdf, png
from tests.masukan_jahat import png_berskrip, png_bom, svg_berskrip, teks_sebagai_jpg
from tksk import berkas


@pytest.fixture
def tanpa_dekode(monkeypatch):
    """Any pixel decoding (or chunk verification) by Pillow fails the test loudly."""

    def dilarang(self, *args, **kwargs):
        raise AssertionError("Pillow mendekode gambar yang seharusnya sudah ditolak dari header")

    monkeypatch.setattr(ImageFile.ImageFile, "load", dilarang)
    monkeypatch.setattr(PngImagePlugin.PngImageFile, "verify", dilarang)


@pytest.mark.parametrize("periksa", [berkas.periksa_gambar, berkas.periksa_lampiran])
def test_image_over_40_megapixels_is_refused_before_decoding(periksa, tanpa_dekode):
    bom = png_bom()  # 12,000 × 12,000 = 144 MP in ~140 KB
    assert bom.size < 200_000
    with pytest.raises(ValidationError, match=r"Resolusi gambar terlalu besar \(144 MP\)\. Batasnya 40 MP") as info:
        periksa(bom)
    assert info.value.code == "piksel"


def test_header_check_refuses_the_bomb_even_with_pillows_default_limits(monkeypatch, tanpa_dekode):
    """Without the process-wide limit (e.g. code running before the app is ready), our own header
    check still refuses, and names the declared size."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 89_478_485)  # Pillow's default
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with pytest.raises(ValidationError, match=r"8\.000 × 6\.000 piksel, 48 MP"):
            berkas.periksa_gambar(png_bom(8_000, 6_000))


def test_photo_under_the_pixel_limit_is_accepted():
    assert berkas.periksa_gambar(png_bom(6_000, 6_000)).tipe_konten == "image/png"  # 36 MP


def test_pillow_refuses_any_unchecked_image_above_the_limit_anywhere_in_the_process():
    """TkskConfig.ready lowers Pillow's own hard limit (2 × MAX_IMAGE_PIXELS) to ours, so no other
    code in the app decodes a bomb with Pillow's default (179 MP)."""
    assert 2 * Image.MAX_IMAGE_PIXELS == berkas.BATAS_PIKSEL == 40_000_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(png_bom(6_400, 6_400).read()))  # 41 MP


@pytest.mark.parametrize("buat", [svg_berskrip, teks_sebagai_jpg, lambda: svg_berskrip("gambar.png")], ids=[
    "svg", "teks_sebagai_jpg", "svg_sebagai_png"])
def test_svg_and_text_are_never_accepted_as_images_or_attachments(buat):
    with pytest.raises(ValidationError, match="bukan foto yang sah"):
        berkas.periksa_gambar(buat())
    with pytest.raises(ValidationError, match="Jenis berkas tidak diizinkan"):
        berkas.periksa_lampiran(buat())


def test_html_is_never_accepted_whatever_its_name():
    html = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
    for nama in ("foto.jpg", "scan.pdf", "foto.html"):
        with pytest.raises(ValidationError):
            berkas.periksa_lampiran(SimpleUploadedFile(nama, html, content_type="image/jpeg"))


def test_gif_is_not_an_accepted_photo_format():
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, format="GIF")
    with pytest.raises(ValidationError, match="bukan foto yang sah"):
        berkas.periksa_gambar(SimpleUploadedFile("a.gif", buf.getvalue(), content_type="image/gif"))


@pytest.mark.parametrize("buat,nama", [
    (png_berskrip, "berkas.png"), (lambda: jpeg("foto.html"), "berkas.jpg"), (lambda: pdf("surat.htm"), "berkas.pdf"),
])
def test_stored_name_takes_the_extension_of_the_detected_type_never_the_clients(buat, nama):
    assert berkas.nama_menurut_isi(buat()) == nama


@pytest.mark.parametrize("nama,ext", [
    ("berkas.png", ".png"), ("rumah.JPEG", ".jpg"), ("foto.html", ".bin"), ("gambar.svg", ".bin"), ("tanpa", ".bin"),
])
def test_storage_path_is_random_and_only_ever_has_an_allowed_extension(nama, ext):
    jalur = berkas.nama_simpan("bantuan/lampiran", nama)
    assert jalur.startswith("privat/bantuan/lampiran/") and jalur.endswith(ext)
    assert nama.split(".")[0] not in jalur.rsplit("/", 1)[1]


@pytest.mark.parametrize("nama,ext,harap", [
    ("foto.html", ".png", "foto.png"),
    ("rumah.jpeg", ".jpg", "rumah.jpeg"),
    ("bukti-penyaluran-5", ".jpg", "bukti-penyaluran-5.jpg"),
    ("a\r\nSet-Cookie: x=1.pdf", None, "a Set-Cookie: x=1.pdf"),
    ("../../etc/passwd", None, "etc passwd"),
    ("", ".pdf", "berkas.pdf"),
])
def test_download_name_has_no_control_characters_or_paths_and_the_detected_extension(nama, ext, harap):
    assert berkas.nama_unduhan(nama, ext) == harap


def test_download_with_non_ascii_name_is_named_per_rfc_5987():
    resp = berkas.respons_unduhan(b"isi", nama="galat-dâta warga.xlsx", tipe_konten=berkas.XLSX)
    assert resp["Content-Disposition"] == "attachment; filename*=utf-8''galat-d%C3%A2ta%20warga.xlsx"
    assert "=?utf-8?" not in resp["Content-Disposition"]
    ascii_ = berkas.respons_unduhan(iter([b"a"]), nama='la"por.csv', tipe_konten=berkas.CSV)
    assert ascii_["Content-Disposition"] == 'attachment; filename="la\\"por.csv"'


def test_every_download_carries_nosniff_sandbox_and_no_store():
    for resp in (
        berkas.respons_unduhan(b"%PDF-1.4", nama="a.pdf", tipe_konten=berkas.PDF),
        berkas.respons_unduhan(iter([b"x"]), nama="a.csv", tipe_konten=berkas.CSV),
    ):
        assert resp["X-Content-Type-Options"] == "nosniff"
        assert resp["Content-Security-Policy"] == "sandbox"
        assert resp["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("isi,tipe", [
    (png().read(), "image/png"), (jpeg().read(), "image/jpeg"), (pdf().read(), "application/pdf"),
    (b"  \n%PDF-1.7", "application/pdf"), (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),
    (b"<html><script>", None), (b"PK\x03\x04rest", berkas.XLSX),
])
def test_content_type_is_detected_from_the_bytes(isi, tipe):
    assert berkas.jenis_isi(isi) == tipe
