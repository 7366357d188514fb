"""One PDF helper for every printed document (letters, reports): HTML template → PDF bytes.

Templates extend ``cetak/base_cetak.html`` (A4, kop surat, page numbers, repeated table
headers). Static files (logo) are resolved from the app's static folders, never over the network.
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def _url_fetcher(url: str, *args, **kwargs):
    """Serve ``/static/...`` from disk; refuse anything else (no network access)."""
    from weasyprint import default_url_fetcher

    prefix = "/static/"
    path = url.split("://", 1)[-1]
    if prefix in path:
        relative = path.split(prefix, 1)[1]
        found = finders.find(relative)
        if found:
            return default_url_fetcher(f"file://{found}")
    if url.startswith(("file://", "data:")):
        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"Sumber eksternal tidak diizinkan dalam PDF: {url}")


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render ``template_name`` with ``context`` and return the PDF bytes."""
    from django.conf import settings
    from weasyprint import HTML

    context = {"NAMA_INSTANSI": settings.SIDAMPING_INSTANSI, **context}
    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url="http://sidamping.local/", url_fetcher=_url_fetcher).write_pdf()
