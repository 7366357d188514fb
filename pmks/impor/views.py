"""Import / export pages. Thin: scope check → form → service → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pmks.registri import selectors
from tksk.basisdata import alias_baca
from tksk.batas_laju import batasi
from tksk.berkas import XLSX, respons_berkas, respons_unduhan, tandai_berkas_dipilih_ulang
from tksk.konkurensi import SudahTersimpan
from tksk.permissions import WILAYAH_TUGAS, Aksi, boleh, boleh_di, wajib
from tksk.scoping import filter_wilayah, get_for_user

from ..models import JenisAkses
from ..registri.akses import akses_catat
from ..registri.filters import KeluargaFilter
from ..registri.pdp import tanpa_dibatasi
from . import ekspor as ek
from . import services, tasks
from .baca import BerkasTidakTerbaca, baca_tabel
from .berkas import laporan_galat_xlsx, templat_xlsx
from .forms import DesilForm, KonfirmasiForm, UnggahForm
from .models import Ekspor, Impor, JenisImpor, StatusImpor

GALAT_DI_LAYAR = 500


def _impor(request, pk: int, *, ringan: bool = False) -> Impor:
    """An import in the user's area (404 outside), for roles that may import (403 otherwise).

    A running import whose process died is taken out of its running status first (one UPDATE);
    ``ringan``: without the error/warning lists (the status poll, constant time).
    """
    services.impor_tandai_macet(pk=pk)
    qs = Impor.objects.tanpa_isi_besar() if ringan else Impor.objects.select_related("oleh")
    return get_for_user(qs, request.user, "wilayah", aksi=Aksi.IMPOR_DATA, pk=pk)


def _riwayat(user):
    """The import history of the user's area, without the error lists (never loaded on a list page)."""
    services.impor_tandai_macet()
    return Impor.objects.for_user(user).tanpa_isi_besar().select_related("oleh").order_by("-dibuat_pada", "-id")


def impor_list(request):
    """Upload form and import history (roles that import); export form (roles that export)."""
    boleh_impor = boleh_di(request.user, Aksi.IMPOR_DATA, WILAYAH_TUGAS)
    boleh_ekspor = boleh(request.user, Aksi.EKSPOR_DATA)
    if not (boleh_impor or boleh_ekspor):
        raise PermissionDenied("Peran Anda tidak berwenang mengimpor atau mengekspor data.")
    qs = _riwayat(request.user) if boleh_impor else Impor.objects.none()
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    filterset = KeluargaFilter(
        None, queryset=selectors.keluarga_daftar(user=request.user), request=request, ekspor=True
    )
    form = UnggahForm(permintaan=request, tujuan=reverse("pmks:impor_unggah")) if boleh_impor else None
    return render(request, "pmks/impor/impor_list.html", {
        "form": form, "page_obj": page, "filter": filterset,
        "boleh_impor": boleh_impor, "boleh_ekspor": boleh_ekspor,
    })


@require_POST
@batasi("unggah")
def impor_unggah(request):
    wajib(request.user, Aksi.IMPOR_DATA, wilayah=WILAYAH_TUGAS, pesan=services.PESAN_PERAN)
    form = UnggahForm(request.POST, request.FILES, permintaan=request)
    if form.is_valid():
        try:
            with form.sekali() as hasil:  # a double tap uploads once
                impor = services.impor_buat(user=request.user, berkas=form.cleaned_data["berkas"])
                hasil.url = reverse("pmks:impor_detail", kwargs={"pk": impor.pk})
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except ValidationError as exc:
            form.add_error("berkas", exc.messages[0])
        else:
            services.jalankan(tasks.periksa_impor, impor)
            return redirect("pmks:impor_detail", pk=impor.pk)
    tandai_berkas_dipilih_ulang(request, form)
    return render(request, "pmks/impor/impor_list.html", {
        "form": form, "page_obj": Paginator(_riwayat(request.user), 25).get_page(1), "filter": None,
        "boleh_impor": True, "boleh_ekspor": False,
    }, status=400)


def impor_desil(request):
    """Upload page of the DTSEN desil ranking (a second kind of import, ``pmks.impor.desil``)."""
    wajib(request.user, Aksi.IMPOR_DATA, wilayah=WILAYAH_TUGAS, pesan=services.PESAN_PERAN)
    form = DesilForm(permintaan=request, tujuan=reverse("pmks:impor_desil_unggah"))
    return render(request, "pmks/impor/impor_desil.html", {"form": form})


@require_POST
@batasi("unggah")
def impor_desil_unggah(request):
    from .desil import parameter_unggah

    wajib(request.user, Aksi.IMPOR_DATA, wilayah=WILAYAH_TUGAS, pesan=services.PESAN_PERAN)
    form = DesilForm(request.POST, request.FILES, permintaan=request)
    if form.is_valid():
        d = form.cleaned_data
        try:
            with form.sekali() as hasil:  # a double tap uploads once
                impor = services.impor_buat(user=request.user, berkas=d["berkas"], jenis=JenisImpor.DESIL,
                                            parameter=parameter_unggah(d.get("posisi_data")))
                hasil.url = reverse("pmks:impor_detail", kwargs={"pk": impor.pk})
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except ValidationError as exc:
            form.add_error("berkas", exc.messages[0])
        else:
            services.jalankan(tasks.periksa_impor, impor)
            return redirect("pmks:impor_detail", pk=impor.pk)
    tandai_berkas_dipilih_ulang(request, form)
    return render(request, "pmks/impor/impor_desil.html", {"form": form}, status=400)


def impor_templat(request):
    wajib(request.user, Aksi.IMPOR_DATA, wilayah=WILAYAH_TUGAS, pesan=services.PESAN_PERAN)
    return respons_unduhan(templat_xlsx(request.user), nama="templat-impor-sidamping.xlsx", tipe_konten=XLSX)


def _konteks_detail(request, impor: Impor) -> dict:
    from .services import pemroses_untuk

    pemroses = pemroses_untuk(impor.jenis)
    label = pemroses.label
    return {
        "impor": impor,
        "pemroses": pemroses,
        "ringkasan": [(label[k], impor.ringkasan.get(k, 0)) for k in label],
        "galat": impor.galat[:GALAT_DI_LAYAR],
        "galat_lain": max(0, impor.jumlah_galat - GALAT_DI_LAYAR),
        "galat_terpotong": impor.jumlah_galat > len(impor.galat),
        "peringatan": impor.peringatan[:GALAT_DI_LAYAR],
        "pengunggah": impor.oleh_id == request.user.pk,
        "macet": impor.status == StatusImpor.MENYIMPAN and impor.mulai_simpan_pada
        and (timezone.now() - (impor.diperbarui_pada or impor.mulai_simpan_pada)).total_seconds()
        > 60 * services.menit_macet(),
    }


def impor_detail(request, pk: int):
    impor = _impor(request, pk)
    konteks = _konteks_detail(request, impor)
    perlu = bool(impor.peringatan) and konteks["pemroses"].peringatan_perlu_alasan
    konteks["form"] = KonfirmasiForm(perlu_alasan=perlu)
    return render(request, "pmks/impor/impor_detail.html", konteks)


def impor_status(request, pk: int):
    """The progress block, polled by htmx while the import runs; reloads the page when done."""
    impor = _impor(request, pk, ringan=True)
    resp = render(request, "pmks/impor/includes/_progres.html", {"impor": impor})
    if not impor.sedang_berjalan and request.htmx:
        resp["HX-Refresh"] = "true"
    return resp


@require_POST
def impor_konfirmasi(request, pk: int):
    impor = _impor(request, pk)
    perlu = bool(impor.peringatan) and services.pemroses_untuk(impor.jenis).peringatan_perlu_alasan
    form = KonfirmasiForm(request.POST, perlu_alasan=perlu)
    if form.is_valid():
        try:
            impor = services.impor_konfirmasi(user=request.user, impor=impor,
                                              alasan_peringatan=form.cleaned_data.get("alasan_peringatan", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            services.jalankan(tasks.simpan_impor, impor)
            impor.refresh_from_db()
            if impor.status == StatusImpor.SELESAI:
                messages.success(request, "Impor selesai disimpan.")
            return redirect("pmks:impor_detail", pk=impor.pk)
    konteks = _konteks_detail(request, impor)
    konteks["form"] = form
    return render(request, "pmks/impor/impor_detail.html", konteks, status=400)


@require_POST
def impor_batal(request, pk: int):
    impor = _impor(request, pk)
    try:
        services.impor_batalkan(user=request.user, impor=impor)
        messages.info(request, "Impor dibatalkan. Tidak ada data yang disimpan.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("pmks:impor_detail", pk=impor.pk)


@require_POST
def impor_ulangi(request, pk: int):
    impor = _impor(request, pk)
    try:
        impor = services.impor_pulihkan(user=request.user, impor=impor)
        messages.info(request, "Penyimpanan terputus; tidak ada data yang tersimpan. Silakan konfirmasi lagi.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("pmks:impor_detail", pk=impor.pk)


def impor_laporan_galat(request, pk: int):
    """The uploaded rows with an error column; fix and upload this same file again."""
    impor = _impor(request, pk)
    isi = impor.galat + [[b, k, f"Perhatian: {p}"] for b, k, p, *_ in impor.peringatan]
    if not isi:
        raise Http404("Impor ini tidak memiliki galat.")
    with impor.berkas.open("rb") as f:
        data = f.read()
    try:
        pemroses = services.pemroses_untuk(impor.jenis)
        tabel = baca_tabel(data, impor.nama_berkas, kolom_wajib=pemroses.kolom_wajib, pengenal=pemroses.pengenal,
                           judul_kolom=pemroses.judul_kolom)
        if impor.jumlah_galat > len(impor.galat):  # refused for too many errors: the rows of the stored ones
            bergalat = {b for b, *_ in isi}
            tabel.baris = [(nomor, sel) for nomor, sel in tabel.baris if nomor in bergalat]
    except BerkasTidakTerbaca as exc:
        raise Http404(str(exc)) from exc
    nama = impor.nama_berkas.rsplit(".", 1)[0]
    return respons_unduhan(laporan_galat_xlsx(tabel, isi), nama=f"galat-{nama}.xlsx", tipe_konten=XLSX)


def impor_berkas(request, pk: int):
    """The file as uploaded (kept for audit)."""
    impor = _impor(request, pk)
    return respons_berkas(impor.berkas, nama=impor.nama_berkas)


# --- Export ------------------------------------------------------------------------------------


def ekspor_list(request):
    wajib(request.user, Aksi.EKSPOR_DATA, pesan="Peran Anda tidak berwenang mengekspor data.")
    qs = filter_wilayah(Ekspor.objects.select_related("oleh"), request.user, "wilayah")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    _filter_terbaca(page.object_list, lengkap=selectors.perlu_nomor_lengkap(request.user))
    return render(request, "pmks/impor/ekspor_list.html", {"page_obj": page})


def _filter_terbaca(ekspor_list, *, lengkap: bool = True) -> None:
    """An export stores the list's validated filter values (to be repeatable); people read labels and
    names (``Kelurahan: Tisnonegaran``), not ``kelurahan=24``. Sets ``filter_teks`` on each row; two
    queries. A NIK / No. KK typed in the search box is masked for roles that see masked numbers."""
    from pmks.models import JenisPMKS
    from tksk.models import Wilayah

    filter_list = KeluargaFilter.base_filters
    tingkat = ("kabupaten", "kecamatan", "kelurahan")
    ids = {k: {v for e in ekspor_list for kk, v in e.filter.items() if kk == k and str(v).isdigit()}
           for k in (*tingkat, "jenis")}
    wilayah = dict(Wilayah.objects.filter(pk__in=set().union(*(ids[k] for k in tingkat))).values_list("pk", "nama"))
    jenis = JenisPMKS.objects.filter(pk__in=ids["jenis"]).values_list("pk", "nama")
    nama = {
        **{k: {str(pk): n for pk, n in wilayah.items()} for k in tingkat},
        "jenis": {str(pk): n for pk, n in jenis},
        "status": dict(filter_list["status"].extra["choices"]),
        "bantuan": dict(filter_list["bantuan"].extra["choices"]),
    }
    for e in ekspor_list:
        e.filter_teks = [
            (filter_list[k].label or k.capitalize(), nama.get(k, {}).get(str(e.filter[k]), e.filter[k]))
            for k in filter_list if k in e.filter  # in the order of the list's filter form
        ]
        if not lengkap:
            e.filter_teks = [(label, ek.samarkan_angka(str(teks))) for label, teks in e.filter_teks]


@batasi("ekspor", method="GET")
def ekspor_unduh(request, jenis: str, fmt: str):
    """The household list as filtered on screen (same GET parameters), or its members."""
    if jenis not in ek.JENIS or fmt not in ("xlsx", "csv"):
        raise Http404("Jenis ekspor tidak dikenal.")
    wajib(request.user, Aksi.EKSPOR_DATA, pesan="Peran Anda tidak berwenang mengekspor data.")
    qs = selectors.keluarga_daftar(user=request.user)
    filterset = KeluargaFilter(request.GET, queryset=qs, request=request)
    if not filterset.is_valid():
        # Nothing is exported or logged: the list shows which filter is wrong (e.g. a null byte).
        messages.error(request, "Ekspor dibatalkan: " + ek.pesan_filter_tidak_sah(filterset))
        return redirect(f"{reverse('pmks:keluarga_list')}?{request.GET.urlencode()}")
    keluarga = tanpa_dibatasi(filterset.qs)  # consent withdrawn (UU PDP): never in an export
    qs = ek.anggota_dari_keluarga(keluarga) if jenis == "anggota" else keluarga
    qs = qs.using(alias_baca(request))  # the streamed rows are read after this view returns
    jumlah = qs.count()
    filter_dipakai = ek.filter_tersimpan(filterset, request.GET)  # validated values only, never raw input
    ek.ekspor_catat(user=request.user, jenis=jenis, format=fmt, filter=filter_dipakai, jumlah_baris=jumlah)
    akses_catat(request=request, jenis=JenisAkses.EKSPOR, keterangan=f"{jenis}.{fmt}: {jumlah} baris")
    judul, fungsi, kolom_teks = ek.JENIS[jenis]
    baris = fungsi(qs, lengkap=selectors.perlu_nomor_lengkap(request.user))
    if fmt == "csv":
        isi, tipe = ek.csv_stream(judul, baris), "text/csv; charset=utf-8"
    else:
        isi, tipe = ek.xlsx_stream(judul, baris, kolom_teks=kolom_teks), XLSX
    return respons_unduhan(isi, nama=f"{jenis}-{timezone.localdate():%Y%m%d}.{fmt}", tipe_konten=tipe)
