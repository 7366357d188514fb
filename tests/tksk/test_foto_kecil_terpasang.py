"""Every photo input of the app is downscaled in the browser (issue #12 item 4): its widget carries
``data-foto-kecil`` (static/js/foto_kecil.js), forces no camera (``capture``), and its page loads
the script and the vendored library."""

from __future__ import annotations

import importlib

import pytest
from django import forms

from tests.bantuan.conftest import buat_program, keluarga_pmks, usulan_status

MODUL_FORM = ["pmks.registri.forms", "pmks.pendampingan.forms", "pmks.impor.forms", "bantuan.forms",
              "bantuan.impor_bnba", "laporan.forms", "tksk.forms"]


def _kelas_form():
    for nama in MODUL_FORM:
        try:
            modul = importlib.import_module(nama)
        except ModuleNotFoundError:
            continue
        for obj in vars(modul).values():
            if isinstance(obj, type) and issubclass(obj, forms.BaseForm) and obj.__module__ == nama:
                yield obj


def test_every_photo_upload_field_is_downscaled_in_the_browser_and_offers_the_gallery():
    foto = []
    for kelas in _kelas_form():
        for nama, field in kelas.base_fields.items():
            if not isinstance(field, forms.FileField):
                continue
            attrs = field.widget.attrs
            if "image" not in attrs.get("accept", ""):
                continue
            foto.append(f"{kelas.__name__}.{nama}")
            assert "data-foto-kecil" in attrs, f"{kelas.__name__}.{nama}"
            assert "capture" not in attrs, f"{kelas.__name__}.{nama}"
    assert sorted(foto) == ["KunjunganForm.foto", "LampiranForm.berkas", "PenyaluranForm.foto_bukti",
                            "UsulanForm.lampiran"]


@pytest.mark.django_db
def test_pages_with_a_photo_input_load_the_compression_script(client, tksk_kanigaran):
    keluarga = keluarga_pmks()
    draf = usulan_status(buat_program("sembako-js"), keluarga, "draft", oleh=tksk_kanigaran)
    setuju = usulan_status(buat_program("sembako-js2"), keluarga, "disetujui", oleh=tksk_kanigaran)
    client.force_login(tksk_kanigaran)
    for url in [
        f"/pmks/pendampingan/keluarga/{keluarga.pk}/kunjungan/tambah/", f"/bantuan/usulan/baru/?keluarga={keluarga.pk}",
        f"/bantuan/usulan/{draf.pk}/", f"/bantuan/usulan/{setuju.pk}/penyaluran/",
    ]:
        html = client.get(url).content.decode()
        assert "data-foto-kecil" in html, url
        assert "vendor/browser-image-compression/browser-image-compression.js" in html, url
        assert "js/foto_kecil.js" in html, url


def test_vendored_compression_library_is_the_npm_release_named_in_its_source_note():
    import hashlib
    import re
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "static" / "vendor" / "browser-image-compression"
    catatan = (folder / "SUMBER.md").read_text()
    berkas = re.findall(r"`dist/([\w.-]+)`.*?\n?.*?SHA-256 `([0-9a-f]{64})`", catatan)
    assert [nama for nama, _ in berkas] == ["browser-image-compression.js", "browser-image-compression.js.map"]
    for nama, sha in berkas:
        assert hashlib.sha256((folder / nama).read_bytes()).hexdigest() == sha, nama
    assert (folder / "LICENSE").read_text().startswith("MIT License")
    assert "v2.0.2" in (folder / "browser-image-compression.js").read_text()[:200]
