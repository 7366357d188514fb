"""Small real files for upload tests."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png(nama: str = "rumah.png", ukuran=(8, 8)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", ukuran, (200, 30, 30)).save(buf, format="PNG")
    return SimpleUploadedFile(nama, buf.getvalue(), content_type="image/png")


def jpeg(nama: str = "foto.jpg") -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 120, 30)).save(buf, format="JPEG")
    return SimpleUploadedFile(nama, buf.getvalue(), content_type="image/jpeg")


def pdf(nama: str = "berita-acara.pdf") -> SimpleUploadedFile:
    isi = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(nama, isi, content_type="application/pdf")
