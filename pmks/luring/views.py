"""Offline capture: shell pages, the download, the service worker, and the sync endpoints.

Shell pages carry no household data (the phone fills them from IndexedDB) and are marked with
``X-Sidamping-Luring: halaman``: the service worker caches only responses with that header.

Sync endpoints (``kirim_*``) answer JSON and take the online form's fields as multipart (photos
as files) plus ``uuid``, the outbox item's id made on the phone. Order of checks, as online:
size bound → the same guard as the online view (404 outside the area, 403 for the role) → a UUID
already used answers the first result → (edit) version → the same form classes → the same
service, in one transaction with the UUID's consumption (``tksk.konkurensi.token_luring_pakai``).
Answers: 200 ``terkirim`` (``ulang`` when it was a retry), 422 ``gagal`` with errors per field,
409 ``konflik`` with the server's values, 404/403/413/400 ``gagal`` with a message.
"""

from __future__ import annotations

import hashlib
import json
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags
from django.views.decorators.http import require_GET, require_POST

from pmks.registri import selectors as registri
from pmks.registri import services as layanan_registri
from tksk.batas import id_dari_teks
from tksk.batas_laju import batasi
from tksk.konkurensi import KODE_KONFLIK, SudahTersimpan, token_luring_pakai, token_luring_status
from tksk.permissions import SATU_KECAMATAN, WILAYAH_TUGAS, Aksi, wajib

from ..models import Anggota
from ..pendampingan import services as layanan_pendampingan
from ..pendampingan.forms import KunjunganForm
from ..pendampingan.views import _keluarga as keluarga_pendampingan
from ..registri.forms import KeluargaForm, anggota_formset
from . import selectors
from .forms import KunjunganLuringForm

HEADER_HALAMAN = "X-Sidamping-Luring"
MB = 1024 * 1024
# Request size bounds of the sync endpoints: a visit carries at most 6 photos of 5 MB
# (pmks.pendampingan.services.MAKS_FOTO_PER_KUNJUNGAN, tksk.berkas); a household is text only.
BATAS_KIRIM = {"kunjungan": 6 * 5 * MB + MB, "keluarga": 512 * 1024}
PESAN_TERLALU_BESAR = "Kiriman terlalu besar (lebih dari {batas}). Kurangi jumlah foto atau panjang catatan."
PESAN_HALAMAN_UNDUH = "Halaman unduhan tidak dikenal. Mulai unduh lagi dari halaman Kerja luring."
PESAN_TIDAK_TKSK = "Kerja luring hanya untuk TKSK yang bertugas di satu kecamatan."
PESAN_UUID = (
    "Kode kiriman ini tidak sah atau sudah dipakai untuk data lain, jadi belum disimpan. Buat ulang isian ini "
    "dari halaman luring."
)

# Static files every offline page needs, precached by the service worker with a content hash.
ASET_LURING = [
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap-icons/font/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/font/fonts/bootstrap-icons.woff2",
    "css/sidamping.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "js/sidamping.js",
    "js/draf.js",
    "js/foto_kecil.js",
    "vendor/browser-image-compression/browser-image-compression.js",
    "vendor/idb-8.0.4/idb.umd.js",
    "js/luring.js",
    "pmks/luring_halaman.js",
    "pmks/formset_anggota.js",
    "pmks/ketik_cepat.js",
    "luring/ikon-192.png",
]
MODUL_WORKBOX = ["workbox-core", "workbox-routing", "workbox-strategies", "workbox-precaching"]


# --- guards and answers ----------------------------------------------------------------------
def _gagal(pesan: str, status: int, **lain) -> JsonResponse:
    return JsonResponse({"status": "gagal", "pesan": pesan, **lain}, status=status)


def _jawab_json(view):
    """404/403 of the guards as JSON in Indonesian (the phone shows the message on the item)."""

    @wraps(view)
    def dibungkus(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return _gagal("Data ini tidak ditemukan di wilayah kerja Anda.", 404)
        except PermissionDenied as exc:
            return _gagal(str(exc) or "Peran Anda tidak berwenang melakukan tindakan ini.", 403)

    return dibungkus


def _halaman(request, template: str, konteks: dict | None = None) -> HttpResponse:
    wajib(request.user, Aksi.PENDAMPINGAN, wilayah=SATU_KECAMATAN, pesan=PESAN_TIDAK_TKSK,
          pesan_wilayah=PESAN_TIDAK_TKSK)
    resp = render(request, template, {"isi_unduhan": selectors.ISI_UNDUHAN, **(konteks or {})})
    resp[HEADER_HALAMAN] = "halaman"
    return resp


def _terlalu_besar(request, jenis: str) -> JsonResponse | None:
    try:
        panjang = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        panjang = 0
    batas = BATAS_KIRIM[jenis]
    if panjang > batas:
        teks = f"{batas // MB} MB" if batas >= MB else f"{batas // 1024} KB"
        return _gagal(PESAN_TERLALU_BESAR.format(batas=teks), 413)
    return None


def _teks(pesan) -> list[str]:
    return [strip_tags(str(p)) for p in pesan]


def _galat_form(*forms_) -> dict[str, list[str]]:
    """Errors per posted field name (``anggota-0-nik``), non-field errors under ``__all__``."""
    hasil: dict[str, list[str]] = {}
    for form in forms_:
        for kolom, pesan in form.errors.items():
            kunci = NON_FIELD_ERRORS if kolom == NON_FIELD_ERRORS else form.add_prefix(kolom)
            hasil.setdefault(kunci, []).extend(_teks(pesan))
    return hasil


def _galat_layanan(exc: ValidationError) -> dict[str, list[str]]:
    """Service error keys (``anggota.<i>.<field>``, field names, ``__all__``) as posted names."""
    if not hasattr(exc, "error_dict"):
        return {NON_FIELD_ERRORS: _teks(exc.messages)}
    hasil: dict[str, list[str]] = {}
    for kunci, pesan in exc.message_dict.items():
        if kunci.startswith("anggota."):
            _, i, kolom = kunci.split(".", 2)
            kunci = f"anggota-{i}-{kolom}" if kolom != NON_FIELD_ERRORS else NON_FIELD_ERRORS
        hasil.setdefault(kunci, []).extend(_teks(pesan))
    return hasil


def _galat_konfirmasi(exc: layanan_registri.PerluKonfirmasi) -> dict[str, list[str]]:
    hasil: dict[str, list[str]] = {}
    for i, daftar in exc.peringatan_nik.items():
        hasil[f"anggota-{i}-alasan_konfirmasi_nik"] = [
            *[strip_tags(str(p.pesan)) for p in daftar],
            "Bila NIK memang benar (sesuai KTP/KK), isi alasan NIK tetap dipakai.",
        ]
    for d in exc.duplikat:
        letak = f" di Kel. {d.kelurahan}" if d.terlihat else " di wilayah lain"
        hasil.setdefault("konfirmasi_duplikat", []).append(
            f"{d.nama_diisi}: mirip dengan orang yang sudah terdaftar{letak} (tanggal lahir sama). "
            "Periksa, lalu centang konfirmasi bila ini orang yang berbeda."
        )
    return hasil


def _gagal_validasi(galat: dict) -> JsonResponse:
    return _gagal("Data belum tersimpan. Perbaiki isian yang ditandai, lalu kirim lagi.", 422, galat=galat)


def _terkirim(url: str, *, ulang: bool = False) -> JsonResponse:
    pesan = "Sudah tersimpan sebelumnya (kiriman ulang)." if ulang else "Tersimpan di server."
    return JsonResponse({"status": "terkirim", "url": url, "ulang": ulang, "pesan": pesan})


def _kirim_sekali(request, jalankan):
    """Run ``jalankan(hasil)`` once per outbox UUID; a retry answers the first save's page."""
    uuid = request.POST.get("uuid")
    try:
        with token_luring_pakai(pengguna=request.user, token=uuid, tujuan=request.path) as hasil:
            jalankan(hasil)
    except SudahTersimpan as exc:
        return _terkirim(exc.url, ulang=True)
    return _terkirim(hasil.url)


def _sudah(request) -> JsonResponse | None:
    """The UUID is checked first (as a resent online form skips validation): a retry of a saved
    item answers with its page even if the data would now be refused (e.g. the version moved)."""
    url = token_luring_status(pengguna=request.user, token=request.POST.get("uuid"), tujuan=request.path)
    if url is None:
        return _gagal(PESAN_UUID, 400)
    return _terkirim(url, ulang=True) if url else None


# --- pages -----------------------------------------------------------------------------------
def beranda(request):
    """The offline hub: download, what is on the device, households to pick, outbox link."""
    return _halaman(request, "pmks/luring/beranda.html")


def kotak_keluar(request):
    return _halaman(request, "pmks/luring/kotak_keluar.html")


def kunjungan(request):
    return _halaman(request, "pmks/luring/kunjungan.html", {"form": KunjunganLuringForm(user=request.user)})


def keluarga_baru(request):
    return _halaman(request, "pmks/luring/keluarga.html", {
        "form": KeluargaForm(user=request.user, baru=True),
        "formset": anggota_formset(queryset=Anggota.objects.none(), extra=1), "baru": True,
    })


def keluarga_ubah(request):
    return _halaman(request, "pmks/luring/keluarga.html", {
        "form": KeluargaForm(user=request.user, baru=False),
        "formset": anggota_formset(queryset=Anggota.objects.none(), extra=0), "baru": False,
    })


def konflik(request):
    return _halaman(request, "pmks/luring/konflik.html")


@require_GET
@_jawab_json
def unduh(request):
    """The TKSK's own kecamatan, for offline work (never cached: the service worker skips it)."""
    wajib(request.user, Aksi.PENDAMPINGAN, wilayah=SATU_KECAMATAN, pesan=PESAN_TIDAK_TKSK,
          pesan_wilayah=PESAN_TIDAK_TKSK)
    setelah, ukuran = request.GET.get("setelah"), request.GET.get("ukuran")
    setelah_id, ukuran_n = id_dari_teks(setelah), id_dari_teks(ukuran)
    if (setelah not in (None, "") and setelah_id is None) or (ukuran not in (None, "") and ukuran_n is None):
        return JsonResponse({"status": "gagal", "pesan": PESAN_HALAMAN_UNDUH}, status=400)
    return JsonResponse(selectors.unduhan_kecamatan(user=request.user, setelah=setelah_id, ukuran=ukuran_n))


@require_GET
@_jawab_json
def sesi(request):
    """Who is logged in and a CSRF token for the sync (an expired session redirects to login)."""
    wajib(request.user, Aksi.PENDAMPINGAN, wilayah=SATU_KECAMATAN, pesan=PESAN_TIDAK_TKSK,
          pesan_wilayah=PESAN_TIDAK_TKSK)
    return JsonResponse({"pengguna": request.user.pk, "username": request.user.get_username(),
                         "csrf": get_token(request)})


# --- sync endpoints --------------------------------------------------------------------------
@require_POST
@_jawab_json
def kirim_kunjungan(request, keluarga_pk: int):
    """A visit recorded offline: ``KunjunganForm`` + ``kunjungan_catat``, as ``kunjungan_tambah``."""
    besar = _terlalu_besar(request, "kunjungan")
    if besar:
        return besar
    keluarga = keluarga_pendampingan(request, keluarga_pk, write=True)
    sudah = _sudah(request)
    if sudah:
        return sudah
    form = KunjunganForm(request.POST, request.FILES, keluarga=keluarga, user=request.user)
    if not form.is_valid():
        return _gagal_validasi(_galat_form(form))
    d = form.cleaned_data

    def jalankan(hasil):
        kunjungan = layanan_pendampingan.kunjungan_catat(
            oleh=request.user, keluarga=[keluarga, *d.get("keluarga_lain", [])],
            tanggal=d["tanggal"], jenis=d["jenis"], peran=d["peran"], catatan=d["catatan"], hasil=d["hasil"],
            tanggal_tindak_lanjut=d["tanggal_tindak_lanjut"], rencana_tindak_lanjut=d["rencana_tindak_lanjut"],
            foto=d["foto"],
        )
        hasil.url = reverse("pmks:kunjungan_detail", args=[kunjungan.pk])

    try:
        return _kirim_sekali(request, jalankan)
    except ValidationError as exc:
        return _gagal_validasi(_galat_layanan(exc))


def _simpan_keluarga(request, *, keluarga):
    """Register (``keluarga=None``) or edit, with the online view's form classes and services."""
    baru = keluarga is None
    queryset = Anggota.objects.none() if baru else keluarga.anggota.aktif().order_by("id")
    aman = {} if baru else {"versi_dari": keluarga}
    if not baru and str(request.POST.get("versi", "")).strip() != str(keluarga.versi):
        return _jawab_konflik(keluarga)  # never applied: the phone shows both sides (the service re-checks)
    form = KeluargaForm(request.POST, user=request.user, baru=baru, instance=keluarga, **aman)
    formset = anggota_formset(data=request.POST, queryset=queryset, extra=0)
    if not form.is_valid() or not formset.is_valid():
        return _gagal_validasi(_galat_form(form, *formset.forms) | _galat_formset(formset))
    baris = formset.baris_untuk_layanan()
    data = dict(form.cleaned_data)

    def jalankan(hasil):
        nonlocal keluarga
        if baru:
            keluarga = layanan_registri.keluarga_daftarkan(
                user=request.user, data=data, anggota=[d for _, d in baris],
                konfirmasi_duplikat=data["konfirmasi_duplikat"],
                pemberitahuan_versi=data.get("versi_pemberitahuan"),  # the privacy-notice box (UU PDP)
            )
        else:
            keluarga = layanan_registri.keluarga_ubah(
                user=request.user, keluarga=keluarga, data=data, anggota=[d for _, d in baris],
                konfirmasi_duplikat=data["konfirmasi_duplikat"], versi=form.versi_dikirim,
            )
        hasil.url = reverse("pmks:keluarga_detail", kwargs={"pk": keluarga.pk})

    try:
        return _kirim_sekali(request, jalankan)
    except layanan_registri.PerluKonfirmasi as exc:
        return _gagal_validasi(_galat_konfirmasi(exc))
    except ValidationError as exc:
        if not baru and any(getattr(e, "code", None) == KODE_KONFLIK for e in getattr(exc, "error_list", [])):
            return _jawab_konflik(keluarga)
        return _gagal_validasi(_galat_layanan(exc))


def _galat_formset(formset) -> dict[str, list[str]]:
    salah = formset.non_form_errors()
    return {NON_FIELD_ERRORS: _teks(salah)} if salah else {}


def _jawab_konflik(keluarga) -> JsonResponse:
    server = selectors.keluarga_server(keluarga)
    return JsonResponse({"status": "konflik", "pesan": PESAN_KONFLIK_LURING, "versi": server["versi"],
                         "server": server}, status=409)


PESAN_KONFLIK_LURING = (
    "Data keluarga ini sudah diubah di server sejak Anda mengunduhnya, jadi perubahan Anda belum "
    "disimpan. Bandingkan isian Anda dengan data server, pilih per kolom, lalu kirim lagi."
)


@require_POST
@batasi("cek-nomor")
@_jawab_json
def kirim_keluarga_baru(request):
    """A household registered offline: as ``pmks.registri.views.keluarga_tambah``."""
    besar = _terlalu_besar(request, "keluarga")
    if besar:
        return besar
    wajib(request.user, Aksi.UBAH_DATA, wilayah=WILAYAH_TUGAS, pesan="Peran Anda hanya dapat melihat data.")
    sudah = _sudah(request)
    if sudah:
        return sudah
    return _simpan_keluarga(request, keluarga=None)


@require_POST
@batasi("cek-nomor")
@_jawab_json
def kirim_keluarga_ubah(request, pk: int):
    """A household edited offline: as ``pmks.registri.views.keluarga_ubah``, with the downloaded ``versi``."""
    besar = _terlalu_besar(request, "keluarga")
    if besar:
        return besar
    keluarga = registri.get_keluarga_for_user(request.user, pk, write=True)
    sudah = _sudah(request)
    if sudah:
        return sudah
    return _simpan_keluarga(request, keluarga=keluarga)


# --- service worker and manifest -------------------------------------------------------------
def _revisi(path: str) -> str:
    lokasi = finders.find(path)
    if not lokasi:
        return ""
    with open(lokasi, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


@login_not_required
@require_GET
def service_worker(request):
    """The service worker at the root scope, so it may serve every page of the app."""
    aset = [{"url": staticfiles_storage.url(p), "revision": _revisi(p)} for p in ASET_LURING]
    modul = {m: staticfiles_storage.url(f"vendor/workbox-7.4.1/{m}.prod.js") for m in MODUL_WORKBOX}
    isi = render_to_string("pmks/luring/sw.js", {
        "aset_json": json.dumps(aset),
        "modul_json": json.dumps(modul),
        "workbox_sw": staticfiles_storage.url("vendor/workbox-7.4.1/workbox-sw.js"),
        "halaman_json": json.dumps(HALAMAN_CANGKANG()),
        "cadangan": reverse("luring:beranda"),
        "versi": hashlib.sha256(json.dumps(aset).encode()).hexdigest()[:12],
    })
    resp = HttpResponse(isi, content_type="text/javascript; charset=utf-8")
    resp["Service-Worker-Allowed"] = "/"
    resp["Cache-Control"] = "no-cache"
    return resp


def HALAMAN_CANGKANG() -> list[str]:  # noqa: N802 - a constant that needs the URL resolver
    return [reverse(f"luring:{n}") for n in ("beranda", "kotak_keluar", "kunjungan", "keluarga_baru",
                                              "keluarga_ubah", "konflik")]


@login_not_required
@require_GET
def manifest(request):
    """Web app manifest: installable, Indonesian name, icons from static/luring/."""
    ikon = [
        {"src": staticfiles_storage.url("luring/ikon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": staticfiles_storage.url("luring/ikon-512.png"), "sizes": "512x512", "type": "image/png"},
        {"src": staticfiles_storage.url("luring/ikon-maskable-512.png"), "sizes": "512x512", "type": "image/png",
         "purpose": "maskable"},
    ]
    isi = {
        "name": "Sidamping — Pendampingan Kesejahteraan Sosial",
        "short_name": "Sidamping",
        "description": "Pendataan dan pendampingan PMKS oleh TKSK, juga saat tidak ada sinyal.",
        "lang": "id",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#198754",
        "icons": ikon,
    }
    return HttpResponse(json.dumps(isi, ensure_ascii=False), content_type="application/manifest+json; charset=utf-8")
