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
