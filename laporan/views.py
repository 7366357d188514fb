"""Report screens: list + month picker, report preview/detail with actions, downloads,
city recap and the verification page. Thin: scope → form → service → message → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from tksk.basisdata import baca_replika
from tksk.berkas import respons_unduhan
from tksk.konkurensi import KODE_KONFLIK
from tksk.permissions import Aksi, wajib

from . import selectors, services
from .cetak import render_pdf_laporan, render_pdf_rekap
from .forms import KembalikanForm, NarasiForm, PilihLaporanForm
from .models import FormatUnduhan, JenisUnduhan, LaporanBulanan, StatusLaporan
from .periode import Periode
from .xlsx import buat_xlsx

JUMLAH_BULAN_DAFTAR = 6
MIME = {
    FormatUnduhan.PDF: "application/pdf",
    FormatUnduhan.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _periode_url(teks: str) -> Periode:
    periode = Periode.dari_url(teks)
    if not periode.sudah_berjalan():
        raise Http404("Bulan tersebut belum berjalan.")
    return periode


def _detail_url(kecamatan, periode: Periode) -> str:
    return reverse("laporan:detail", kwargs={"kode": kecamatan.kode, "periode": periode.teks})


def _pesan_error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@require_GET
def laporan_list(request):
    """Reports in the user's area for the last months, and a month picker."""
    kecamatan_list = list(selectors.kecamatan_laporan(user=request.user))
    form = PilihLaporanForm(request.GET or None, kecamatan_list=kecamatan_list)
    if request.GET and form.is_valid():
        kode = form.cleaned_data["kecamatan"]
        return redirect("laporan:detail", kode=kode, periode=form.cleaned_data["bulan"].teks)
    bulan = [Periode.bulan_ini()]
    for _ in range(JUMLAH_BULAN_DAFTAR - 1):
        bulan.append(bulan[-1].sebelumnya)
    ada = selectors.status_per_kecamatan(user=request.user, periode_list=bulan)
    baris = [
        {"kecamatan": kec, "sel": [(p, ada.get((kec.kode, p.awal))) for p in bulan]}
        for kec in kecamatan_list
    ]
    if not form.is_bound:
        form.initial = {"bulan": Periode.bulan_ini().sebelumnya.teks}
    return render(
        request,
        "laporan/laporan_list.html",
        {
            "form": form,
            "bulan": bulan,
            "baris": baris,
            "kota_rekap": selectors.kota_untuk_rekap(user=request.user),
            "periode_rekap": Periode.bulan_ini().sebelumnya,
        },
    )


def _narasi_form(data=None, *, laporan: LaporanBulanan | None, **kwargs) -> NarasiForm:
    # Before the draft row exists the form carries version 0 (what the first save creates).
    return NarasiForm(data, versi_dari=laporan or LaporanBulanan(), **kwargs)


@baca_replika
@require_GET
def laporan_detail(request, kode: str, periode: str):
    """Preview (live figures) of a draft, or the frozen document of a submitted report."""
    kecamatan = selectors.get_kecamatan_for_user(user=request.user, kode=kode)
    return _tampil_detail(request, kecamatan, _periode_url(periode))


def _tampil_detail(request, kecamatan, p: Periode, narasi_form: NarasiForm | None = None):
    """The report page; ``narasi_form``: a bound narrative form to show again (refused save)."""
    laporan = selectors.laporan_atau_none(kecamatan=kecamatan, periode=p)
    dokumen = selectors.dokumen_laporan(kecamatan=kecamatan, periode=p, laporan=laporan)
    status = laporan.status if laporan else StatusLaporan.DRAF
    tindakan = services.tindakan_tersedia(request.user, kecamatan=kecamatan, periode=p, laporan=laporan)
    konteks = {
        "kecamatan": kecamatan,
        "periode": p,
        "laporan": laporan,
        "status": status,
        "dok": dokumen,
        "tindakan": tindakan,
        "narasi_form": (narasi_form or _narasi_form(initial=dokumen["narasi"], laporan=laporan))
        if "narasi" in tindakan else None,
        "kembalikan_form": KembalikanForm(),
        "riwayat": list(laporan.riwayat.select_related("oleh")) if laporan else [],
        "unduhan": list(laporan.unduhan.select_related("oleh")[:10]) if laporan else [],
        "catatan_pengembalian": (
            laporan.riwayat.filter(ke_status=StatusLaporan.DIKEMBALIKAN).order_by("-pada").first()
            if laporan and status == StatusLaporan.DIKEMBALIKAN
            else None
        ),
    }
    return render(request, "laporan/laporan_detail.html", konteks)


@require_POST
def laporan_narasi(request, kode: str, periode: str):
    kecamatan = selectors.get_kecamatan_for_user(user=request.user, kode=kode, write=True)
    p = _periode_url(periode)
    form = _narasi_form(request.POST, laporan=selectors.laporan_atau_none(kecamatan=kecamatan, periode=p))
    if not form.is_valid():
        messages.error(request, "Narasi tidak tersimpan: " + " ".join(e for es in form.errors.values() for e in es))
        if form.has_error(NON_FIELD_ERRORS, KODE_KONFLIK):
            return _tampil_detail(request, kecamatan, p, narasi_form=form)
        return redirect(_detail_url(kecamatan, p))
    try:
        services.laporan_simpan_narasi(
            kecamatan=kecamatan, periode=p, oleh=request.user, versi=form.versi_dikirim, **form.cleaned_data
        )
    except ValidationError as exc:
        _pesan_error(request, exc)
        if getattr(exc, "code", None) == KODE_KONFLIK:  # someone saved first: show the typed text again, not lose it
            return _tampil_detail(request, kecamatan, p, narasi_form=form)
    else:
        messages.success(request, "Narasi laporan tersimpan.")
    return redirect(_detail_url(kecamatan, p))


@require_POST
def laporan_ajukan(request, kode: str, periode: str):
    kecamatan = selectors.get_kecamatan_for_user(user=request.user, kode=kode, write=True)
    p = _periode_url(periode)
    try:
        services.laporan_ajukan(
            kecamatan=kecamatan, periode=p, oleh=request.user, url_dasar=request.build_absolute_uri("/")
        )
    except ValidationError as exc:
        _pesan_error(request, exc)
    else:
        messages.success(request, "Laporan diajukan. Angka dan narasi kini dibekukan; PDF resmi sudah dibuat.")
    return redirect(_detail_url(kecamatan, p))


def _keputusan(request, kode: str, periode: str, *, terima: bool):
    kecamatan = selectors.get_kecamatan_for_user(user=request.user, kode=kode)
    wajib(request.user, Aksi.TERIMA_LAPORAN, pesan=services.PESAN_PEMERIKSA)
    p = _periode_url(periode)
    try:
        if terima:
            services.laporan_terima(kecamatan=kecamatan, periode=p, oleh=request.user)
            messages.success(request, "Laporan diterima.")
        else:
            form = KembalikanForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Catatan pengembalian wajib diisi agar TKSK tahu apa yang perlu diperbaiki.")
            services.laporan_kembalikan(
                kecamatan=kecamatan, periode=p, oleh=request.user, catatan=form.cleaned_data["catatan"]
            )
            messages.success(request, "Laporan dikembalikan kepada TKSK dengan catatan.")
    except ValidationError as exc:
        _pesan_error(request, exc)
    return redirect(_detail_url(kecamatan, p))


@require_POST
def laporan_terima(request, kode: str, periode: str):
    return _keputusan(request, kode, periode, terima=True)


@require_POST
def laporan_kembalikan(request, kode: str, periode: str):
    return _keputusan(request, kode, periode, terima=False)


def _berkas(isi: bytes, *, format: str, nama: str) -> HttpResponse:
    return respons_unduhan(isi, nama=f"{nama}.{format}", tipe_konten=MIME[format])


@baca_replika
@require_GET
def laporan_unduh(request, kode: str, periode: str, format: str):
    """PDF/XLSX of the report: the stored PDF once submitted, a marked draft otherwise."""
    kecamatan = selectors.get_kecamatan_for_user(user=request.user, kode=kode)
    p = _periode_url(periode)
    if format not in FormatUnduhan.values:
        raise Http404("Format tidak dikenal.")
    laporan = selectors.laporan_atau_none(kecamatan=kecamatan, periode=p)
    beku = laporan is not None and laporan.beku and laporan.snapshot
    nama = f"laporan-tksk-{kecamatan.nama.lower().replace(' ', '-')}-{p.teks}" + ("" if beku else "-draf")
    isi = None
    if format == FormatUnduhan.PDF and beku:
        isi = services.pdf_tersimpan(laporan.berkas_pdf, laporan.sha256_pdf)
    if isi is None:  # a draft, an XLSX, or a stored PDF gone missing: rendered from the same figures
        dokumen = (
            laporan.snapshot if beku else selectors.dokumen_laporan(kecamatan=kecamatan, periode=p, laporan=laporan)
        )
        isi = render_pdf_laporan(dokumen) if format == FormatUnduhan.PDF else buat_xlsx(dokumen)
    services.unduhan_catat(
        oleh=request.user, jenis=JenisUnduhan.BULANAN, wilayah=kecamatan, periode=p, format=format, laporan=laporan
    )
    return _berkas(isi, format=format, nama=nama)


@baca_replika
@require_GET
def rekap_kota(request, kode: str, periode: str):
    kota = selectors.get_kota_for_user(user=request.user, kode=kode)
    p = _periode_url(periode)
    if selectors.rekap_di_latar(kota):
        return _rekap_latar(request, kota, p)
    dokumen = selectors.siapkan_tampilan(selectors.angka_rekap(kota=kota, periode=p))
    status = selectors.status_per_kecamatan(user=request.user, periode_list=[p])
    kecamatan = [
        {"kecamatan": k, "laporan": status.get((k.kode, p.awal))}
        for k in selectors.kecamatan_laporan(user=request.user).filter(induk=kota)
    ]
    return render(
        request,
        "laporan/rekap_kota.html",
        {"kota": kota, "periode": p, "dok": dokumen, "kecamatan_status": kecamatan},
    )


def _rekap_latar(request, kota, p: Periode):
    """A recap composed by the worker: its last result (snapshot), its progress, the button to ask for it."""
    rekap = selectors.dokumen_rekap_atau_none(wilayah=kota, periode=p)
    return render(request, "laporan/rekap_latar.html", {
        "kota": kota, "periode": p, "rekap": rekap, "nama_wilayah": selectors.nama_lengkap(kota),
        "dok": selectors.siapkan_tampilan(rekap.snapshot) if rekap and rekap.ada_hasil else None,
        "kabkota": selectors.kabkota_dalam(wilayah=kota),
    })


@require_GET
def rekap_status(request, kode: str, periode: str):
    """The progress block of a recap being composed, polled by htmx; reloads the page when done."""
    kota = selectors.get_kota_for_user(user=request.user, kode=kode)
    p = _periode_url(periode)
    rekap = selectors.dokumen_rekap_atau_none(wilayah=kota, periode=p)
    resp = render(request, "laporan/includes/_rekap_progres.html", {"kota": kota, "periode": p, "rekap": rekap})
    if request.htmx and (rekap is None or not rekap.sedang_berjalan or rekap.macet):
        resp["HX-Refresh"] = "true"
    return resp


@require_POST
def rekap_susun(request, kode: str, periode: str):
    kota = selectors.get_kota_for_user(user=request.user, kode=kode)
    p = _periode_url(periode)
    try:
        services.rekap_minta(wilayah=kota, periode=p, oleh=request.user)
    except ValidationError as exc:
        _pesan_error(request, exc)
    else:
        messages.success(request, "Rekap sedang disusun di latar belakang. Anda mendapat notifikasi begitu selesai.")
    return redirect("laporan:rekap", kode=kota.kode, periode=p.teks)


def _unduh_rekap_latar(request, kota, p: Periode, format: str) -> bytes | None:
    """The stored result of a recap composed by the worker (``None``: nothing to send yet)."""
    rekap = selectors.dokumen_rekap_atau_none(wilayah=kota, periode=p)
    if rekap is None or not rekap.ada_hasil:
        messages.info(request, "Rekap bulan ini belum disusun. Susun rekap terlebih dahulu.")
        return None
    if format == FormatUnduhan.XLSX:
        return buat_xlsx(rekap.snapshot)
    isi = services.pdf_tersimpan(rekap.berkas_pdf, rekap.sha256_pdf)
    if isi is None:
        messages.error(request, "Berkas PDF rekap tidak dapat dibaca. Susun ulang rekap.")
    return isi


@baca_replika
@require_GET
def rekap_unduh(request, kode: str, periode: str, format: str):
    kota = selectors.get_kota_for_user(user=request.user, kode=kode)
    p = _periode_url(periode)
    if format not in FormatUnduhan.values:
        raise Http404("Format tidak dikenal.")
    if selectors.rekap_di_latar(kota):
        isi = _unduh_rekap_latar(request, kota, p, format)
        if isi is None:
            return redirect("laporan:rekap", kode=kota.kode, periode=p.teks)
    else:
        dokumen = selectors.angka_rekap(kota=kota, periode=p)
        isi = render_pdf_rekap(dokumen) if format == FormatUnduhan.PDF else buat_xlsx(dokumen)
    services.unduhan_catat(oleh=request.user, jenis=JenisUnduhan.REKAP, wilayah=kota, periode=p, format=format)
    return _berkas(isi, format=format, nama=f"rekap-tksk-{kota.nama.lower().replace(' ', '-')}-{p.teks}")


@require_GET
def verifikasi(request, kode: str):
    """Check a printed report: login required (officials checking copies have accounts),
    and only within the user's area — an unknown code and a code outside the area both 404."""
    laporan = selectors.get_laporan_by_kode(user=request.user, kode_verifikasi=kode)
    pengajuan = list(
        laporan.riwayat.filter(ke_status=StatusLaporan.DIAJUKAN).select_related("oleh").order_by("-pada")
    )
    return render(request, "laporan/verifikasi.html", {"laporan": laporan, "pengajuan": pengajuan})
