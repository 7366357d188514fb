"""SIKS-NG package screens: the page (choose kelurahan + month, see the list, download) and the three
downloads. Each download checks the role and the area, builds the document from the registry and
writes exactly one row to the UU PDP access log. A kelurahan outside the user's area answers 404."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from pmks.models import JenisAkses
from pmks.registri.akses import akses_catat
from pmks.registri.selectors import perlu_nomor_lengkap
from tksk.batas import id_dari_teks
from tksk.berkas import PDF, XLSX, respons_unduhan
from tksk.models import Wilayah
from tksk.permissions import Aksi, wajib
from tksk.scoping import kelurahan_untuk

from . import dokumen
from .forms import BeritaAcaraForm, PaketForm, SptjmForm
from .selectors import baris_paket, usulan_paket

PESAN_PERAN = "Peran Anda tidak berwenang mengunduh paket usulan SIKS-NG."


def _tolak_di_luar_wilayah(request) -> None:
    """An existing kelurahan outside the user's area is not found (404), not merely an invalid choice."""
    pk = id_dari_teks(request.GET.get("kelurahan"))
    if pk is not None and Wilayah.objects.kelurahan().filter(pk=pk).exists() and not kelurahan_untuk(
        request.user
    ).filter(pk=pk).exists():
        raise Http404("Kelurahan di luar wilayah tugas Anda.")


def _form(request, kelas):
    wajib(request.user, Aksi.EKSPOR_DATA, pesan=PESAN_PERAN)
    _tolak_di_luar_wilayah(request)
    return kelas(request.GET or None, user=request.user)


def _paket_dari(form, request, *, lengkap: bool | None = None) -> tuple:
    """(kelurahan, month, rows); numbers full or masked as the role requires unless ``lengkap`` says."""
    kelurahan, bulan = form.cleaned_data["kelurahan"], form.cleaned_data["bulan"]
    wajib(request.user, Aksi.EKSPOR_DATA, wilayah=kelurahan, pesan=PESAN_PERAN)
    qs = usulan_paket(user=request.user, kelurahan=kelurahan, bulan=bulan)
    if lengkap is None:
        lengkap = perlu_nomor_lengkap(request.user)
    return kelurahan, bulan, list(baris_paket(qs, lengkap=lengkap))


def _kembali(request, form):
    galat = "; ".join(f"{form.fields[k].label if k in form.fields else 'Formulir'}: {' '.join(v)}"
                      for k, v in form.errors.items())
    messages.error(request, f"Dokumen tidak dibuat. {galat}")
    kueri = {k: request.GET.get(k, "")[:20] for k in ("kelurahan", "bulan")}
    return redirect(f"{reverse('bantuan:siksng')}?{urlencode(kueri)}")


def _catat(request, *, kelurahan, bulan, jenis: str, jumlah: int) -> None:
    akses_catat(request=request, jenis=JenisAkses.EKSPOR, wilayah=kelurahan,
                keterangan=f"paket SIKS-NG {jenis} {kelurahan.kode} {bulan:%Y-%m}: {jumlah} baris")


def paket(request):
    form = _form(request, PaketForm)
    konteks = {"form": form}
    if form.is_bound and form.is_valid():
        # on screen numbers are always masked (pmks.registri.akses); the downloads follow the role
        kelurahan, bulan, baris = _paket_dari(form, request, lengkap=False)
        konteks.update(kelurahan=kelurahan, bulan=bulan, baris_list=baris,
                       kueri=urlencode({"kelurahan": kelurahan.pk, "bulan": f"{bulan:%Y-%m}"}))
        for nama, kelas, url in (("form_ba", BeritaAcaraForm, "bantuan:siksng_berita_acara"),
                                 ("form_sptjm", SptjmForm, "bantuan:siksng_sptjm")):
            f = kelas(initial={"kelurahan": kelurahan.pk, "bulan": f"{bulan:%Y-%m}"}, user=request.user)
            f.helper.form_action = reverse(url)
            konteks[nama] = f
    return render(request, "bantuan/siksng/paket.html", konteks)


def paket_xlsx(request):
    form = _form(request, PaketForm)
    if not form.is_valid():
        return _kembali(request, form)
    kelurahan, bulan, baris = _paket_dari(form, request)
    _catat(request, kelurahan=kelurahan, bulan=bulan, jenis="xlsx", jumlah=len(baris))
    return respons_unduhan(dokumen.xlsx_paket(baris), nama=f"usulan-siksng-{kelurahan.kode}-{bulan:%Y-%m}.xlsx",
                           tipe_konten=XLSX)


def _unduh_pdf(request, kelas, buat, *, jenis: str, nama: str):
    """One PDF of the package (``buat`` from ``dokumen``), logged once; ``nama`` takes kode and bulan."""
    form = _form(request, kelas)
    if not form.is_valid():
        return _kembali(request, form)
    kelurahan, bulan, baris = _paket_dari(form, request)
    pdf = buat(kelurahan=kelurahan, bulan=bulan, baris=baris, user=request.user, data=form.cleaned_data,
               request=request)
    _catat(request, kelurahan=kelurahan, bulan=bulan, jenis=jenis, jumlah=len(baris))
    return respons_unduhan(pdf, nama=nama.format(kode=kelurahan.kode, bulan=f"{bulan:%Y-%m}"), tipe_konten=PDF)


def berita_acara(request):
    return _unduh_pdf(request, BeritaAcaraForm, dokumen.pdf_berita_acara, jenis="berita acara",
                      nama="berita-acara-muskel-{kode}-{bulan}.pdf")


def sptjm(request):
    return _unduh_pdf(request, SptjmForm, dokumen.pdf_sptjm, jenis="SPTJM", nama="sptjm-{kode}-{bulan}.pdf")
