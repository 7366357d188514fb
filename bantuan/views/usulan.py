"""Proposal screens: the queue, create / edit, the detail page with its actions, attachments and
letters. Thin views: scoped fetch → form → service → message → redirect; the detail page draws
its buttons from ``services.usulan.tindakan_tersedia``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pmks.models import Keluarga
from pmks.registri.selectors import get_keluarga_for_user, perlu_nomor_lengkap
from tksk.batas import id_dari_teks
from tksk.berkas import PDF, respons_berkas, respons_unduhan, tandai_berkas_dipilih_ulang
from tksk.forms import pasang_galat
from tksk.keamanan import alihkan_aman
from tksk.konkurensi import SudahTersimpan
from tksk.paginasi import PaginatorKunci
from tksk.pdf import render_pdf
from tksk.permissions import Aksi, boleh, wajib
from tksk.transisi import aksi_menuju

from .. import choices as c
from .. import selectors as sel
from ..forms import LABEL_ASESMEN, CatatanForm, FilterUsulanForm, LampiranForm, UsulanForm
from ..models import ProgramBantuan, Usulan
from ..models.usulan import URUTAN_ANTREAN
from ..peringatan import peringatan_untuk, peringatan_usulan_banyak
from ..services import usulan as svc
from .umum import PER_HALAMAN, keluarga_tulis, pesan_galat


# --- Proposal queue ---------------------------------------------------------------------------------
def usulan_list(request):
    form = FilterUsulanForm(request.GET or None, user=request.user)
    f = form.cleaned_data if form.is_valid() else {}
    menunggu = f.get("status") == c.FILTER_MENUNGGU_KEPUTUSAN
    qs = sel.usulan_antrian(
        user=request.user,
        program=f.get("program").pk if f.get("program") else None,
        kecamatan=f.get("kecamatan"),  # the region itself: its code names the index range (no query)
        status=None if menunggu else f.get("status") or None,
        q=f.get("q") or "",
    )
    if menunggu:
        qs = qs.filter(status__in=c.STATUS_MENUNGGU_KEPUTUSAN)
    # by key, no count (tksk.paginasi): a queue page reads its own rows in the queue's order, so a
    # kab/kota's or a province's queue costs a page, not the whole area, at any depth
    halaman = PaginatorKunci(qs, PER_HALAMAN, urutan=URUTAN_ANTREAN).halaman(request.GET)
    baris = halaman.object_list
    peringatan = peringatan_usulan_banyak(baris)
    for u in baris:
        u.peringatan_list = peringatan.get(u.pk, [])
    query = request.GET.copy()
    for p in ("halaman", "setelah", "sebelum"):
        query.pop(p, None)
    return render(request, "bantuan/usulan_list.html", {
        "form": form, "halaman": halaman, "baris": baris, "query": query.urlencode(),
        "boleh_verifikasi": boleh(request.user, Aksi.VERIFIKASI_USULAN),
        "boleh_usul": boleh(request.user, Aksi.AJUKAN_USULAN),
        "hasil_massal": request.session.pop("bantuan_hasil_massal", None),
    })


@require_POST
def usulan_massal(request):
    wajib(request.user, Aksi.VERIFIKASI_USULAN)
    ids = [i for i in map(id_dari_teks, request.POST.getlist("usulan")) if i is not None]
    aksi = request.POST.get("aksi", "")
    form_catatan = CatatanForm(request.POST)
    if not form_catatan.is_valid():  # a null byte or a page of text: refused, never stored
        for e in form_catatan.errors.get("catatan", []):
            messages.error(request, f"Catatan: {e}")
        return redirect("bantuan:usulan_list")
    catatan = form_catatan.cleaned_data["catatan"]
    if not ids:
        messages.error(request, "Pilih minimal satu usulan.")
        return alihkan_aman(request, request.POST.get("kembali"), "bantuan:usulan_list")
    usulan_list = list(Usulan.objects.for_user(request.user, write=True).filter(pk__in=ids).order_by("pk"))
    if len(usulan_list) != len(set(ids)):
        raise Http404("Sebagian usulan tidak ditemukan.")
    try:
        hasil = svc.usulan_proses_massal(usulan_list=usulan_list, oleh=request.user, aksi=aksi, catatan=catatan)
    except ValidationError as exc:
        pesan_galat(request, exc)
        return redirect("bantuan:usulan_list")
    berhasil = sum(ok for _, ok, _ in hasil)
    request.session["bantuan_hasil_massal"] = [
        {"id": u.pk, "ok": ok, "pesan": pesan} for u, ok, pesan in hasil
    ]
    (messages.success if berhasil == len(hasil) else messages.warning)(
        request, f"{berhasil} dari {len(hasil)} usulan berhasil diproses."
    )
    return alihkan_aman(request, request.POST.get("kembali"), "bantuan:usulan_list")


# --- Proposal create / edit ---------------------------------------------------------------------------
def usulan_buat(request):
    wajib(request.user, Aksi.AJUKAN_USULAN)
    initial = {}
    keluarga = None
    kel_id = id_dari_teks(request.GET.get("keluarga"))
    if kel_id is not None:
        keluarga = get_keluarga_for_user(request.user, kel_id, write=True)
        initial["keluarga"] = keluarga
    prog_id = id_dari_teks(request.GET.get("program"))
    if prog_id is not None:
        initial["program"] = ProgramBantuan.objects.filter(pk=prog_id).first()
    form = UsulanForm(request.POST or None, request.FILES or None, keluarga_qs=keluarga_tulis(request.user),
                      initial=initial, permintaan=request)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            # One transaction (with the form token): a refused attachment leaves no draft behind.
            with form.sekali() as hasil:
                usulan = svc.usulan_buat(
                    oleh=request.user, keluarga=d["keluarga"], program=d["program"], anggota=d.get("anggota"),
                    justifikasi=d["justifikasi"], asesmen=form.asesmen(), ajukan="ajukan" in request.POST,
                )
                if d.get("lampiran"):
                    svc.lampiran_tambah(
                        usulan=usulan, oleh=request.user, berkas=d["lampiran"], jenis=d["jenis_lampiran"]
                    )
                hasil.url = reverse("bantuan:usulan_detail", kwargs={"pk": usulan.pk})
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except ValidationError as exc:
            pasang_galat(form, exc)
        else:
            messages.success(
                request, "Usulan diajukan ke Dinas Sosial." if "ajukan" in request.POST else "Draf usulan tersimpan."
            )
            return redirect("bantuan:usulan_detail", pk=usulan.pk)
    tandai_berkas_dipilih_ulang(request, form)
    return render(request, "bantuan/usulan_form.html", {
        "form": form, "keluarga": keluarga, "peringatan_list": _peringatan_form(form, request),
    })


def _peringatan_form(form, request):
    data = form.data if form.is_bound else {}
    kel = data.get("keluarga") or getattr(form.initial.get("keluarga"), "pk", None)
    prog = data.get("program") or getattr(form.initial.get("program"), "pk", None)
    return _hitung_peringatan_form(request.user, kel, prog)


def _hitung_peringatan_form(user, kel, prog):
    kel, prog = id_dari_teks(kel), id_dari_teks(prog)
    if kel is None or prog is None:
        return None
    keluarga = Keluarga.objects.for_user(user).filter(pk=kel).first()
    program = ProgramBantuan.objects.filter(pk=prog).first()
    if keluarga is None or program is None:
        return None
    return peringatan_untuk(keluarga=keluarga, program=program)


def usulan_peringatan(request):
    """htmx partial: warnings for the household × program chosen in the proposal form."""
    peringatan = _hitung_peringatan_form(request.user, request.GET.get("keluarga"), request.GET.get("program"))
    return render(request, "bantuan/includes/_peringatan.html", {"peringatan_list": peringatan})


def usulan_ubah(request, pk: int):
    usulan = sel.get_usulan_for_user(request.user, pk, write=True, aksi=Aksi.AJUKAN_USULAN)
    if not usulan.bisa_diedit:
        messages.error(request, "Usulan ini tidak dapat diubah pada status sekarang.")
        return redirect("bantuan:usulan_detail", pk=pk)
    initial = {"keluarga": usulan.keluarga, "program": usulan.program, "anggota": usulan.anggota,
               "justifikasi": usulan.justifikasi, **usulan.asesmen}
    form = UsulanForm(request.POST or None, keluarga_qs=keluarga_tulis(request.user), initial=initial,
                      usulan=usulan, versi_dari=usulan)
    if request.method == "POST" and form.is_valid():
        try:
            svc.usulan_ubah(usulan=usulan, oleh=request.user, versi=form.versi_dikirim,
                            justifikasi=form.cleaned_data["justifikasi"], asesmen=form.asesmen(),
                            anggota=form.cleaned_data.get("anggota"))
            if "ajukan" in request.POST:
                svc.usulan_ajukan(usulan=usulan, oleh=request.user)
        except ValidationError as exc:
            pasang_galat(form, exc)
        else:
            messages.success(request, "Usulan diajukan kembali." if "ajukan" in request.POST else "Usulan tersimpan.")
            return redirect("bantuan:usulan_detail", pk=pk)
    return render(request, "bantuan/usulan_form.html", {
        "form": form, "usulan": usulan, "keluarga": usulan.keluarga,
        "peringatan_list": peringatan_untuk(keluarga=usulan.keluarga, program=usulan.program,
                                            kecuali_usulan_id=usulan.pk),
    })


# --- Proposal detail and actions ------------------------------------------------------------------------
TOMBOL = [
    # (url verb, label, css, needs note, note label); shown when the verb is in ``tindakan_tersedia``
    ("ajukan", "Ajukan", "primary", False, "Catatan"),
    ("verifikasi", "Verifikasi", "primary", False, "Catatan verifikasi"),
    ("setujui", "Setujui", "success", False, "Catatan persetujuan"),
    ("kembalikan", "Kembalikan untuk perbaikan", "warning", True, "Catatan perbaikan (wajib)"),
    ("tolak", "Tolak", "danger", True, "Alasan penolakan (wajib)"),
    ("batalkan", "Batalkan", "outline-danger", True, "Alasan pembatalan (wajib)"),
]


def usulan_detail(request, pk: int):
    usulan = sel.get_usulan_for_user(request.user, pk)
    tindakan = svc.tindakan_tersedia(request.user, usulan)
    konteks = sel.usulan_detail(usulan=usulan)
    bantuan = sel.bantuan_keluarga(keluarga=usulan.keluarga)
    konteks.update({
        "usulan": usulan,
        "keluarga": usulan.keluarga,
        "anggota_list": list(usulan.keluarga.anggota.filter(status="aktif").order_by("tanggal_lahir")),
        "klasifikasi_list": list(usulan.keluarga.klasifikasi.filter(aktif=True).select_related("jenis", "anggota")),
        "bantuan_lain": [u for u in bantuan["usulan_list"] if u.pk != usulan.pk],
        "eksternal_list": bantuan["eksternal_list"],
        "peringatan_list": peringatan_untuk(keluarga=usulan.keluarga, program=usulan.program,
                                            kecuali_usulan_id=usulan.pk),
        "asesmen_list": [(LABEL_ASESMEN.get(k, k), v) for k, v in usulan.asesmen.items()],
        "tindakan": tindakan,
        "tombol_list": [
            {"verba": verba, "label": label, "css": css, "wajib": wajib_catatan, "label_catatan": lc}
            for verba, label, css, wajib_catatan, lc in TOMBOL if verba in tindakan
        ],
        "kuota_list": sel.pemakaian_kuota(program=usulan.program),
    })
    if "lampiran" in tindakan:
        konteks["lampiran_form"] = LampiranForm(
            permintaan=request, tujuan=reverse("bantuan:lampiran_tambah", kwargs={"pk": usulan.pk})
        )
    return render(request, "bantuan/usulan_detail.html", konteks)


AKSI_VIEW = {
    "ajukan": lambda u, user, cat: svc.usulan_ajukan(usulan=u, oleh=user, catatan=cat),
    "verifikasi": lambda u, user, cat: svc.usulan_verifikasi(usulan=u, oleh=user, catatan=cat),
    "setujui": lambda u, user, cat: svc.usulan_setujui(usulan=u, oleh=user, catatan=cat),
    "tolak": lambda u, user, cat: svc.usulan_tolak(usulan=u, oleh=user, alasan=cat),
    "kembalikan": lambda u, user, cat: svc.usulan_kembalikan(usulan=u, oleh=user, catatan=cat),
    "batalkan": lambda u, user, cat: svc.usulan_batalkan(usulan=u, oleh=user, alasan=cat),
}
PESAN_SUKSES = {
    "ajukan": "Usulan diajukan.", "verifikasi": "Usulan diverifikasi.", "setujui": "Usulan disetujui.",
    "tolak": "Usulan ditolak.", "kembalikan": "Usulan dikembalikan ke TKSK untuk perbaikan.",
    "batalkan": "Usulan dibatalkan.",
}


@require_POST
def usulan_aksi(request, pk: int, verba: str):
    if verba not in AKSI_VIEW:
        raise Http404
    usulan = sel.get_usulan_for_user(request.user, pk, write=True)
    ke = svc.VERBA_STATUS[verba]
    wajib(request.user, aksi_menuju(c.TRANSISI, ke), pesan=svc.pesan_peran_menuju(ke))  # role (403) before status
    form = CatatanForm(request.POST)
    if not form.is_valid():  # a bad note (too long, null byte) is refused, never dropped silently
        for e in form.errors.get("catatan", []):
            messages.error(request, f"Catatan: {e}")
        return redirect("bantuan:usulan_detail", pk=pk)
    try:
        AKSI_VIEW[verba](usulan, request.user, form.cleaned_data["catatan"])
    except ValidationError as exc:
        pesan_galat(request, exc)
    else:
        messages.success(request, PESAN_SUKSES[verba])
    return redirect("bantuan:usulan_detail", pk=pk)


# --- Attachments (served only through this scoped view) -----------------------------------------------
@require_POST
def lampiran_tambah(request, pk: int):
    usulan = sel.get_usulan_for_user(request.user, pk, write=True)
    form = LampiranForm(request.POST, request.FILES, permintaan=request)
    if form.is_valid():
        try:
            with form.sekali() as hasil:
                svc.lampiran_tambah(usulan=usulan, oleh=request.user, berkas=form.cleaned_data["berkas"],
                                    jenis=form.cleaned_data["jenis"], keterangan=form.cleaned_data["keterangan"])
                hasil.url = reverse("bantuan:usulan_detail", kwargs={"pk": pk})
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except ValidationError as exc:
            pesan_galat(request, exc)
        else:
            messages.success(request, "Lampiran ditambahkan.")
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
    return redirect("bantuan:usulan_detail", pk=pk)


def lampiran_unduh(request, pk: int):
    lampiran = sel.get_lampiran_for_user(request.user, pk)
    return respons_berkas(lampiran.berkas, nama=lampiran.nama_asli)


# --- Letters (PDF) --------------------------------------------------------------------------------------
def _surat(request, usulan_list: list[Usulan]) -> HttpResponse:
    kepala = {
        k: n for k, n in
        Keluarga.objects.filter(pk__in=[u.keluarga_id for u in usulan_list])
        .annotate(n=sel.kepala_subquery()).values_list("pk", "n")
    }
    for u in usulan_list:
        u.nama_kepala = kepala.get(u.keluarga_id) or "-"
        u.asesmen_list = [(LABEL_ASESMEN.get(k, k), v) for k, v in u.asesmen.items()]
    programs = sorted({u.program.nama for u in usulan_list})
    wilayah = request.user.wilayah
    kop = {}
    if wilayah is not None and wilayah.tingkat == "kecamatan":
        kop = {"instansi": f"Tenaga Kesejahteraan Sosial Kecamatan {wilayah.nama}",
               "alamat": "Pengusul bantuan sosial — ditujukan kepada Dinas Sosial"}
    pdf = render_pdf("bantuan/cetak/surat_usulan.html", {
        "usulan_list": usulan_list, "programs": programs, "pengusul": request.user,
        "tanggal": timezone.localdate(), "wilayah": wilayah, "kop": kop,
        "nomor_lengkap": perlu_nomor_lengkap(request.user),  # Pejabat print the No. KK masked
    }, request=request)
    nama = f"surat-usulan-{usulan_list[0].pk}.pdf" if len(usulan_list) == 1 else "surat-usulan-kolektif.pdf"
    # A download, not inline: browsers' PDF viewers may refuse to run under the file responses'
    # ``Content-Security-Policy: sandbox`` (Safari shows a blank page, older Chrome blocks it).
    return respons_unduhan(pdf, nama=nama, tipe_konten=PDF)


def surat_usulan(request, pk: int):
    usulan = sel.get_usulan_for_user(request.user, pk)
    return _surat(request, [usulan])


def surat_usulan_kolektif(request):
    ids = [i for i in map(id_dari_teks, request.GET.getlist("usulan")) if i is not None][:200]
    if not ids:
        messages.error(request, "Pilih minimal satu usulan untuk dicetak.")
        return redirect("bantuan:usulan_list")
    usulan_list = list(
        Usulan.objects.for_user(request.user).filter(pk__in=ids)
        .select_related("program", "keluarga__kelurahan", "anggota").order_by("keluarga__kelurahan__kode", "pk")
    )
    if len(usulan_list) != len(set(ids)):
        raise Http404("Sebagian usulan tidak ditemukan.")
    return _surat(request, usulan_list)


