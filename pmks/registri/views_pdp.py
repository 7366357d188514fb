"""UU PDP screens: the privacy notice (page + PDF), informing a household, consent withdrawal, and
data subjects' requests (list, record, detail, the access PDF, answer, refuse).

Objects come through scoped getters (404 outside the area, 403 for read-only roles writing);
writes go through ``pmks.registri.pdp`` and ``pmks.registri.permintaan``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from pmks.models import JenisAkses, PemberitahuanPrivasi
from tksk.berkas import PDF, respons_unduhan
from tksk.forms import pasang_galat
from tksk.konkurensi import SudahTersimpan
from tksk.pdf import render_pdf
from tksk.permissions import Aksi, boleh_di

from . import akses, pdp, selectors
from . import permintaan as pm
from .forms import AlasanForm
from .forms_pdp import PermintaanForm, SelesaikanPermintaanForm
from .views import _aksi_form


@require_GET
def privasi(request):
    """The notice in force, printable, with its earlier versions (every role)."""
    return render(request, "pmks/privasi.html", {
        "pemberitahuan": pdp.pemberitahuan_berlaku(),
        "versi_lama": PemberitahuanPrivasi.objects.order_by("-versi")[1:20],
    })


@require_GET
def privasi_pdf(request):
    p = pdp.pemberitahuan_berlaku()
    isi = render_pdf("cetak/pemberitahuan_privasi.html", {"pemberitahuan": p})
    return respons_unduhan(isi, nama=f"pemberitahuan-privasi-v{p.versi}.pdf", tipe_konten=PDF)


@require_POST
def pemberitahuan_catat(request, pk: int):
    """An existing household ("belum diberi tahu") is informed now: who, when, the version in force."""
    keluarga = selectors.get_keluarga_for_user(request.user, pk, write=True)
    try:
        catatan = pdp.pemberitahuan_catat(user=request.user, keluarga=keluarga)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        versi = catatan.pemberitahuan.versi
        messages.success(request, f"Tercatat: keluarga diberi tahu pemberitahuan privasi versi {versi}.")
    return redirect("pmks:keluarga_detail", pk=keluarga.pk)


def persetujuan_tarik(request, pk: int):
    keluarga = selectors.get_keluarga_for_user(request.user, pk, write=True)
    form = AlasanForm(request.POST or None, tombol="Catat penarikan persetujuan")
    return _aksi_form(
        request, form=form, judul="Penarikan persetujuan pemrosesan data", keluarga=keluarga,
        keterangan=(
            "Setelah dicatat, keluarga ini tidak dapat diusulkan untuk bantuan baru dan tidak ikut ekspor data. "
            "Data tetap tersimpan untuk audit dan kewajiban hukum (bantuan yang sudah diterima). "
            "Tidak dapat dibatalkan."
        ),
        jalankan=lambda d: pdp.persetujuan_tarik(user=request.user, keluarga=keluarga, alasan=d["alasan"]),
        pesan_sukses="Penarikan persetujuan dicatat; pemrosesan keluarga ini dibatasi.",
    )


@require_GET
def permintaan_list(request):
    qs = pm.permintaan_daftar(request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    sekarang = timezone.now()
    for p in page.object_list:
        p.terlambat = pm.terlambat(p, sekarang)
    return render(request, "pmks/permintaan_list.html", {"page_obj": page, "querystring": ""})


def permintaan_tambah(request, pk: int):
    keluarga = selectors.get_keluarga_for_user(request.user, pk, write=True)
    form = PermintaanForm(request.POST or None, keluarga=keluarga, permintaan=request)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with form.sekali() as hasil:
                p = pm.permintaan_catat(
                    user=request.user, keluarga=keluarga, jenis=d["jenis"], anggota=d["anggota"],
                    nama_pemohon=d["nama_pemohon"], uraian=d["uraian"],
                )
                hasil.url = p.get_absolute_url()
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except ValidationError as exc:
            pasang_galat(form, exc)
        else:
            messages.success(request, f"Permintaan dicatat; tenggat {timezone.localtime(p.tenggat):%d-%m-%Y %H:%M}.")
            return redirect(p)
    return render(request, "pmks/aksi_form.html", {
        "form": form, "judul": "Catat permintaan subjek data", "keluarga": keluarga,
        "keterangan": "Akses, perbaikan, penghapusan, atau penarikan persetujuan (UU 27/2022). "
                      "Tenggat jawaban dihitung dari saat dicatat.",
        "nomor_lengkap": False,
    })


@require_GET
def permintaan_detail(request, pk: int):
    p = pm.get_permintaan_for_user(request.user, pk)
    boleh_jawab = boleh_di(request.user, Aksi.UBAH_DATA, p.keluarga.kelurahan)
    return render(request, "pmks/permintaan_detail.html", {
        "p": p, "terlambat": pm.terlambat(p), "riwayat": p.riwayat.select_related("oleh"),
        "boleh_jawab": boleh_jawab and p.status == pm.S.DITERIMA, "J": pm.J,
    })


@require_GET
def permintaan_pdf(request, pk: int):
    """The access answer: everything held on the person, as a PDF; one access-log row per download."""
    p = pm.get_permintaan_for_user(request.user, pk, write=True)
    if p.jenis != pm.J.AKSES:
        raise Http404("PDF data pribadi hanya untuk permintaan akses.")
    isi = render_pdf("cetak/data_pribadi.html", pm.data_pribadi(p, user=request.user))
    akses.akses_catat(request=request, jenis=JenisAkses.EKSPOR, keluarga=p.keluarga, keterangan=pm.keterangan_pdf(p))
    return respons_unduhan(isi, nama=f"data-pribadi-permintaan-{p.pk}.pdf", tipe_konten=PDF)


def _form_permintaan(request, p, *, form, judul: str, jalankan, pesan: str, keterangan: str = ""):
    if request.method == "POST" and form.is_valid():
        try:
            jalankan(form.cleaned_data)
        except ValidationError as exc:
            pasang_galat(form, exc)
        else:
            messages.success(request, pesan)
            return redirect(p)
    return render(request, "pmks/aksi_form.html", {
        "form": form, "judul": judul, "keluarga": p.keluarga, "keterangan": keterangan, "nomor_lengkap": False,
    })


KETERANGAN_JAWAB = {
    pm.J.AKSES: "Unduh dulu PDF data pribadi dari halaman permintaan dan serahkan kepada pemohon.",
    pm.J.PERBAIKAN: "Perbaiki dulu data lewat \u201cUbah data\u201d keluarga; perubahan itu ditautkan ke "
                    "permintaan ini.",
    pm.J.PENGHAPUSAN: "Data pribadi akan dianonimkan (NIK, nama, tempat/tanggal lahir; untuk seluruh keluarga juga "
                      "No. KK, alamat, foto kunjungan). Tidak dapat dibatalkan. Angka laporan tetap sama.",
    pm.J.PENARIKAN: "Penarikan persetujuan dicatat: keluarga tidak dapat diusulkan bantuan baru dan tidak ikut ekspor.",
}


def permintaan_selesaikan(request, pk: int):
    p = pm.get_permintaan_for_user(request.user, pk, write=True)
    form = SelesaikanPermintaanForm(request.POST or None, permintaan=p, user=request.user)
    return _form_permintaan(
        request, p, form=form, judul=f"Jawab permintaan: {p.get_jenis_display()}",
        keterangan=KETERANGAN_JAWAB.get(p.jenis, ""), pesan="Permintaan dijawab dan ditutup.",
        jalankan=lambda d: pm.permintaan_selesaikan(
            user=request.user, permintaan=p, jawaban=d["jawaban"], konfirmasi_dinsos=d.get("konfirmasi_dinsos", False)
        ),
    )


def permintaan_tolak(request, pk: int):
    p = pm.get_permintaan_for_user(request.user, pk, write=True)
    form = AlasanForm(request.POST or None, tombol="Tolak permintaan")
    return _form_permintaan(
        request, p, form=form, judul="Tolak permintaan subjek data", pesan="Permintaan ditolak.",
        keterangan="Mis. pemohon bukan subjek data atau walinya (UU 27/2022 Pasal 15 dan 33).",
        jalankan=lambda d: pm.permintaan_tolak(user=request.user, permintaan=p, alasan=d["alasan"]),
    )
