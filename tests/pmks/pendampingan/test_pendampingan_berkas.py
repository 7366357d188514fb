"""Visit photos against hostile files (issue #10: 3, 4, 19b): bombs refused before decoding, stored by
detected type, served by content with nosniff + sandbox, and a re-rendered form says the chosen
photos must be chosen again, next to the field."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from pmks.pendampingan import choices as pc
from pmks.pendampingan.models import FotoKunjungan, Kunjungan
from tests.factories import KeluargaFactory
from tests.masukan_jahat import png_berskrip, png_bom, svg_berskrip, teks_sebagai_jpg
from tests.pmks.pendampingan.test_pendampingan_bantu import foto_uji, kunjungan
from tests.simpan_aman import dengan_token_klien

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


@pytest.fixture
def keluarga(kel_kanigaran):
    return KeluargaFactory(kelurahan=kel_kanigaran)


def di_samping(html: str, field: str) -> str:
    """The rendered block of one form field (crispy: ``<div id="div_id_<field>">``), errors included."""
    awal = html.index(f'id="div_id_{field}"')
    akhir = html.find('id="div_id_', awal + 10)
    return html[awal: akhir if akhir != -1 else len(html)]


def kirim_kunjungan(client, keluarga, **data):
    isian = {"tanggal": timezone.localdate().isoformat(), "jenis": pc.JenisKunjungan.ASESMEN, "hasil": "Uji"}
    isian.update(data)
    url = f"/pmks/pendampingan/keluarga/{keluarga.pk}/kunjungan/tambah/"
    return client.post(url, dengan_token_klien(client, url, isian))


def berkas_tersimpan(media) -> list[str]:
    return [p.name for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_visit_photo_over_40_megapixels_is_refused_with_a_clear_message(client, keluarga, tksk_kanigaran, _media):
    client.force_login(tksk_kanigaran)
    resp = kirim_kunjungan(client, keluarga, foto=[png_bom()])
    assert resp.status_code == 200
    assert "Resolusi gambar terlalu besar" in di_samping(resp.content.decode(), "foto")
    assert not Kunjungan.objects.exists() and berkas_tersimpan(_media) == []


@pytest.mark.parametrize("buat", [svg_berskrip, teks_sebagai_jpg, lambda: svg_berskrip("foto.jpg")])
def test_svg_or_text_is_never_accepted_as_a_visit_photo(client, keluarga, tksk_kanigaran, buat, _media):
    client.force_login(tksk_kanigaran)
    resp = kirim_kunjungan(client, keluarga, foto=[buat()])
    assert "bukan foto yang sah" in di_samping(resp.content.decode(), "foto")
    assert not Kunjungan.objects.exists() and berkas_tersimpan(_media) == []


def test_photo_named_html_is_stored_with_the_png_extension(client, keluarga, tksk_kanigaran, _media):
    client.force_login(tksk_kanigaran)
    resp = kirim_kunjungan(client, keluarga, foto=[png_berskrip("foto.html"), png_berskrip("foto.htm")])
    assert resp.status_code == 302
    nama = [f.berkas.name for f in FotoKunjungan.objects.all()]
    assert len(nama) == 2 and all(n.endswith(".png") for n in nama)
    assert all(n.endswith(".png") for n in berkas_tersimpan(_media))


def test_photo_named_html_is_served_as_png_with_nosniff_and_sandbox(client, keluarga, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    kirim_kunjungan(client, keluarga, foto=[png_berskrip("foto.html")])
    foto = FotoKunjungan.objects.get()
    resp = client.get(f"/pmks/pendampingan/foto/{foto.pk}/")
    assert resp.status_code == 200 and resp["Content-Type"] == "image/png"
    assert resp["X-Content-Type-Options"] == "nosniff" and resp["Content-Security-Policy"] == "sandbox"
    assert resp["Content-Disposition"] == f'inline; filename="foto-kunjungan-{foto.pk}.png"'
    assert resp["Cache-Control"] == "private, no-store"


def _foto_lama(keluarga, oleh, nama: str, isi: bytes) -> FotoKunjungan:
    """A photo stored before uploads were named by their content (written straight to storage)."""
    kj = kunjungan(keluarga, tanggal=timezone.localdate(), oleh=oleh)
    jalur = default_storage.save(f"privat/pendampingan/kunjungan/{nama}", ContentFile(isi))
    return FotoKunjungan.objects.create(kunjungan=kj, berkas=jalur, diunggah_oleh=oleh)


def test_photo_already_stored_as_html_is_served_as_png_not_html(client, keluarga, tksk_kanigaran):
    foto = _foto_lama(keluarga, tksk_kanigaran, "lama.html", png_berskrip().read())
    client.force_login(tksk_kanigaran)
    resp = client.get(f"/pmks/pendampingan/foto/{foto.pk}/")
    assert resp["Content-Type"] == "image/png" and resp["Content-Security-Policy"] == "sandbox"
    assert resp["X-Content-Type-Options"] == "nosniff"


def test_stored_file_that_is_not_an_image_is_a_sandboxed_download_never_html(client, keluarga, tksk_kanigaran):
    foto = _foto_lama(keluarga, tksk_kanigaran, "skrip.svg", svg_berskrip().read())
    client.force_login(tksk_kanigaran)
    resp = client.get(f"/pmks/pendampingan/foto/{foto.pk}/")
    assert resp["Content-Type"] == "application/octet-stream"
    assert resp["Content-Disposition"] == f'attachment; filename="foto-kunjungan-{foto.pk}.bin"'
    assert resp["Content-Security-Policy"] == "sandbox" and resp["X-Content-Type-Options"] == "nosniff"


def test_missing_photo_file_answers_404(client, keluarga, tksk_kanigaran):
    foto = _foto_lama(keluarga, tksk_kanigaran, "hilang.png", foto_uji().read())
    default_storage.delete(foto.berkas.name)
    client.force_login(tksk_kanigaran)
    assert client.get(f"/pmks/pendampingan/foto/{foto.pk}/").status_code == 404


def test_visit_form_says_next_to_the_photo_field_that_chosen_photos_must_be_chosen_again(
    client, keluarga, tksk_kanigaran
):
    client.force_login(tksk_kanigaran)
    resp = kirim_kunjungan(client, keluarga, jenis="", foto=[foto_uji("rumah-depan.png")])
    assert resp.status_code == 200 and not Kunjungan.objects.exists()
    blok = di_samping(resp.content.decode(), "foto")
    assert "«rumah-depan.png» belum tersimpan" in blok and "Pilih berkasnya lagi" in blok
    assert "perlu dipilih ulang" in resp.content.decode()  # also on top: the field is far down on a phone


def test_visit_edit_form_says_the_chosen_photo_must_be_chosen_again(client, keluarga, tksk_kanigaran):
    kj = kunjungan(keluarga, tanggal=timezone.localdate(), oleh=tksk_kanigaran)
    client.force_login(tksk_kanigaran)
    resp = client.post(f"/pmks/pendampingan/kunjungan/{kj.pk}/ubah/", {
        "tanggal": "", "jenis": pc.JenisKunjungan.ASESMEN, "foto": [foto_uji("lanjutan.png")], "versi": kj.versi,
    })
    assert resp.status_code == 200 and kj.foto.count() == 0
    assert "«lanjutan.png» belum tersimpan" in di_samping(resp.content.decode(), "foto")


def test_refused_photo_gets_its_own_error_not_the_choose_again_note(client, keluarga, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    blok = di_samping(kirim_kunjungan(client, keluarga, foto=[teks_sebagai_jpg()]).content.decode(), "foto")
    assert "bukan foto yang sah" in blok and "belum tersimpan" not in blok
    assert len(re.findall(r"invalid-feedback", blok)) >= 1
