"""``{% gambar "nama" "keterangan" %}``: a screenshot of the guide, as the harness generated it.

Shows the phone and desktop screenshots of ``nama`` that are in the harness's manifest; when
there are none yet (the harness has not run on this server) it shows the caption and a note, so
the guide renders before the first run. In the PDF (``cetak`` in the context) only the chapter's
main screen is printed (``Bab.layar_utama``; a PDF with every screenshot takes too long to render),
by its plain static path, which the PDF helper resolves to the file on disk.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.templatetags.static import static

from tksk import panduan

register = template.Library()


def _src(berkas: str, *, cetak: bool) -> str | None:
    jalur = f"{panduan.AWALAN_STATIS}/{berkas}"
    if cetak:
        return "/" + settings.STATIC_URL.strip("/") + "/" + jalur
    try:
        return static(jalur)
    except ValueError:  # a manifest static storage collected before the harness ran
        return None


@register.inclusion_tag("panduan/includes/_gambar.html", takes_context=True)
def gambar(context, nama: str, keterangan: str):
    cetak = bool(context.get("cetak"))
    varian = []
    for v in panduan.gambar_tersedia(nama):
        src = _src(v["berkas"], cetak=cetak)
        if src:
            varian.append({**v, "src": src})
    bab = context.get("bab")
    if cetak and varian:
        utama = [v for v in varian if v["layar"] == getattr(bab, "layar_utama", None)]
        varian = utama or varian[:1]
    return {"nama": nama, "keterangan": keterangan, "varian": varian, "cetak": cetak}
