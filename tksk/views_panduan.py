"""The user guide (``/panduan/``): every chapter for every logged-in user, their own role first."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import panduan
from .berkas import PDF, respons_unduhan
from .pdf import render_pdf


def _konteks(request, **lain) -> dict:
    bab_list = panduan.bab_untuk(request.user)
    return {"bab_list": bab_list, "bab_saya": bab_list[0] if bab_list[0].peran == request.user.peran else None,
            "dibuat_pada": _dibuat_pada(), **lain}


def _dibuat_pada() -> datetime | None:
    """When the harness made the screenshots shown (from its manifest)."""
    try:
        return datetime.fromisoformat(panduan.manifest().get("dibuat", ""))
    except (TypeError, ValueError):
        return None


@require_GET
def indeks(request):
    """Table of contents and the reader's own chapter."""
    konteks = _konteks(request)
    konteks["bab"] = konteks["bab_list"][0]
    return render(request, "panduan/indeks.html", konteks)


@require_GET
def bab(request, kode: str):
    bab = panduan.BAB_PER_KODE.get(kode)
    if bab is None:
        raise Http404("Bab panduan tidak ada.")
    return render(request, "panduan/bab.html", _konteks(request, bab=bab))


@require_GET
def unduh_pdf(request):
    """The whole guide as one PDF (the reader's chapter first), through the PDF helper."""
    konteks = _konteks(request, cetak=True, tanggal=timezone.localdate())
    pdf = render_pdf("panduan/cetak.html", konteks, request=request)
    return respons_unduhan(pdf, nama="panduan-sidamping.pdf", tipe_konten=PDF)
