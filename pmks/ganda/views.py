"""The duplicate-candidate queue: list, the pair side by side, *berbeda*, *gabungkan*, "Pindai sekarang"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from tksk.forms import pasang_galat
from tksk.permissions import WILAYAH_TUGAS, Aksi, boleh_di

from . import choices as c
from . import selectors, services
from .forms import LABEL_KOLOM, BerbedaForm, GabungForm, tampil


@require_GET
def pasangan_list(request):
    status = request.GET.get("status") or c.StatusPasangan.BARU
    if status not in c.StatusPasangan.values:
        status = c.StatusPasangan.BARU
    halaman = Paginator(selectors.pasangan_antrean(user=request.user, status=status), 25).get_page(
        request.GET.get("halaman")
    )
    return render(request, "pmks/ganda/pasangan_list.html", {
        "halaman": halaman, "status": status, "pilihan_status": c.StatusPasangan.choices,
        "boleh_pindai": boleh_di(request.user, Aksi.PINDAI_DUPLIKAT, WILAYAH_TUGAS),
    })


def _halaman_pasangan(request, pasangan, *, form_berbeda=None, form_gabung=None, status=200):
    a, b = pasangan.anggota_a, pasangan.anggota_b
    baris = [(LABEL_KOLOM[k], tampil(a, k), tampil(b, k), getattr(a, k) != getattr(b, k)) for k in LABEL_KOLOM]
    baris.insert(1, ("Hubungan", a.get_hubungan_display(), b.get_hubungan_display(), a.hubungan != b.hubungan))
    baris.append(("Keberadaan", a.get_status_display(), b.get_status_display(), a.status != b.status))
    terbuka = pasangan.status == c.StatusPasangan.BARU
    return render(request, "pmks/ganda/pasangan_detail.html", {
        "pasangan": pasangan, "a": a, "b": b, "baris": baris, "terbuka": terbuka,
        "form_berbeda": form_berbeda or (BerbedaForm() if terbuka else None),
        "form_gabung": form_gabung or (GabungForm(pasangan=pasangan) if terbuka else None),
    }, status=status)


@require_GET
def pasangan_detail(request, pk: int):
    return _halaman_pasangan(request, selectors.get_pasangan_for_user(request.user, pk))


@require_POST
def pasangan_berbeda(request, pk: int):
    pasangan = selectors.get_pasangan_for_user(request.user, pk)
    form = BerbedaForm(request.POST)
    if form.is_valid():
        try:
            services.pasangan_tandai_berbeda(user=request.user, pasangan=pasangan, alasan=form.cleaned_data["alasan"])
        except ValidationError as exc:
            if _sudah_diputus(request, pasangan, exc):
                return redirect("pmks:ganda_detail", pk=pasangan.pk)
            pasang_galat(form, exc)
        else:
            messages.success(request, "Ditandai sebagai orang berbeda; pasangan ini tidak akan diusulkan lagi.")
            return redirect("pmks:ganda_list")
    return _halaman_pasangan(request, pasangan, form_berbeda=form)


@require_POST
def pasangan_gabungkan(request, pk: int):
    pasangan = selectors.get_pasangan_for_user(request.user, pk)
    form = GabungForm(request.POST, pasangan=pasangan)
    if form.is_valid():
        try:
            hasil = services.pasangan_gabungkan(
                user=request.user, pasangan=pasangan, penyintas_id=form.cleaned_data["penyintas"],
                pilihan=form.pilihan(), alasan=form.cleaned_data["alasan"],
            )
        except ValidationError as exc:
            if _sudah_diputus(request, pasangan, exc):
                return redirect("pmks:ganda_detail", pk=pasangan.pk)
            pasang_galat(form, _ke_kolom_form(exc))
        else:
            messages.success(request, f"Data digabung ke {hasil.penyintas.nama}; data lainnya diarsipkan.")
            return redirect("pmks:keluarga_detail", pk=hasil.penyintas.keluarga_id)
    return _halaman_pasangan(request, pasangan, form_gabung=form)


def _sudah_diputus(request, pasangan, exc: ValidationError) -> bool:
    """Someone else decided the pair meanwhile, or one record was merged elsewhere: said on the pair's
    page (its forms are gone). Other refusals go back to the form."""
    pasangan.refresh_from_db()
    if pasangan.status == c.StatusPasangan.BARU and (
        hasattr(exc, "error_dict") or "sudah digabung" not in " ".join(exc.messages)
    ):
        return False
    messages.error(request, " ".join(exc.messages))
    return True


def _ke_kolom_form(exc: ValidationError) -> ValidationError:
    """The service names fields (``nik``); the form's radios are ``pilih_<field>``."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({
        (k if k in ("penyintas", "alasan", "__all__") else "__all__" if k not in LABEL_KOLOM else f"pilih_{k}"): v
        for k, v in exc.error_dict.items()
    })


@require_POST
def pasangan_pindai(request):
    jumlah = services.pindai_minta(user=request.user)
    messages.success(request, f"Pemindaian data ganda dijadwalkan untuk {jumlah} kab/kota; hasilnya muncul di antrean "
                              "dalam beberapa menit." if jumlah else "Pemindaian sudah dalam antrean.")
    return redirect("pmks:ganda_list")
