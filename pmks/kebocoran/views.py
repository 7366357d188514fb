"""The administrator's data-breach pages: checklist + incidents, one incident with its 72-hour clock
and the access-log summary of its period (``/pmks/kebocoran/``; administrator only)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from pmks.models import InsidenKebocoran
from tksk.forms import pasang_galat
from tksk.konkurensi import SudahTersimpan
from tksk.permissions import Aksi, wajib

from . import services
from .forms import InsidenForm, RingkasanAksesForm


@require_GET
def kebocoran_list(request):
    wajib(request.user, Aksi.AUDIT_AKSES, pesan=services.PESAN_PERAN)
    halaman = Paginator(services.insiden_daftar(request.user), 20).get_page(request.GET.get("halaman"))
    sekarang = timezone.now()
    baris = [(i, services.jam_72(i, sekarang=sekarang)) for i in halaman]
    return render(request, "pmks/kebocoran/kebocoran_list.html", {"halaman": halaman, "baris": baris})


def kebocoran_baru(request):
    wajib(request.user, Aksi.AUDIT_AKSES, pesan=services.PESAN_PERAN)
    awal = {"ditemukan_pada": timezone.localtime().replace(second=0, microsecond=0)}
    form = InsidenForm(request.POST or None, initial=awal, permintaan=request)
    if request.method == "POST" and form.is_valid():
        try:
            with form.sekali() as hasil:
                insiden = services.insiden_catat(oleh=request.user, **form.cleaned_data)
                hasil.url = reverse("pmks:kebocoran_detail", args=[insiden.pk])
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except ValidationError as exc:
            pasang_galat(form, exc)
        else:
            messages.success(request, "Insiden tercatat. Jam 3 × 24 jam berjalan sejak waktu ditemukan.")
            return redirect(hasil.url)
    return render(request, "pmks/kebocoran/kebocoran_form.html", {"form": form, "insiden": None})


def kebocoran_ubah(request, pk: int):
    insiden = services.get_insiden_for_user(request.user, pk)
    form = InsidenForm(request.POST or None, instance=insiden, baru=False, versi_dari=insiden)
    if request.method == "POST" and form.is_valid():
        try:
            services.insiden_ubah(oleh=request.user, insiden=insiden, versi=form.versi_dikirim, **form.cleaned_data)
        except ValidationError as exc:
            pasang_galat(form, exc)
        else:
            messages.success(request, "Insiden diperbarui.")
            return redirect("pmks:kebocoran_detail", pk=insiden.pk)
    return render(request, "pmks/kebocoran/kebocoran_form.html", {"form": form, "insiden": insiden})


@require_GET
def kebocoran_detail(request, pk: int):
    insiden: InsidenKebocoran = services.get_insiden_for_user(request.user, pk)
    periode = {"dari": insiden.terjadi_sejak.isoformat(),
               "sampai": (insiden.terjadi_sampai or timezone.localdate()).isoformat()}
    form = RingkasanAksesForm(request.GET or periode)
    saring = form.cleaned_data if form.is_valid() else {}
    ringkasan = services.ringkasan_akses(
        request.user, dari=saring.get("dari"), sampai=saring.get("sampai"), oleh=saring.get("oleh")
    )
    tautan = {k: v for k, v in {
        "dari": ringkasan.dari.isoformat() if ringkasan.dari else "",
        "sampai": ringkasan.sampai.isoformat() if ringkasan.sampai else "",
        "oleh": ringkasan.oleh.get_username() if ringkasan.oleh else "",
    }.items() if v}
    return render(request, "pmks/kebocoran/kebocoran_detail.html", {
        "insiden": insiden, "jam": services.jam_72(insiden), "form": form, "ringkasan": ringkasan,
        "url_akses": reverse("pmks:akses_list") + "?" + urlencode(tautan),
        "riwayat": services.riwayat_insiden(insiden),
    })
