"""After approval: deliveries with their evidence photo, monitoring, recipient changes."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from tksk.berkas import respons_berkas, tandai_berkas_dipilih_ulang
from tksk.forms import pasang_galat
from tksk.konkurensi import SudahTersimpan
from tksk.permissions import Aksi, wajib

from .. import choices as c
from .. import selectors as sel
from ..forms import MonitoringForm, NonaktifForm, PenyaluranForm
from ..services import penerima as penerima_svc
from ..services import penyaluran as svc
from .umum import keluarga_tulis


def penyaluran_foto(request, pk: int):
    penyaluran = sel.get_penyaluran_for_user(request.user, pk)
    if not penyaluran.foto_bukti:
        raise Http404
    return respons_berkas(penyaluran.foto_bukti, nama=f"bukti-penyaluran-{penyaluran.pk}")


# --- Distribution, monitoring, recipient changes --------------------------------------------------------
def _catat_sekali(request, pk: int, form, catat, sukses: str):
    """Save a create form of a proposal once (one-time token): the redirect to the proposal when saved
    (or already saved by an earlier send), ``None`` to show the form again with its errors."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        with form.sekali() as hasil:
            catat(**form.cleaned_data)
            hasil.url = reverse("bantuan:usulan_detail", kwargs={"pk": pk})
    except SudahTersimpan as exc:
        return exc.tanggapi(request)
    except ValidationError as exc:
        pasang_galat(form, exc)
        return None
    messages.success(request, sukses)
    return redirect("bantuan:usulan_detail", pk=pk)


def penyaluran_buat(request, pk: int):
    usulan = sel.get_usulan_for_user(request.user, pk, write=True, aksi=Aksi.CATAT_PENYALURAN)
    form = PenyaluranForm(request.POST or None, request.FILES or None, usulan=usulan, permintaan=request)
    tersimpan = _catat_sekali(request, pk, form, partial(svc.penyaluran_catat, usulan=usulan, oleh=request.user),
                              "Penyaluran dicatat.")
    if tersimpan is not None:
        return tersimpan
    tandai_berkas_dipilih_ulang(request, form)
    return render(request, "bantuan/penyaluran_form.html", {"form": form, "usulan": usulan})


def monitoring_buat(request, pk: int):
    usulan = sel.get_usulan_for_user(request.user, pk, write=True)
    wajib(request.user, (Aksi.PENDAMPINGAN, Aksi.CATAT_PENYALURAN))
    if usulan.program.jenis not in (c.JenisProgram.TERNAK, c.JenisProgram.MODAL_USAHA):
        raise Http404
    form = MonitoringForm(request.POST or None, usulan=usulan, permintaan=request)
    tersimpan = _catat_sekali(request, pk, form, partial(svc.monitoring_catat, usulan=usulan, oleh=request.user),
                              "Monitoring dicatat.")
    if tersimpan is not None:
        return tersimpan
    return render(request, "bantuan/monitoring_form.html", {"form": form, "usulan": usulan})


def penerima_ubah(request, pk: int):
    usulan = sel.get_usulan_for_user(request.user, pk, write=True, aksi=Aksi.VERIFIKASI_USULAN)
    form = NonaktifForm(request.POST or None, keluarga_qs=keluarga_tulis(request.user).exclude(pk=usulan.keluarga_id),
                        versi_dari=usulan)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if d.get("keluarga_baru"):
                baru = penerima_svc.penerima_ganti(usulan=usulan, oleh=request.user, versi=form.versi_dikirim,
                                          keluarga_baru=d["keluarga_baru"], alasan=d["alasan"],
                                          keterangan=d["keterangan"])
                messages.success(request, f"Penerima diganti; usulan pengganti #{baru.pk} dibuat.")
                return redirect("bantuan:usulan_detail", pk=baru.pk)
            penerima_svc.penerima_nonaktifkan(
                usulan=usulan, oleh=request.user, versi=form.versi_dikirim, alasan=d["alasan"],
                keterangan=d["keterangan"],
            )
        except ValidationError as exc:
            pasang_galat(form, exc)
        else:
            messages.success(request, "Penerima dinonaktifkan.")
            return redirect("bantuan:usulan_detail", pk=pk)
    return render(request, "bantuan/penerima_form.html", {"form": form, "usulan": usulan})
