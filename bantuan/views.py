"""Aid screens. Thin views: scoped fetch → form → service → message → redirect."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pmks.models import Keluarga
from pmks.selectors import get_keluarga_for_user, perlu_nomor_lengkap
from tksk.batas import id_dari_teks
from tksk.berkas import PDF, respons_berkas, respons_unduhan, tandai_berkas_dipilih_ulang
from tksk.keamanan import alihkan_aman
from tksk.konkurensi import SudahTersimpan
from tksk.pdf import render_pdf
from tksk.permissions import Aksi, boleh, hanya_baca, wajib
from tksk.transisi import aksi_menuju, bisa_pindah

from . import choices as c
from . import selectors as sel
from . import services as svc
from .forms import (
    LABEL_ASESMEN,
    CatatanForm,
    FilterPeriodeForm,
    FilterUsulanForm,
    FilterWilayahForm,
    LampiranForm,
    MonitoringForm,
    NonaktifForm,
    PenyaluranForm,
    ProgramForm,
    UsulanForm,
)
from .models import ProgramBantuan, Usulan
from .peringatan import peringatan_untuk, peringatan_usulan_banyak

S = c.StatusUsulan
PER_HALAMAN = 25


def _pesan_galat(request, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.error(request, str(exc))


def _tempel_galat(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc)


# --- Programs ---------------------------------------------------------------------------------------
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
            _tempel_galat(form, exc)
        else:
            messages.success(request, f"Program {obj} tersimpan.")
            return redirect("bantuan:program_detail", pk=obj.pk)
    return render(request, "bantuan/program_form.html", {"form": form, "program": program})


def program_buat(request):
    return _program_form(request, None)


def program_ubah(request, pk: int):
    return _program_form(request, get_object_or_404(ProgramBantuan, pk=pk))


# --- Proposal queue ---------------------------------------------------------------------------------
def usulan_list(request):
    form = FilterUsulanForm(request.GET or None, user=request.user)
    f = form.cleaned_data if form.is_valid() else {}
    menunggu = f.get("status") == c.FILTER_MENUNGGU_KEPUTUSAN
    qs = sel.usulan_antrian(
        user=request.user,
        program=f.get("program").pk if f.get("program") else None,
        kecamatan=f.get("kecamatan").pk if f.get("kecamatan") else None,
        status=None if menunggu else f.get("status") or None,
        q=f.get("q") or "",
    )
    if menunggu:
        qs = qs.filter(status__in=c.STATUS_MENUNGGU_KEPUTUSAN)
    halaman = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    baris = list(halaman.object_list)
    peringatan = peringatan_usulan_banyak(baris)
    for u in baris:
        u.peringatan_list = peringatan.get(u.pk, [])
    query = request.GET.copy()
    query.pop("halaman", None)
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
        _pesan_galat(request, exc)
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
def _keluarga_tulis(user):
    return Keluarga.objects.for_user(user, write=True).aktif().select_related("kelurahan").order_by(
        "kelurahan__kode", "alamat"
    )


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
    form = UsulanForm(request.POST or None, request.FILES or None, keluarga_qs=_keluarga_tulis(request.user),
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
            _tempel_galat(form, exc)
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
    form = UsulanForm(request.POST or None, keluarga_qs=_keluarga_tulis(request.user), initial=initial,
                      usulan=usulan, versi_dari=usulan)
    if request.method == "POST" and form.is_valid():
        try:
            svc.usulan_ubah(usulan=usulan, oleh=request.user, versi=form.versi_dikirim,
                            justifikasi=form.cleaned_data["justifikasi"], asesmen=form.asesmen(),
                            anggota=form.cleaned_data.get("anggota"))
            if "ajukan" in request.POST:
                svc.usulan_ajukan(usulan=usulan, oleh=request.user)
        except ValidationError as exc:
            _tempel_galat(form, exc)
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
    # (target status, url verb, label, css, needs note, note label)
    (S.DIAJUKAN, "ajukan", "Ajukan", "primary", False, "Catatan"),
    (S.DIVERIFIKASI, "verifikasi", "Verifikasi", "primary", False, "Catatan verifikasi"),
    (S.DISETUJUI, "setujui", "Setujui", "success", False, "Catatan persetujuan"),
    (S.DIKEMBALIKAN, "kembalikan", "Kembalikan untuk perbaikan", "warning", True, "Catatan perbaikan (wajib)"),
    (S.DITOLAK, "tolak", "Tolak", "danger", True, "Alasan penolakan (wajib)"),
    (S.DIBATALKAN, "batalkan", "Batalkan", "outline-danger", True, "Alasan pembatalan (wajib)"),
]


def _tombol_untuk(user, usulan: Usulan) -> list[dict]:
    from tksk.scoping import boleh_tulis_wilayah

    if hanya_baca(user) or not boleh_tulis_wilayah(user, usulan.keluarga.kelurahan):
        return []
    return [
        {"verba": verba, "label": label, "css": css, "wajib": wajib, "label_catatan": lc}
        for ke, verba, label, css, wajib, lc in TOMBOL
        if bisa_pindah(user, usulan, ke, transisi=c.TRANSISI)
    ]


def usulan_detail(request, pk: int):
    usulan = sel.get_usulan_for_user(request.user, pk)
    from tksk.scoping import boleh_tulis_wilayah

    bisa_tulis = not hanya_baca(request.user) and boleh_tulis_wilayah(request.user, usulan.keluarga.kelurahan)
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
        "tombol_list": _tombol_untuk(request.user, usulan),
        "kuota_list": sel.pemakaian_kuota(program=usulan.program),
        "url_keluarga": sel.url_keluarga(usulan.keluarga_id),
        "boleh_lampiran": bisa_tulis and usulan.status not in (S.DITOLAK, S.DIBATALKAN) and (
            boleh(request.user, Aksi.AJUKAN_USULAN) or boleh(request.user, Aksi.VERIFIKASI_USULAN)),
        "boleh_edit": bisa_tulis and usulan.bisa_diedit and boleh(request.user, Aksi.AJUKAN_USULAN),
        "boleh_salur": bisa_tulis and usulan.penerima_aktif and boleh(request.user, Aksi.CATAT_PENYALURAN),
        "boleh_monitoring": bisa_tulis and usulan.status == S.DISALURKAN
        and usulan.program.jenis in (c.JenisProgram.TERNAK, c.JenisProgram.MODAL_USAHA),
        "boleh_ganti": bisa_tulis and usulan.penerima_aktif and boleh(request.user, Aksi.VERIFIKASI_USULAN),
    })
    if konteks["boleh_lampiran"]:
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
TUJUAN_VERBA = {verba: ke for ke, verba, *_ in TOMBOL}
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
    ke = TUJUAN_VERBA[verba]
    wajib(request.user, aksi_menuju(c.TRANSISI, ke), pesan=svc.pesan_peran_menuju(ke))  # role (403) before status
    form = CatatanForm(request.POST)
    if not form.is_valid():  # a bad note (too long, null byte) is refused, never dropped silently
        for e in form.errors.get("catatan", []):
            messages.error(request, f"Catatan: {e}")
        return redirect("bantuan:usulan_detail", pk=pk)
    try:
        AKSI_VIEW[verba](usulan, request.user, form.cleaned_data["catatan"])
    except ValidationError as exc:
        _pesan_galat(request, exc)
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
            _pesan_galat(request, exc)
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


def penyaluran_foto(request, pk: int):
    penyaluran = sel.get_penyaluran_for_user(request.user, pk)
    if not penyaluran.foto_bukti:
        raise Http404
    return respons_berkas(penyaluran.foto_bukti, nama=f"bukti-penyaluran-{penyaluran.pk}")


# --- Distribution, monitoring, recipient changes --------------------------------------------------------
def penyaluran_buat(request, pk: int):
    usulan = sel.get_usulan_for_user(request.user, pk, write=True, aksi=Aksi.CATAT_PENYALURAN)
    form = PenyaluranForm(request.POST or None, request.FILES or None, usulan=usulan, permintaan=request)
    if request.method == "POST" and form.is_valid():
        try:
            with form.sekali() as hasil:
                svc.penyaluran_catat(usulan=usulan, oleh=request.user, **form.cleaned_data)
                hasil.url = reverse("bantuan:usulan_detail", kwargs={"pk": pk})
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except ValidationError as exc:
            _tempel_galat(form, exc)
        else:
            messages.success(request, "Penyaluran dicatat.")
            return redirect("bantuan:usulan_detail", pk=pk)
    tandai_berkas_dipilih_ulang(request, form)
    return render(request, "bantuan/penyaluran_form.html", {"form": form, "usulan": usulan})


def monitoring_buat(request, pk: int):
    usulan = sel.get_usulan_for_user(request.user, pk, write=True)
    wajib(request.user, (Aksi.PENDAMPINGAN, Aksi.CATAT_PENYALURAN))
    if usulan.program.jenis not in (c.JenisProgram.TERNAK, c.JenisProgram.MODAL_USAHA):
        raise Http404
    form = MonitoringForm(request.POST or None, usulan=usulan, permintaan=request)
    if request.method == "POST" and form.is_valid():
        try:
            with form.sekali() as hasil:
                svc.monitoring_catat(usulan=usulan, oleh=request.user, **form.cleaned_data)
                hasil.url = reverse("bantuan:usulan_detail", kwargs={"pk": pk})
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except ValidationError as exc:
            _tempel_galat(form, exc)
        else:
            messages.success(request, "Monitoring dicatat.")
            return redirect("bantuan:usulan_detail", pk=pk)
    return render(request, "bantuan/monitoring_form.html", {"form": form, "usulan": usulan})


def penerima_ubah(request, pk: int):
    usulan = sel.get_usulan_for_user(request.user, pk, write=True, aksi=Aksi.VERIFIKASI_USULAN)
    form = NonaktifForm(request.POST or None, keluarga_qs=_keluarga_tulis(request.user).exclude(pk=usulan.keluarga_id),
                        versi_dari=usulan)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if d.get("keluarga_baru"):
                baru = svc.penerima_ganti(usulan=usulan, oleh=request.user, versi=form.versi_dikirim,
                                          keluarga_baru=d["keluarga_baru"], alasan=d["alasan"],
                                          keterangan=d["keterangan"])
                messages.success(request, f"Penerima diganti; usulan pengganti #{baru.pk} dibuat.")
                return redirect("bantuan:usulan_detail", pk=baru.pk)
            svc.penerima_nonaktifkan(usulan=usulan, oleh=request.user, versi=form.versi_dikirim, alasan=d["alasan"],
                                     keterangan=d["keterangan"])
        except ValidationError as exc:
            _tempel_galat(form, exc)
        else:
            messages.success(request, "Penerima dinonaktifkan.")
            return redirect("bantuan:usulan_detail", pk=pk)
    return render(request, "bantuan/penerima_form.html", {"form": form, "usulan": usulan})


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


# --- Overlap and gaps -----------------------------------------------------------------------------------
def tumpang_tindih(request):
    hari_ini = timezone.localdate()
    form = FilterPeriodeForm(request.GET or None, user=request.user)
    f = form.cleaned_data if form.is_valid() else {}
    mulai = f.get("mulai") or date(hari_ini.year, 1, 1)
    selesai = f.get("selesai") or date(hari_ini.year, 12, 31)
    if mulai > selesai:
        mulai, selesai = selesai, mulai
    qs = sel.tumpang_tindih(user=request.user, mulai=mulai, selesai=selesai,
                            kelurahan=f.get("kelurahan").pk if f.get("kelurahan") else None)
    halaman = Paginator(qs, PER_HALAMAN * 2).get_page(request.GET.get("halaman"))
    baris = list(halaman.object_list)
    per_keluarga: dict[int, list] = {}
    for p in sel.penerimaan_dalam_periode(user=request.user, mulai=mulai, selesai=selesai,
                                          keluarga_ids=[k.pk for k in baris]):
        per_keluarga.setdefault(p.keluarga_id, []).append(p)
    for k in baris:
        k.penerimaan = per_keluarga.get(k.pk, [])
        k.url = sel.url_keluarga(k.pk)
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(request, "bantuan/tumpang_tindih.html", {
        "form": form, "halaman": halaman, "baris": baris, "mulai": mulai, "selesai": selesai,
        "query": query.urlencode(),
    })


def belum_terjangkau(request):
    form = FilterWilayahForm(request.GET or None, user=request.user)
    f = form.cleaned_data if form.is_valid() else {}
    qs = sel.belum_terjangkau(user=request.user, kelurahan=f.get("kelurahan").pk if f.get("kelurahan") else None)
    halaman = Paginator(qs, PER_HALAMAN * 2).get_page(request.GET.get("halaman"))
    baris = list(halaman.object_list)
    for k in baris:
        k.url = sel.url_keluarga(k.pk)
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(request, "bantuan/belum_terjangkau.html", {
        "form": form, "halaman": halaman, "baris": baris, "query": query.urlencode(),
        "aturan_urutan": sel.URAIAN_URUTAN_BELUM_TERJANGKAU, "hari": sel.HARI_TANPA_BANTUAN,
        "boleh_usul": boleh(request.user, Aksi.AJUKAN_USULAN),
    })
