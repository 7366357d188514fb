"""Household registry screens: list, register, edit, detail, and the status/No. KK/member actions.

Every object comes through a scoped getter (404 outside the user's area, 403 for read-only
roles writing); every write goes through ``pmks.registri.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST

from pmks import ekstensi
from pmks.models import Anggota, JenisAkses, Keluarga
from tksk.batas_laju import batasi, cari_dengan_nomor
from tksk.forms import pasang_galat
from tksk.konkurensi import SudahTersimpan
from tksk.paginasi import PaginatorTerbatas
from tksk.permissions import WILAYAH_TUGAS, Aksi, boleh_di, wajib

from . import akses, pdp, selectors, services
from .choices import PEKERJAAN_KK
from .filters import TINGKAT_FILTER, UKURAN_HALAMAN, KeluargaFilter
from .forms import (
    AksesFilterForm,
    AlasanForm,
    GantiNoKKForm,
    KeluargaForm,
    KlasifikasiForm,
    PindahAnggotaForm,
    StatusAnggotaForm,
    StatusKeluargaForm,
    anggota_formset,
)
from .nik import normalisasi_nomor
from .permintaan import AWALAN_ANONIM

PESAN_HANYA_LIHAT = "Peran Anda hanya dapat melihat data."


@batasi("cari-nomor", method="GET", bila=cari_dengan_nomor)
def keluarga_list(request):
    """Household list of the user's area: filters, search by NIK / No. KK / name, pagination."""
    qs = selectors.keluarga_daftar(user=request.user)
    filterset = KeluargaFilter(request.GET, queryset=qs, request=request)
    try:
        per = int(request.GET.get("per", UKURAN_HALAMAN[0]))
    except ValueError:
        per = UKURAN_HALAMAN[0]
    per = per if per in UKURAN_HALAMAN else UKURAN_HALAMAN[0]
    hasil = filterset.qs if filterset.is_valid() else qs.none()
    page = PaginatorTerbatas(selectors.keluarga_untuk_daftar(hasil), per).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query_tanpa_per = query.copy()
    query_tanpa_per.pop("per", None)  # the page-size links add their own
    return render(
        request,
        "pmks/keluarga_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "querystring": query.urlencode(),
            "querystring_tanpa_per": query_tanpa_per.urlencode(),
            "per": per,
            "ukuran_halaman": UKURAN_HALAMAN,
            "boleh_ubah": boleh_di(request.user, Aksi.UBAH_DATA, WILAYAH_TUGAS),
            "nomor_lengkap": False,  # masked in lists for every role (UU PDP); full numbers on a logged reveal
            "cari_nama": bool(filterset.form.cleaned_data.get("q")) if filterset.is_valid() else False,
            "batas_nama": selectors.BATAS_HASIL_NAMA,
        },
    )


@require_GET
def pilihan_wilayah(request):
    """htmx partial: the household filter's kecamatan / kelurahan selects for the kab/kota or kecamatan
    just chosen (out-of-band swaps into the list's form). The same filter form builds them, so the
    options are the user's area only; a region outside it (or not a region id) answers 400."""
    filterset = KeluargaFilter(request.GET, queryset=Keluarga.objects.none(), request=request)
    form = filterset.form
    form.is_valid()
    if any(nama in form.errors for nama in TINGKAT_FILTER):
        return HttpResponseBadRequest("Wilayah tidak dikenal.", content_type="text/plain; charset=utf-8")
    tampil = filterset.tingkat_tampil
    pemicu = request.htmx.trigger_name if request.htmx else None
    anak = tampil[tampil.index(pemicu) + 1:] if pemicu in tampil else tampil
    return render(request, "pmks/registri/_pilihan_wilayah.html", {"daftar_field": [form[n] for n in anak]})


def _simpan_keluarga(request, *, keluarga: Keluarga | None):
    """Register (``keluarga=None``) or edit a household with its members on one page.

    One submit shows every problem: the form's own errors, the service's checks on whatever the form
    could parse (``services.keluarga_periksa``: NIK already registered, one head, "paling sedikit satu
    anggota") and the confirmations (NIK date/sex, similar persons) together.
    """
    baru = keluarga is None
    queryset = Anggota.objects.none() if baru else _anggota_diubah(keluarga)
    aman = {"permintaan": request} if baru else {"versi_dari": keluarga}
    kiriman = request.POST if request.method == "POST" else None  # an empty POST is a bound, invalid form
    form = KeluargaForm(kiriman, user=request.user, baru=baru, instance=keluarga, **aman)
    formset = anggota_formset(data=kiriman, queryset=queryset, extra=1 if baru else 0)
    konfirmasi = None
    if request.method == "POST":
        sah = form.is_valid() & formset.is_valid()  # both run: every field error at once
        baris = formset.baris_untuk_layanan()
        data = dict(form.cleaned_data)
        jenis_pmks = data.pop("jenis_pmks", None) or []
        data.pop("diberi_tahu_privasi", None)
        pemberitahuan_versi = data.pop("versi_pemberitahuan", None)  # an int only when the box is ticked
        konfirmasi_duplikat = bool(data.get("konfirmasi_duplikat"))
        try:
            if not sah:
                hasil_periksa = services.keluarga_periksa(
                    user=request.user, data=data, anggota=[d for _, d in baris], keluarga=keluarga,
                    konfirmasi_duplikat=konfirmasi_duplikat,
                )
                if hasil_periksa is not None:
                    raise hasil_periksa
            elif baru:
                with form.sekali() as hasil:
                    keluarga = services.keluarga_daftarkan(
                        user=request.user, data=data, anggota=[d for _, d in baris],
                        konfirmasi_duplikat=konfirmasi_duplikat, jenis_pmks=jenis_pmks,
                        pemberitahuan_versi=pemberitahuan_versi,
                    )
                    hasil.url = keluarga.get_absolute_url()
                messages.success(request, "Keluarga berhasil didaftarkan.")
                return redirect("pmks:keluarga_detail", pk=keluarga.pk)
            else:
                services.keluarga_ubah(
                    user=request.user, keluarga=keluarga, data=data, anggota=[d for _, d in baris],
                    konfirmasi_duplikat=konfirmasi_duplikat, versi=form.versi_dikirim,
                )
                messages.success(request, "Perubahan data keluarga tersimpan.")
                return redirect("pmks:keluarga_detail", pk=keluarga.pk)
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except services.PerluKonfirmasi as exc:
            konfirmasi = _tampilkan_konfirmasi(form, baris, exc)
        except ValidationError as exc:
            pasang_galat(form, exc, baris={"anggota": [f for f, _ in baris]})  # keys anggota.<i>.<field>
            if getattr(exc, "konfirmasi", None) is not None:
                konfirmasi = _tampilkan_konfirmasi(form, baris, exc.konfirmasi)
    return render(
        request,
        "pmks/keluarga_form.html",
        {"form": form, "formset": formset, "keluarga": keluarga, "baru": baru, "konfirmasi": konfirmasi,
         "pekerjaan_kk": PEKERJAAN_KK},
    )


def _anggota_diubah(keluarga: Keluarga):
    """The member rows of the edit form: active members, not the anonymised ones (UU PDP erasure:
    their placeholder NIK is not a valid NIK and there is nothing of theirs left to edit)."""
    return keluarga.anggota.aktif().exclude(nik__startswith=AWALAN_ANONIM).order_by("id")


def _tampilkan_konfirmasi(form, baris: list, konfirmasi):
    for i, peringatan in konfirmasi.peringatan_nik.items():
        baris[i][0].peringatan = peringatan
    if konfirmasi.duplikat:
        form.tampilkan_konfirmasi = True
    return konfirmasi


@batasi("cek-nomor")
def keluarga_tambah(request):
    wajib(request.user, Aksi.UBAH_DATA, wilayah=WILAYAH_TUGAS, pesan=PESAN_HANYA_LIHAT)
    return _simpan_keluarga(request, keluarga=None)


@batasi("cek-nomor")
def keluarga_ubah(request, pk: int):
    keluarga = selectors.get_keluarga_for_user(request.user, pk, write=True)
    return _simpan_keluarga(request, keluarga=keluarga)


def keluarga_detail(request, pk: int):
    keluarga = selectors.get_keluarga_for_user(request.user, pk)
    akses.akses_catat(request=request, jenis=JenisAkses.LIHAT_KELUARGA, keluarga=keluarga)
    # Panels of other parts of the product (aid, pendampingan, timeline), in their order; each
    # template gets its own context on top of the request context.
    panel = [
        {"panel": p, "html": render_to_string(p.template, p.konteks(keluarga, request.user), request=request)}
        for p in ekstensi.panel_keluarga()
    ]
    return render(
        request,
        "pmks/keluarga_detail.html",
        {
            "keluarga": keluarga,
            **selectors.keluarga_detail(keluarga=keluarga),
            "riwayat": selectors.riwayat_perubahan(keluarga=keluarga, user=request.user),
            "panel_list": panel,
            "boleh_ubah": boleh_di(request.user, Aksi.UBAH_DATA, keluarga.kelurahan),
            # masked by default even for roles that may see them; a logged "Tampilkan" shows them once
            "nomor_lengkap": akses.nomor_tampil_ambil(request, keluarga),
            "boleh_tampil_nomor": selectors.perlu_nomor_lengkap(request.user),
            "dilihat_oleh": (
                akses.dilihat_oleh(keluarga) if boleh_di(request.user, Aksi.AUDIT_AKSES, keluarga.kelurahan) else None
            ),
            "boleh_catat_kunjungan": boleh_di(request.user, Aksi.PENDAMPINGAN, keluarga.kelurahan)
            and boleh_di(request.user, Aksi.UBAH_DATA, keluarga.kelurahan),
            "privasi": pdp.keadaan_privasi(keluarga),  # UU PDP: informed? consent withdrawn (banner)?
        },
    )


@require_POST
def keluarga_tampilkan_nomor(request, pk: int):
    """Show this household's full NIK / No. KK once, after writing the access-log row."""
    keluarga = selectors.get_keluarga_for_user(request.user, pk)
    akses.nomor_tampil_izinkan(request, keluarga)
    return redirect("pmks:keluarga_detail", pk=keluarga.pk)


@require_GET
def akses_list(request):
    """The personal-data access log for the auditor (administrator): filter by user, household, period."""
    form = AksesFilterForm(request.GET or None)
    saring = form.cleaned_data if form.is_valid() else {}
    qs = akses.akses_daftar(
        request.user, oleh=saring.get("oleh"), keluarga_id=saring.get("keluarga"),
        dari=saring.get("dari"), sampai=saring.get("sampai"),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "pmks/akses_list.html", {"form": form, "page_obj": page, "querystring": query.urlencode()})


def _aksi_form(request, *, form, judul: str, keluarga: Keluarga, jalankan, pesan_sukses: str, keterangan="",
               membuat: bool = False):
    """Shared flow of the small action pages: bind → service → message → back to the household.

    ``membuat``: the action creates a record, once per form token (``tksk.konkurensi``).
    """
    if request.method == "POST" and form.is_valid():
        try:
            if membuat:
                with form.sekali() as hasil:
                    jalankan(form.cleaned_data)
                    hasil.url = keluarga.get_absolute_url()
            else:
                jalankan(form.cleaned_data)
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except ValidationError as exc:
            pasang_galat(form, exc)
        else:
            messages.success(request, pesan_sukses)
            return redirect("pmks:keluarga_detail", pk=keluarga.pk)
    return render(
        request,
        "pmks/aksi_form.html",
        {"form": form, "judul": judul, "keluarga": keluarga, "keterangan": keterangan,
         "nomor_lengkap": selectors.perlu_nomor_lengkap(request.user)},
    )


def keluarga_status(request, pk: int):
    keluarga = selectors.get_keluarga_for_user(request.user, pk, write=True)
    form = StatusKeluargaForm(request.POST or None, keluarga=keluarga)
    return _aksi_form(
        request, form=form, judul="Ubah status keluarga", keluarga=keluarga,
        keterangan="Keluarga tidak pernah dihapus: statusnya diubah dan alasannya disimpan.",
        jalankan=lambda d: services.keluarga_ubah_status(
            user=request.user, keluarga=keluarga, status=d["status"], alasan=d["alasan"]
        ),
        pesan_sukses="Status keluarga diperbarui.",
    )


@batasi("cek-nomor")
def keluarga_ganti_kk(request, pk: int):
    keluarga = selectors.get_keluarga_for_user(request.user, pk, write=True)
    form = GantiNoKKForm(request.POST or None)
    return _aksi_form(
        request, form=form, judul="Ganti No. KK", keluarga=keluarga,
        keterangan="No. KK lama tetap tersimpan di riwayat No. KK keluarga ini.",
        jalankan=lambda d: services.keluarga_ganti_no_kk(
            user=request.user, keluarga=keluarga, no_kk_baru=d["no_kk"], alasan=d["alasan"]
        ),
        pesan_sukses="No. KK diganti; nomor lama tersimpan di riwayat.",
    )


def klasifikasi_tambah(request, pk: int):
    keluarga = selectors.get_keluarga_for_user(request.user, pk, write=True)
    form = KlasifikasiForm(request.POST or None, keluarga=keluarga, permintaan=request)
    return _aksi_form(
        request, form=form, judul="Tambah klasifikasi PMKS", keluarga=keluarga, membuat=True,
        jalankan=lambda d: services.klasifikasi_tambah(
            user=request.user, keluarga=keluarga, jenis=d["jenis"], anggota=d["anggota"],
            tanggal_asesmen=d["tanggal_asesmen"], catatan=d["catatan"],
        ),
        pesan_sukses="Klasifikasi PMKS dicatat.",
    )


def klasifikasi_cabut(request, pk: int):
    klasifikasi = selectors.get_klasifikasi_for_user(request.user, pk, write=True)
    form = AlasanForm(request.POST or None, tombol="Cabut klasifikasi")
    return _aksi_form(
        request, form=form, judul=f"Cabut klasifikasi {klasifikasi.jenis.nama}", keluarga=klasifikasi.keluarga,
        keterangan="Klasifikasi tidak dihapus; ditandai dicabut beserta alasannya.",
        jalankan=lambda d: services.klasifikasi_cabut(user=request.user, klasifikasi=klasifikasi, alasan=d["alasan"]),
        pesan_sukses="Klasifikasi PMKS dicabut.",
    )


def anggota_status(request, pk: int):
    anggota = selectors.get_anggota_for_user(request.user, pk, write=True)
    form = StatusAnggotaForm(request.POST or None, anggota=anggota)
    return _aksi_form(
        request, form=form, judul=f"Ubah keberadaan {anggota.nama}", keluarga=anggota.keluarga,
        jalankan=lambda d: services.anggota_ubah_status(
            user=request.user, anggota=anggota, status=d["status"], alasan=d["alasan"],
            kepala_baru=d.get("kepala_baru"),
        ),
        pesan_sukses="Keberadaan anggota diperbarui.",
    )


def anggota_pindah(request, pk: int):
    anggota = selectors.get_anggota_for_user(request.user, pk, write=True)
    form = PindahAnggotaForm(request.POST or None, anggota=anggota)

    def jalankan(d):
        tujuan = (
            Keluarga.objects.for_user(request.user, write=True)
            .filter(no_kk=normalisasi_nomor(d["no_kk_tujuan"]))
            .first()
        )
        if tujuan is None:
            raise ValidationError(
                {"no_kk_tujuan": ["Keluarga dengan No. KK ini tidak ditemukan di wilayah kerja Anda."]}
            )
        services.anggota_pindahkan(
            user=request.user, anggota=anggota, ke_keluarga=tujuan, hubungan=d["hubungan"], alasan=d["alasan"],
            kepala_baru=d.get("kepala_baru"),
        )

    return _aksi_form(
        request, form=form, judul=f"Pindahkan {anggota.nama} ke keluarga lain", keluarga=anggota.keluarga,
        keterangan="Orangnya tetap sama (NIK, riwayat, klasifikasi perorangan ikut pindah).",
        jalankan=jalankan, pesan_sukses=f"{anggota.nama} dipindahkan.",
    )
