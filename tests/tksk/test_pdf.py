"""The shared PDF helper renders a real PDF, offline."""

import io

import pytest
from pypdf import PdfReader

from tksk.pdf import render_pdf


@pytest.mark.django_db
def test_render_pdf_produces_a_pdf_with_the_text_and_kop_surat(tmp_path, settings):
    import copy

    tpl = tmp_path / "uji.html"
    tpl.write_text('{% extends "cetak/base_cetak.html" %}{% block isi %}<h1>Uji Cetak 1.234</h1>{% endblock %}')
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates  # assignment resets the template engines; restored after the test
    pdf = render_pdf("uji.html", {"kop": {"instansi": "Dinas Sosial Uji"}})
    assert pdf.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Uji Cetak 1.234" in text
    assert "DINAS SOSIAL UJI" in text.upper()
    assert "Halaman 1 dari 1" in text


@pytest.mark.django_db
def test_render_pdf_embeds_a_static_logo_and_ignores_remote_images(tmp_path, settings):
    import copy

    from PIL import Image

    static_dir = tmp_path / "statis"
    static_dir.mkdir()
    Image.new("RGB", (40, 40), "green").save(static_dir / "logo-uji.png")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, static_dir]
    tpl = tmp_path / "uji_logo.html"
    tpl.write_text(
        '{% extends "cetak/base_cetak.html" %}{% block isi %}'
        '<img src="https://contoh.invalid/x.png"><p>Isi dokumen</p>{% endblock %}'
    )
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates
    pdf = render_pdf("uji_logo.html", {"kop": {"instansi": "Dinas Uji", "logo": "logo-uji.png"}})
    reader = PdfReader(io.BytesIO(pdf))
    assert "Isi dokumen" in reader.pages[0].extract_text()
    assert len(reader.pages[0].images) == 1  # the logo; the remote image is refused
