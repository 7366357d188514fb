"""The notification centre: the user's own list, marking read, and the channel choice (profile).

Every query goes through ``tksk.notifikasi.notifikasi_milik(request.user)``: another user's
notification answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import notifikasi as layanan
from .forms import FormKanalNotifikasi
from .models import Notifikasi

PER_HALAMAN = 25


def daftar(request):
    hanya_belum = request.GET.get("belum") == "1"
    qs = layanan.notifikasi_milik(request.user)
    if hanya_belum:
        qs = qs.filter(dibaca_pada__isnull=True)
    halaman = Paginator(qs.only("id", "jenis", "judul", "url", "dibuat_pada", "dibaca_pada"), PER_HALAMAN).get_page(
        request.GET.get("halaman")
    )
    for n in halaman:
        n.label_jenis = layanan.JENIS.get(n.jenis, n.jenis)
    return render(request, "tksk/notifikasi_list.html", {"halaman": halaman, "hanya_belum": hanya_belum})


@require_POST
def baca(request, pk: int):
    """Mark read and open what it is about (the list when it links nowhere)."""
    try:
        n = layanan.notifikasi_tandai_dibaca(pengguna=request.user, pk=pk)
    except Notifikasi.DoesNotExist:
        raise Http404("Notifikasi tidak ditemukan.") from None
    if n.url and url_has_allowed_host_and_scheme(n.url, allowed_hosts=None) and request.POST.get("tetap") != "1":
        return redirect(n.url)
    return redirect("notifikasi:daftar")


@require_POST
def baca_semua(request):
    n = layanan.notifikasi_tandai_semua_dibaca(pengguna=request.user)
    messages.success(request, f"{n} notifikasi ditandai sudah dibaca." if n else "Tidak ada notifikasi baru.")
    return redirect("notifikasi:daftar")


def kanal(request):
    pref = layanan.preferensi_untuk(request.user)
    awal = {"kanal": pref.kanal, "email": request.user.email}
    form = FormKanalNotifikasi(request.POST or None, initial=awal, versi_dari=pref)
    if request.method == "POST" and form.is_valid():
        try:
            layanan.preferensi_ubah(pengguna=request.user, versi=form.versi_dikirim, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for kolom, galat in exc.error_dict.items():
                    form.add_error(kolom if kolom in form.fields else None, galat)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, "Pilihan saluran notifikasi tersimpan.")
            return redirect("notifikasi:kanal")
    return render(request, "tksk/notifikasi_kanal.html", {"form": form})
