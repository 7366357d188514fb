"""Complaint screens. Thin views: scoped fetch → form → service → message → redirect.

The public status page (``cek_status``) is the only view without login: ticket code + the last 4
digits of the reporter's phone, rate-limited, one refusal for every mismatch.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from tksk.batas_laju import batasi
from tksk.berkas import PDF, respons_berkas, respons_unduhan, tandai_berkas_dipilih_ulang
from tksk.konkurensi import SudahTersimpan
from tksk.pdf import render_pdf
from tksk.permissions import Aksi, boleh, wajib
from tksk.scoping import filter_wilayah
from tksk.transisi import aksi_menuju

from ..models import LampiranAduan
from . import choices as ac
from . import selectors as sel
from . import services as svc
from .forms import (
    AduanForm,
    AlihkanForm,
    CatatanAduanForm,
    CekStatusForm,
    FilterAduanForm,
    KeputusanForm,
    LampiranAduanForm,
    TindakLanjutAduanForm,
    VerifikasiForm,
)

S = ac.StatusAduan
PER_HALAMAN = 25
PESAN_CEK_GAGAL = "Kode tiket atau 4 digit nomor telepon tidak cocok. Periksa kembali kode pada bukti aduan Anda."


def _pesan_galat(request, exc: ValidationError) -> None:
    for m in exc.messages:
        messages.error(request, m)


def _tempel_galat(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc)


def _galat_form(request, form) -> None:
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errs:
            messages.error(request, f"{label}: {e}" if label else e)


# --- List, intake, detail ---------------------------------------------------------------------------
def aduan_list(request):
    form = FilterAduanForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    qs = sel.aduan_daftar(user=request.user, status=f.get("status", ""), jenis=f.get("jenis", ""),
                          terlambat=bool(f.get("terlambat")), q=f.get("q", ""))
    halaman = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    baris = sel.tandai_tenggat(halaman.object_list)
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(request, "bantuan/aduan/aduan_list.html", {
        "form": form, "halaman": halaman, "baris": baris, "query": query.urlencode(),
        "boleh_terima": boleh(request.user, Aksi.TERIMA_ADUAN),
    })


def aduan_buat(request):
    wajib(request.user, Aksi.TERIMA_ADUAN)
    form = AduanForm(request.POST or None, request.FILES or None, user=request.user, permintaan=request)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        lampiran = [svc.BerkasAduan(d["lampiran"], d.get("jenis_lampiran") or ac.JenisLampiranAduan.LAINNYA)] if (
            d.get("lampiran")) else []
        try:
            with form.sekali() as hasil:
                aduan = svc.aduan_terima(
                    oleh=request.user, jenis=d["jenis"], kategori=d["kategori"], saluran=d["saluran"],
                    tanggal_terima=d["tanggal_terima"], uraian=d["uraian"], anonim=d["anonim"],
                    pelapor_nama=d["pelapor_nama"], pelapor_telepon=d["pelapor_telepon"],
                    pelapor_hubungan=d["pelapor_hubungan"], keluarga=form.keluarga, anggota=form.anggota,
                    subjek_nama=d["subjek_nama"], subjek_alamat=d["subjek_alamat"], kelurahan=d.get("kelurahan"),
                    program=d.get("program"), lampiran=lampiran,
                )
                hasil.url = reverse("aduan:detail", kwargs={"pk": aduan.pk})
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except ValidationError as exc:
            _tempel_galat(form, exc)
        else:
            messages.success(
                request, f"Aduan dicatat. Berikan kode tiket {aduan.kode_tiket} kepada pelapor untuk mengecek status."
            )
            return redirect("aduan:detail", pk=aduan.pk)
    tandai_berkas_dipilih_ulang(request, form)
    return render(request, "bantuan/aduan/aduan_form.html", {"form": form})


def aduan_detail(request, pk: int):
    aduan = sel.get_aduan_for_user(request.user, pk)
    tindakan = sel.tindakan_tersedia(request.user, aduan)
    sel.tandai_tenggat([aduan])
    konteks = {
        "aduan": aduan,
        "tindakan": tindakan,
        "lihat_pelapor": sel.bisa_lihat_pelapor(request.user, aduan),
        "riwayat": aduan.riwayat.select_related("oleh"),
        "lampiran_list": aduan.lampiran.all(),
        "url_keluarga": reverse("pmks:keluarga_detail", args=[aduan.keluarga_id]) if aduan.keluarga_id else "",
    }
    if tindakan["putuskan"]:
        konteks["keputusan_form"] = KeputusanForm()
    if tindakan["selesai"]:
        konteks["selesai_form"] = CatatanAduanForm()
    if tindakan["alihkan"]:
        konteks["alihkan_form"] = AlihkanForm(aduan=aduan)
    if tindakan["eskalasi"]:
        konteks["eskalasi_form"] = CatatanAduanForm(prefix="eskalasi")
    if tindakan["lampiran"]:
        konteks["lampiran_form"] = LampiranAduanForm(
            permintaan=request, tujuan=reverse("aduan:lampiran_tambah", kwargs={"pk": aduan.pk})
        )
    return render(request, "bantuan/aduan/aduan_detail.html", konteks)


# --- Workflow -------------------------------------------------------------------------------------------
def aduan_verifikasi(request, pk: int):
    aduan = sel.get_aduan_for_user(request.user, pk, write=True)
    wajib(request.user, aksi_menuju(ac.TRANSISI, S.DIVERIFIKASI))
    form = VerifikasiForm(request.POST or None, request.FILES or None, permintaan=request)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with form.sekali() as hasil:
                svc.aduan_verifikasi(aduan=aduan, oleh=request.user, tanggal=d["tanggal"], hasil=d["hasil"],
                                     catatan=d["catatan"], foto=d.get("foto") or None)
                hasil.url = reverse("aduan:detail", kwargs={"pk": pk})
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except ValidationError as exc:
            _tempel_galat(form, exc)
        else:
            messages.success(request, "Kunjungan verifikasi dicatat; aduan menunggu keputusan Dinas Sosial.")
            return redirect("aduan:detail", pk=pk)
    tandai_berkas_dipilih_ulang(request, form)
    return render(request, "bantuan/aduan/verifikasi_form.html", {"form": form, "aduan": aduan})


def _langkah(request, pk: int, form, jalankan, sukses: str):
    """A one-button step of the detail page: an invalid form or a refused step becomes messages, a done
    step a success message; back to the complaint either way."""
    if not form.is_valid():
        _galat_form(request, form)
        return redirect("aduan:detail", pk=pk)
    try:
        jalankan(form.cleaned_data)
    except ValidationError as exc:
        _pesan_galat(request, exc)
    else:
        messages.success(request, sukses)
    return redirect("aduan:detail", pk=pk)


@require_POST
def aduan_putuskan(request, pk: int):
    aduan = sel.get_aduan_for_user(request.user, pk, write=True)
    wajib(request.user, aksi_menuju(ac.TRANSISI, S.DIPUTUSKAN))
    return _langkah(request, pk, KeputusanForm(request.POST),
                    lambda d: svc.aduan_putuskan(aduan=aduan, oleh=request.user, **d),
                    "Keputusan dicatat. Surat jawaban dapat dicetak.")


def aduan_tindak_lanjut(request, pk: int):
    aduan = sel.get_aduan_for_user(request.user, pk, write=True)
    wajib(request.user, aksi_menuju(ac.TRANSISI, S.DITINDAKLANJUTI))
    form = TindakLanjutAduanForm(request.POST or None, aduan=aduan, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            svc.aduan_tindak_lanjuti(
                aduan=aduan, oleh=request.user, jenis=d["jenis"], keterangan=d["keterangan"],
                keluarga_baru=form.keluarga_baru, usulan_baru=d.get("usulan"),
                kolom_diperbaiki=d["kolom_diperbaiki"],
                alasan_nonaktif=d.get("alasan_nonaktif") or "tidak_memenuhi",
            )
        except ValidationError as exc:
            _tempel_galat(form, exc)
        else:
            messages.success(request, "Tindak lanjut dicatat.")
            return redirect("aduan:detail", pk=pk)
    return render(request, "bantuan/aduan/tindak_lanjut_form.html", {"form": form, "aduan": aduan})


@require_POST
def aduan_selesai(request, pk: int):
    aduan = sel.get_aduan_for_user(request.user, pk, write=True)
    wajib(request.user, aksi_menuju(ac.TRANSISI, S.SELESAI))
    return _langkah(request, pk, CatatanAduanForm(request.POST),
                    lambda d: svc.aduan_selesaikan(aduan=aduan, oleh=request.user, catatan=d["catatan"]),
                    "Aduan selesai.")


@require_POST
def aduan_alihkan(request, pk: int):
    aduan = sel.get_aduan_for_user(request.user, pk, write=True, aksi=Aksi.KELOLA_ADUAN)
    return _langkah(request, pk, AlihkanForm(request.POST, aduan=aduan),
                    lambda d: svc.aduan_alihkan(aduan=aduan, oleh=request.user, **d), "Aduan dialihkan.")


@require_POST
def aduan_eskalasi(request, pk: int):
    aduan = sel.get_aduan_for_user(request.user, pk, write=True, aksi=Aksi.KELOLA_ADUAN)
    return _langkah(request, pk, CatatanAduanForm(request.POST, prefix="eskalasi"),
                    lambda d: svc.aduan_eskalasi(aduan=aduan, oleh=request.user, catatan=d["catatan"]),
                    "Aduan dieskalasi.")


# --- Evidence and letter --------------------------------------------------------------------------------
@require_POST
def lampiran_tambah(request, pk: int):
    aduan = sel.get_aduan_for_user(request.user, pk, write=True)
    form = LampiranAduanForm(request.POST, request.FILES, permintaan=request)
    if form.is_valid():
        try:
            with form.sekali() as hasil:
                svc.lampiran_aduan_tambah(aduan=aduan, oleh=request.user, berkas=form.cleaned_data["berkas"],
                                          jenis=form.cleaned_data["jenis"])
                hasil.url = reverse("aduan:detail", kwargs={"pk": pk})
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except ValidationError as exc:
            _pesan_galat(request, exc)
        else:
            messages.success(request, "Bukti ditambahkan.")
    else:
        _galat_form(request, form)
    return redirect("aduan:detail", pk=pk)


def lampiran_unduh(request, pk: int):
    """Evidence may show the reporter (a KTP photo, a signed letter): the same people as the reporter."""
    lampiran = get_object_or_404(
        filter_wilayah(LampiranAduan.objects.select_related("aduan"), request.user, "aduan__kelurahan"), pk=pk
    )
    if not sel.bisa_lihat_pelapor(request.user, lampiran.aduan):  # not a role rule: who the reporter trusted
        raise PermissionDenied("Bukti aduan hanya dapat dibuka Dinas Sosial dan TKSK yang ditugaskan.")
    return respons_berkas(lampiran.berkas, nama=lampiran.nama_asli)


def surat_jawaban(request, pk: int):
    """The reply letter: decision and reason, addressed by ticket code (no names, no NIK)."""
    aduan = sel.get_aduan_for_user(request.user, pk)
    if not aduan.keputusan:
        messages.error(request, "Surat jawaban tersedia setelah aduan diputuskan.")
        return redirect("aduan:detail", pk=pk)
    pdf = render_pdf("bantuan/aduan/cetak/surat_jawaban.html", {
        "aduan": aduan, "tanggal": timezone.localdate(), "penanda_tangan": aduan.diputuskan_oleh,
    }, request=request)
    return respons_unduhan(pdf, nama=f"surat-jawaban-{aduan.kode_tiket}.pdf", tipe_konten=PDF)


# --- Public status page -----------------------------------------------------------------------------------
def _ada_pertanyaan(request) -> bool:
    return "kode" in request.GET or "empat_digit" in request.GET


@login_not_required
@never_cache
@require_GET
@batasi("cek-aduan", method="GET", bila=_ada_pertanyaan)
def status_publik(request):
    """Login-free: kind, status and dates of one complaint, nothing personal. A GET form (a read that
    changes nothing); every question counts against the per-address rate limit."""
    form = CekStatusForm(request.GET if _ada_pertanyaan(request) else None)
    aduan = None
    gagal = False
    if form.is_bound:
        if form.is_valid():
            aduan = sel.tiket_cek(kode=form.cleaned_data["kode"], empat_digit=form.cleaned_data["empat_digit"])
        gagal = aduan is None
        if gagal:  # one refusal for an unknown code, wrong digits or malformed input
            form = CekStatusForm()
    return render(request, "bantuan/aduan/cek_status.html", {
        "form": form, "aduan": aduan, "gagal": gagal, "pesan_gagal": PESAN_CEK_GAGAL,
    })
