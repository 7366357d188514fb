"""Dinas Sosial's queue of recipients no longer within their programme's desil range, and the decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tksk.forms import pasang_galat
from tksk.permissions import Aksi, boleh, boleh_di, wajib
from tksk.scoping import get_for_user

from .. import choices as c
from .. import selectors as sel
from ..forms import FilterTandaDesilForm, KeputusanTandaDesilForm
from ..models import TandaDesil
from ..services import desil as svc
from .umum import PER_HALAMAN


def tanda_desil_list(request):
    wajib(request.user, Aksi.LIHAT_DATA)
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = c.StatusTandaDesil.TERBUKA
    form = FilterTandaDesilForm(data)
    status = form.cleaned_data["status"] if form.is_valid() else c.StatusTandaDesil.TERBUKA
    halaman = Paginator(sel.tanda_desil_daftar(user=request.user, status=status or None), PER_HALAMAN).get_page(
        request.GET.get("halaman"))
    baris = list(halaman.object_list)
    for t in baris:
        t.boleh_putuskan = t.status == c.StatusTandaDesil.TERBUKA and boleh_di(
            request.user, Aksi.VERIFIKASI_USULAN, t.keluarga.kelurahan)
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(request, "bantuan/tanda_desil_list.html", {
        "form": form, "halaman": halaman, "baris": baris, "query": query.urlencode(),
        "form_keputusan": KeputusanTandaDesilForm() if boleh(request.user, Aksi.VERIFIKASI_USULAN) else None,
    })


@require_POST
def tanda_desil_putuskan(request, pk: int):
    tanda = get_for_user(TandaDesil.objects.select_related("keluarga__kelurahan"), request.user,
                         "keluarga__kelurahan", write=True, aksi=Aksi.VERIFIKASI_USULAN, pk=pk)
    form = KeputusanTandaDesilForm(request.POST)
    if form.is_valid():
        try:
            svc.tanda_desil_putuskan(tanda=tanda, oleh=request.user, keputusan=form.cleaned_data["keputusan"],
                                     alasan=form.cleaned_data["alasan"])
        except ValidationError as exc:
            pasang_galat(form, exc)
        else:
            tanda.refresh_from_db()
            messages.success(request, f"Keputusan dicatat: {tanda.get_status_display().lower()}.")
            return redirect("bantuan:tanda_desil_list")
    return render(request, "bantuan/tanda_desil_putuskan.html", {"form": form, "tanda": tanda}, status=400)
