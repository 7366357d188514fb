"""One pagination partial and one status badge for every page (templates/includes/)."""

import re
from pathlib import Path

from django.core.paginator import Paginator
from django.template.loader import render_to_string

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _templat():
    for p in sorted(TEMPLATES.rglob("*.html")):
        yield p.relative_to(TEMPLATES).as_posix(), p.read_text(encoding="utf-8")


def test_pagination_keeps_the_filters_and_names_the_page_parameter():
    halaman = Paginator(range(60), 25).get_page(2)
    html = render_to_string("includes/_paginasi.html", {"halaman": halaman, "query": "jenis=asesmen"})
    assert 'href="?jenis=asesmen&amp;halaman=1"' in html and 'href="?jenis=asesmen&amp;halaman=3"' in html
    assert "Halaman 2 dari 3" in html
    html = render_to_string("includes/_paginasi.html", {"halaman": halaman, "param": "page"})
    assert 'href="?page=1"' in html and 'href="?page=3"' in html


def test_a_single_page_shows_no_pagination():
    assert "pagination" not in render_to_string("includes/_paginasi.html", {"halaman": Paginator([1], 25).get_page(1)})


def test_status_badge_takes_its_colour_from_the_model():
    html = render_to_string("includes/_status.html", {"warna": "success", "label": "Aktif", "testid": "status-x"})
    assert html == '<span class="badge text-bg-success" data-testid="status-x">Aktif</span>'
    assert 'text-bg-secondary">Draf<' in render_to_string("includes/_status.html", {"label": "Draf"})


def test_no_template_draws_its_own_pagination_or_status_badge():
    sendiri = [nama for nama, isi in _templat() if nama not in ("includes/_paginasi.html", "includes/_status.html")
               and ('class="pagination' in isi or re.search(r"text-bg-\{\{|status ==.*text-bg-", isi))]
    assert sendiri == []
