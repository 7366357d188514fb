"""PDF of a report document (monthly report or city recap) through ``tksk.pdf.render_pdf``."""

from __future__ import annotations

import segno
from django.utils.safestring import mark_safe

from tksk.pdf import render_pdf

from .selectors import siapkan_tampilan


def qr_svg(url: str) -> str:
    """The verification QR code as inline SVG markup (vector; inline needs no URL fetching,
    which WeasyPrint would route through ``tksk.pdf``'s fetcher)."""
    return segno.make(url, error="m").svg_inline(scale=3, border=2, omitsize=True)


def konteks_cetak(dokumen: dict) -> dict:
    tampilan = siapkan_tampilan(dokumen)
    if tampilan.get("url_verifikasi"):
        tampilan["qr"] = mark_safe(qr_svg(tampilan["url_verifikasi"]))  # noqa: S308 - segno output
    return {"dok": tampilan, "kop": tampilan["kop"], "cetak": True}


def render_pdf_laporan(dokumen: dict) -> bytes:
    return render_pdf("laporan/cetak/laporan_bulanan.html", konteks_cetak(dokumen))


def render_pdf_rekap(dokumen: dict) -> bytes:
    return render_pdf("laporan/cetak/rekap_kota.html", konteks_cetak(dokumen))
