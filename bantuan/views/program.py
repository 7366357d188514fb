"""Aid program screens (Dinas Sosial manages, everyone reads)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from tksk.forms import pasang_galat
from tksk.konkurensi import SudahTersimpan
from tksk.permissions import Aksi, boleh, wajib

from .. import selectors as sel
from ..forms import ProgramForm
from ..models import ProgramBantuan
from ..services import program as svc


def program_list(request):
    programs = sel.program_daftar()
    return render(request, "bantuan/program_list.html", {
        "program_list": programs, "boleh_kelola": boleh(request.user, Aksi.KELOLA_PROGRAM),
    })


def program_detail(request, pk: int):
    program = get_object_or_404(sel.program_daftar(), pk=pk)
    return render(request, "bantuan/program_detail.html", {
        "program": program,
        "kuota_list": sel.pemakaian_kuota(program=program),
        "boleh_kelola": boleh(request.user, Aksi.KELOLA_PROGRAM),
        "boleh_usul": boleh(request.user, Aksi.AJUKAN_USULAN),
    })


def _program_form(request, program: ProgramBantuan | None):
    wajib(request.user, Aksi.KELOLA_PROGRAM)
    aman = {"permintaan": request} if program is None else {"versi_dari": program}
    form = ProgramForm(request.POST or None, instance=program, user=request.user, **aman)
    if request.method == "POST" and form.is_valid():
        def simpan(**kw):
            return svc.program_simpan(
                program=form.instance, oleh=request.user, jenis_pmks=form.cleaned_data["jenis_pmks"],
                tidak_boleh_bersamaan=form.cleaned_data["tidak_boleh_bersamaan"],
                kuota_kecamatan=form.kuota_kecamatan(), **kw,
            )

        try:
            if program is None:
                with form.sekali() as hasil:
                    obj = simpan()
                    hasil.url = reverse("bantuan:program_detail", kwargs={"pk": obj.pk})
            else:
                obj = simpan(versi=form.versi_dikirim)
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except ValidationError as exc:
            pasang_galat(form, exc)
        else:
            messages.success(request, f"Program {obj} tersimpan.")
            return redirect("bantuan:program_detail", pk=obj.pk)
    return render(request, "bantuan/program_form.html", {"form": form, "program": program})


def program_buat(request):
    return _program_form(request, None)


def program_ubah(request, pk: int):
    return _program_form(request, get_object_or_404(ProgramBantuan, pk=pk))
