"""Pendampingan pages and the caseload dashboard (home). Thin views: scoped fetch → form → service."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import LoginView
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tksk.basisdata import baca_replika
from tksk.berkas import respons_berkas, tandai_berkas_dipilih_ulang
from tksk.forms import pasang_galat
from tksk.keamanan import alihkan_aman
from tksk.konkurensi import KODE_KONFLIK, PESAN_KONFLIK, SudahTersimpan
from tksk.models import Peran
from tksk.paginasi import PaginatorKunciDulu
from tksk.permissions import Aksi, boleh, wajib
from tksk.scoping import get_for_user
from tksk.selectors import ringkasan_beranda

from ..models import Keluarga
from . import choices as pc
from . import selectors, services
from .forms import (
    KunjunganForm,
    PSKSForm,
    RujukanForm,
    SelesaiTindakLanjutForm,
    StatusRujukanForm,
    TindakLanjutForm,
)
from .models import PSKS, FotoKunjungan, Kunjungan, RencanaTindakLanjut, Rujukan

PER_HALAMAN = 25


# --- access helpers ------------------------------------------------------------------------
def _keluarga(request, pk: int, *, write: bool) -> Keluarga:
    qs = Keluarga.objects.select_related("kelurahan__induk")
    return get_for_user(
        qs, request.user, "kelurahan", write=write, aksi=Aksi.PENDAMPINGAN if write else None, pk=pk
    )


def _kunjungan(request, pk: int, *, write: bool = False) -> Kunjungan:
    qs = Kunjungan.objects.select_related("kelurahan", "dicatat_oleh")
    return get_for_user(
        qs, request.user, "kelurahan", write=write, aksi=Aksi.PENDAMPINGAN if write else None, pk=pk
    )


def _tindak_lanjut(request, pk: int, *, write: bool = False) -> RencanaTindakLanjut:
    qs = RencanaTindakLanjut.objects.select_related("keluarga__kelurahan")
    return get_for_user(
        qs, request.user, "kelurahan", write=write, aksi=Aksi.PENDAMPINGAN if write else None, pk=pk
    )


def _rujukan(request, pk: int, *, write: bool = False) -> Rujukan:
    qs = Rujukan.objects.select_related("keluarga__kelurahan", "psks__kelurahan", "anggota", "dibuat_oleh")
    return get_for_user(
        qs, request.user, "keluarga__kelurahan", write=write, aksi=Aksi.PENDAMPINGAN if write else None, pk=pk
    )


def _psks(request, pk: int, *, write: bool = False) -> PSKS:
    return get_for_user(
        PSKS.objects.select_related("kelurahan"), request.user, "kelurahan", write=write,
        aksi=Aksi.PENDAMPINGAN if write else None, pk=pk,
    )




# --- home: caseload dashboard --------------------------------------------------------------
@baca_replika
def beranda(request):
    """Home page: the caseload dashboard; the area card for users without data."""
    from .. import ekstensi

    dasbor = selectors.angka_dasbor_tersimpan(user=request.user)
    konteks = {"dasbor": dasbor, "detik_dasbor": settings.SIDAMPING_DASBOR_CACHE_DETIK, "panel_dasbor": [
        (p, p.konteks(request.user, dasbor.hari_ini)) for p in ekstensi.panel_dasbor()
    ]}
    if dasbor.ada_data:
        from tksk.scoping import wilayah_tugas

        konteks["wilayah_tugas"] = wilayah_tugas(request.user)
    else:
        konteks.update(ringkasan_beranda(user=request.user))
    return render(request, "pmks/pendampingan/beranda.html", konteks)


def hari_ini(request):
    """The TKSK's worklist for the day (pmks.pendampingan.hari_ini): one card per thing to do, one tap
    to act. Other roles (no field work) are sent to the dashboard."""
    if not boleh(request.user, Aksi.PENDAMPINGAN):
        return redirect("home")
    from tksk.scoping import wilayah_tugas

    from .hari_ini import daftar_hari_ini

    return render(request, "pmks/pendampingan/hari_ini.html", {
        "daftar": daftar_hari_ini(user=request.user), "wilayah_tugas": wilayah_tugas(request.user),
    })


class Masuk(LoginView):
    """Login; a TKSK lands on "Hari ini" (the day's work), everyone else on the dashboard."""

    def get_default_redirect_url(self):
        user = self.request.user
        if getattr(user, "peran", None) == Peran.TKSK and boleh(user, Aksi.PENDAMPINGAN):
            return reverse("pmks:hari_ini")
        return super().get_default_redirect_url()


# --- kunjungan -----------------------------------------------------------------------------
def kunjungan_list(request):
    jenis = request.GET.get("jenis", "")
    if jenis not in pc.JenisKunjungan.values:
        jenis = ""
    halaman = Paginator(selectors.daftar_kunjungan(user=request.user, jenis=jenis), PER_HALAMAN).get_page(
        request.GET.get("halaman")
    )
    return render(request, "pmks/pendampingan/kunjungan_list.html", {
        "halaman": halaman, "jenis": jenis, "jenis_choices": pc.JenisKunjungan.choices,
    })


def kunjungan_tambah(request, keluarga_pk: int):
    keluarga = _keluarga(request, keluarga_pk, write=True)
    if request.method == "POST":
        form = KunjunganForm(request.POST, request.FILES, keluarga=keluarga, user=request.user, permintaan=request)
        if form.is_valid():
            d = form.cleaned_data
            try:
                with form.sekali() as hasil:
                    kunjungan = services.kunjungan_catat(
                        oleh=request.user,
                        keluarga=[keluarga, *d.get("keluarga_lain", [])],
                        tanggal=d["tanggal"], jenis=d["jenis"], peran=d["peran"], catatan=d["catatan"],
                        hasil=d["hasil"], tanggal_tindak_lanjut=d["tanggal_tindak_lanjut"],
                        rencana_tindak_lanjut=d["rencana_tindak_lanjut"], foto=d["foto"],
                    )
                    hasil.url = reverse("pmks:kunjungan_detail", args=[kunjungan.pk])
            except SudahTersimpan as exc:
                return exc.tanggapi(request)
            except ValidationError as exc:
                pasang_galat(form, exc)
            else:
                messages.success(request, "Kunjungan tersimpan.")
                return redirect("pmks:kunjungan_detail", kunjungan.pk)
        tandai_berkas_dipilih_ulang(request, form)
    else:
        form = KunjunganForm(keluarga=keluarga, user=request.user, permintaan=request)
    return render(request, "pmks/pendampingan/kunjungan_form.html", {
        "form": form, "keluarga": keluarga,
    })


def kunjungan_detail(request, pk: int):
    kunjungan = _kunjungan(request, pk)
    keluarga = list(
        Keluarga.objects.for_user(request.user).filter(kunjungan=kunjungan)
        .select_related("kelurahan").prefetch_related(selectors._prefetch_kepala())
    )
    hari_ini = selectors.hari_ini_jakarta()
    tindak_lanjut = list(kunjungan.tindak_lanjut.select_related("keluarga").order_by("batas_waktu", "id"))
    for item in tindak_lanjut:
        item.terlambat = item.terlambat_pada(hari_ini)
    return render(request, "pmks/pendampingan/kunjungan_detail.html", {
        "kunjungan": kunjungan,
        "keluarga_list": keluarga,
        "foto_list": list(kunjungan.foto.all()),
        "tindak_lanjut_list": tindak_lanjut,
    })


def kunjungan_ubah(request, pk: int):
    kunjungan = _kunjungan(request, pk, write=True)
    if request.method == "POST":
        form = KunjunganForm(request.POST, request.FILES, ubah=True, versi_dari=kunjungan)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.kunjungan_ubah(
                    kunjungan=kunjungan, oleh=request.user, versi=form.versi_dikirim, tanggal=d["tanggal"],
                    jenis=d["jenis"],
                    peran=d["peran"], catatan=d["catatan"], hasil=d["hasil"],
                    tanggal_tindak_lanjut=d["tanggal_tindak_lanjut"], foto=d["foto"],
                )
            except ValidationError as exc:
                pasang_galat(form, exc)
            else:
                messages.success(request, "Perubahan kunjungan tersimpan.")
                return redirect("pmks:kunjungan_detail", kunjungan.pk)
        tandai_berkas_dipilih_ulang(request, form)
    else:
        form = KunjunganForm(ubah=True, versi_dari=kunjungan, initial={
            "tanggal": kunjungan.tanggal, "jenis": kunjungan.jenis, "peran": kunjungan.peran,
            "catatan": kunjungan.catatan, "hasil": kunjungan.hasil,
            "tanggal_tindak_lanjut": kunjungan.tanggal_tindak_lanjut,
        })
    return render(request, "pmks/pendampingan/kunjungan_form.html", {"form": form, "kunjungan": kunjungan})


def foto_kunjungan(request, pk: int):
    """Serve a visit photo only to users who may read the visit (never a public media URL)."""
    foto = get_for_user(FotoKunjungan.objects.all(), request.user, "kunjungan__kelurahan", pk=pk)
    return respons_berkas(foto.berkas, nama=f"foto-kunjungan-{foto.pk}")


# --- rencana tindak lanjut -------------------------------------------------------------------
def tindak_lanjut_list(request):
    filter_ = request.GET.get("filter", "")
    hari_ini = selectors.hari_ini_jakarta()
    rentang = {
        "terlambat": {"sampai": hari_ini - timedelta(days=1)},
        "minggu_ini": {"dari": hari_ini, "sampai": selectors.akhir_minggu(hari_ini)},
    }.get(filter_, {})
    halaman = PaginatorKunciDulu(
        selectors.tindak_lanjut_area(user=request.user, **rentang), PER_HALAMAN,
        muat=lambda awal, akhir: selectors.muat_tindak_lanjut(
            selectors.kunci_tindak_lanjut(user=request.user, awal=awal, akhir=akhir, **rentang)),
    ).get_page(request.GET.get("halaman"))
    for item in halaman:
        item.terlambat = item.terlambat_pada(hari_ini)
    return render(request, "pmks/pendampingan/tindak_lanjut_list.html", {
        "halaman": halaman, "filter": filter_, "hari_ini": hari_ini,
    })


def tindak_lanjut_tambah(request, keluarga_pk: int):
    keluarga = _keluarga(request, keluarga_pk, write=True)
    form = TindakLanjutForm(request.POST or None, permintaan=request)
    if request.method == "POST" and form.is_valid():
        try:
            with form.sekali() as hasil:
                services.tindak_lanjut_tambah(keluarga=keluarga, oleh=request.user, **form.cleaned_data)
                hasil.url = keluarga.get_absolute_url()
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except ValidationError as exc:
            pasang_galat(form, exc)
        else:
            messages.success(request, "Rencana tindak lanjut tersimpan.")
            return redirect(keluarga)
    return render(request, "pmks/pendampingan/tindak_lanjut_form.html", {
        "form": form, "keluarga": keluarga,
    })


@require_POST
def tindak_lanjut_selesai(request, pk: int):
    item = _tindak_lanjut(request, pk, write=True)
    form = SelesaiTindakLanjutForm(request.POST)
    batal = request.POST.get("aksi") == "batal"
    try:
        if not form.is_valid():  # a bad note (too long, null byte) is refused, never dropped silently
            raise ValidationError([f"Catatan: {e}" for e in form.errors.get("catatan", ["tidak sah."])])
        if batal:
            services.tindak_lanjut_batalkan(item=item, oleh=request.user, catatan=form.cleaned_data["catatan"])
        else:
            services.tindak_lanjut_selesaikan(item=item, oleh=request.user, catatan=form.cleaned_data["catatan"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Rencana tindak lanjut dibatalkan." if batal else "Tindak lanjut ditandai selesai.")
    return alihkan_aman(request, request.POST.get("kembali"), "pmks:tindak_lanjut_list")


# --- PSKS ------------------------------------------------------------------------------------
def psks_list(request):
    jenis = request.GET.get("jenis", "")
    if jenis not in pc.JenisPSKS.values:
        jenis = ""
    halaman = Paginator(selectors.daftar_psks(user=request.user, jenis=jenis), PER_HALAMAN).get_page(
        request.GET.get("halaman")
    )
    return render(request, "pmks/pendampingan/psks_list.html", {
        "halaman": halaman, "jenis": jenis, "jenis_choices": pc.JenisPSKS.choices,
    })


def psks_tambah(request):
    wajib(request.user, Aksi.PENDAMPINGAN, pesan=services.PESAN_PERAN)
    return _psks_form(request, None)


def psks_ubah(request, pk: int):
    return _psks_form(request, _psks(request, pk, write=True))


def _psks_form(request, psks: PSKS | None):
    aman = {"permintaan": request} if psks is None else {"versi_dari": psks}
    form = PSKSForm(request.POST or None, instance=psks, user=request.user, **aman)
    if request.method == "POST" and form.is_valid():
        def data():
            return {f: form.cleaned_data[f] for f in PSKSForm.Meta.fields}

        try:
            if psks is None:
                with form.sekali() as hasil:
                    services.psks_simpan(oleh=request.user, **data())
                    hasil.url = reverse("pmks:psks_list")
            else:
                services.psks_simpan(oleh=request.user, psks=psks, versi=form.versi_dikirim, **data())
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except ValidationError as exc:
            pasang_galat(form, exc)
        else:
            messages.success(request, "Data PSKS tersimpan.")
            return redirect("pmks:psks_list")
    return render(request, "pmks/pendampingan/psks_form.html", {"form": form, "psks": psks})


# --- Rujukan ---------------------------------------------------------------------------------
def rujukan_list(request):
    status = request.GET.get("status", "")
    if status not in pc.StatusRujukan.values:
        status = ""
    halaman = Paginator(selectors.daftar_rujukan(user=request.user, status=status), PER_HALAMAN).get_page(
        request.GET.get("halaman")
    )
    return render(request, "pmks/pendampingan/rujukan_list.html", {
        "halaman": halaman, "status": status, "status_choices": pc.StatusRujukan.choices,
    })


def rujukan_tambah(request, keluarga_pk: int):
    keluarga = _keluarga(request, keluarga_pk, write=True)
    form = RujukanForm(request.POST or None, keluarga=keluarga, user=request.user, permintaan=request)
    if request.method == "POST" and form.is_valid():
        try:
            with form.sekali() as hasil:
                rujukan = services.rujukan_buat(oleh=request.user, keluarga=keluarga, **form.cleaned_data)
                hasil.url = reverse("pmks:rujukan_detail", args=[rujukan.pk])
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except ValidationError as exc:
            pasang_galat(form, exc)
        else:
            messages.success(request, "Rujukan tercatat.")
            return redirect("pmks:rujukan_detail", rujukan.pk)
    return render(request, "pmks/pendampingan/rujukan_form.html", {
        "form": form, "keluarga": keluarga,
    })


def rujukan_detail(request, pk: int):
    rujukan = _rujukan(request, pk)
    form = None
    tindakan = services.tindakan_tersedia(request.user, rujukan)
    if tindakan:
        form = StatusRujukanForm(status_sekarang=rujukan.status, versi_dari=rujukan, tindakan=tindakan)
    return render(request, "pmks/pendampingan/rujukan_detail.html", {
        "rujukan": rujukan,
        "riwayat": list(rujukan.riwayat.select_related("oleh")),
        "form": form,
    })


@require_POST
def rujukan_status(request, pk: int):
    rujukan = _rujukan(request, pk, write=True)
    form = StatusRujukanForm(request.POST, status_sekarang=rujukan.status, versi_dari=rujukan)
    if form.is_valid():
        try:
            services.rujukan_ubah_status(
                rujukan=rujukan, oleh=request.user, versi=form.versi_dikirim, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Status rujukan diperbarui.")
    elif form.has_error(NON_FIELD_ERRORS, KODE_KONFLIK):
        messages.error(request, PESAN_KONFLIK)
    else:
        messages.error(request, "Status tidak dapat diubah: status sudah berubah atau pilihan tidak sah.")
    return redirect("pmks:rujukan_detail", rujukan.pk)
