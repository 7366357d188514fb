"""One PDF helper for every printed document (letters, reports): HTML template → PDF bytes.

Templates extend ``cetak/base_cetak.html`` (A4, kop surat, page numbers, repeated table
headers). Images (a logo) come from the app's static files, never over the network.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher


class _PengambilStatis(URLFetcher):
    """Resolve ``/static/...`` to files on disk; allow ``data:`` URIs; refuse everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        static_url = "/" + settings.STATIC_URL.strip("/") + "/"
        path = url.split("://", 1)[-1]
        if static_url in path:
            found = finders.find(path.split(static_url, 1)[1].split("?")[0])
            if found:
                return super().fetch(Path(found).resolve().as_uri(), headers)
        raise ValueError(f"Sumber eksternal tidak diizinkan dalam PDF: {url}")


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render ``template_name`` with ``context`` and return the PDF bytes."""
    context = {"NAMA_INSTANSI": settings.SIDAMPING_INSTANSI, **context}
    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url="http://sidamping.local/", url_fetcher=_PengambilStatis()).write_pdf()
