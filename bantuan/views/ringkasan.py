"""Overlap and gap lists (who receives several programs at once, who receives nothing)."""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.shortcuts import render
from django.utils import timezone

from tksk.permissions import Aksi, boleh

from .. import cakupan as sel
from .. import cakupan_halaman
from ..forms import FilterPeriodeForm, FilterWilayahForm
from .umum import PER_HALAMAN


def _halaman(request, daftar, urutan=None):
    """Page ``?halaman=`` of the list ``daftar(keluarga_ids=None)`` (a selector) in two steps: the
    page's ids in list order together with the list's length (``COUNT(*) OVER ()``: the list is
    computed once, not once for the count and again for the page), then the selector again for just
    those households (their rows with every column and annotation, by primary key). ``urutan(awal,
    jumlah)`` gives the first step when the selector has a page function of its own (``[(id, length)]``
    in list order, e.g. ``tumpang_tindih_halaman``); by default it is ``daftar()`` with the window
    count. A page past the end falls back to the last one (one more query for the length), as
    ``Paginator.get_page`` does."""
    per = PER_HALAMAN * 2
    try:
        nomor = min(max(int(request.GET.get("halaman") or 1), 1), 10**7)  # an absurd page: the last one
    except (TypeError, ValueError):
        nomor = 1
    if urutan is None:
        ids_qs = daftar().annotate(_jumlah=Window(Count("*"))).values_list("pk", "_jumlah")

        def urutan(awal, jumlah):
            return list(ids_qs[awal:awal + jumlah])

    baris_ids = urutan((nomor - 1) * per, per)
    if not baris_ids and nomor > 1:  # past the end: the length, then the last page
        pertama = urutan(0, 1)
        jumlah = pertama[0][1] if pertama else 0
        nomor = Paginator(range(jumlah), per).get_page(nomor).number
        baris_ids = urutan((nomor - 1) * per, per) if jumlah else []
    else:
        jumlah = baris_ids[0][1] if baris_ids else 0
    halaman = Paginator(range(jumlah), per).get_page(nomor)
    ids = [i for i, _ in baris_ids]
    per_id = {k.pk: k for k in daftar(keluarga_ids=ids)} if ids else {}
    halaman.object_list = ids
    return halaman, [per_id[i] for i in ids if i in per_id]


def tumpang_tindih(request):
    hari_ini = timezone.localdate()
    form = FilterPeriodeForm(request.GET or None, user=request.user)
    f = form.cleaned_data if form.is_valid() else {}
    mulai = f.get("mulai") or date(hari_ini.year, 1, 1)
    selesai = f.get("selesai") or date(hari_ini.year, 12, 31)
    if mulai > selesai:
        mulai, selesai = selesai, mulai
    kelurahan = f.get("kelurahan").pk if f.get("kelurahan") else None
    periode = {"user": request.user, "mulai": mulai, "selesai": selesai, "kelurahan": kelurahan}
    halaman, baris = _halaman(
        request, lambda **kw: sel.tumpang_tindih(**periode, **kw),
        urutan=lambda awal, jumlah: cakupan_halaman.tumpang_tindih_halaman(**periode, awal=awal, jumlah=jumlah))
    per_keluarga: dict[int, list] = {}
    for p in sel.penerimaan_dalam_periode(user=request.user, mulai=mulai, selesai=selesai,
                                          keluarga_ids=[k.pk for k in baris]):
        per_keluarga.setdefault(p.keluarga_id, []).append(p)
    for k in baris:
        k.penerimaan = per_keluarga.get(k.pk, [])
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(request, "bantuan/tumpang_tindih.html", {
        "form": form, "halaman": halaman, "baris": baris, "mulai": mulai, "selesai": selesai,
        "query": query.urlencode(),
    })


def belum_terjangkau(request):
    form = FilterWilayahForm(request.GET or None, user=request.user)
    f = form.cleaned_data if form.is_valid() else {}
    kelurahan = f.get("kelurahan").pk if f.get("kelurahan") else None
    hari_ini = timezone.localdate()  # one day for both steps
    lingkup = {"user": request.user, "kelurahan": kelurahan, "hari_ini": hari_ini}
    halaman, baris = _halaman(
        request, lambda **kw: sel.belum_terjangkau(**lingkup, **kw),
        urutan=lambda awal, jumlah: cakupan_halaman.belum_terjangkau_halaman(**lingkup, awal=awal, jumlah=jumlah))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(request, "bantuan/belum_terjangkau.html", {
        "form": form, "halaman": halaman, "baris": baris, "query": query.urlencode(),
        "aturan_urutan": sel.URAIAN_URUTAN_BELUM_TERJANGKAU, "hari": sel.HARI_TANPA_BANTUAN,
        "boleh_usul": boleh(request.user, Aksi.AJUKAN_USULAN),
    })
