"""Filter form of the household list (django-filter), scoped to the user's area."""

from __future__ import annotations

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row, Submit
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from pmks import ekstensi
from pmks.models import JenisPMKS, KlasifikasiPMKS
from tksk.batas import TEKS_CARI
from tksk.models import TINGKAT_DESA_KELURAHAN, TINGKAT_KOTA_KABUPATEN, Tingkat, Wilayah
from tksk.scoping import filter_wilayah, wilayah_tugas

from . import choices as c
from .selectors import cari_keluarga

STATUS_SEMUA = "semua"
UKURAN_HALAMAN = [25, 50, 100]


class PilihanRingan(forms.Select):
    """A ``<select>`` rendered without a template per option: a province holds 8,000+ desa, and
    Django's per-option templates took seconds for that list (0.3 s for a kabupaten's 400).
    The options of a model choice come from ``(pk, nama)`` tuples of one query, not from model
    instances (8,500 instances were 0.4 s of a province user's list page)."""

    def _pilihan(self):
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if queryset is None:
            return iterator
        kosong = [("", iterator.field.empty_label)] if iterator.field.empty_label is not None else []
        return [*kosong, *queryset.values_list("pk", "nama")]

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        terpilih = "" if value in (None, "") else str(value)
        bagian = [f"<select{flatatt(attrs)}>"]
        for nilai, label in self._pilihan():
            v = "" if nilai in (None, "") else str(nilai)
            pilih = " selected" if v == terpilih else ""
            bagian.append(f'<option value="{escape(v)}"{pilih}>{escape(label)}</option>')
        bagian.append("</select>")
        return mark_safe("".join(bagian))  # noqa: S308 - every value and label is escaped above


# The region filter's levels, widest first, with the region levels each one holds.
TINGKAT_FILTER: dict[str, tuple[str, ...]] = {
    "kabupaten": TINGKAT_KOTA_KABUPATEN,
    "kecamatan": (Tingkat.KECAMATAN,),
    "kelurahan": TINGKAT_DESA_KELURAHAN,
}
# Without a chosen parent a level's select lists at most this many regions; above it waits for the
# parent (a province: 38 kab/kota, 666 kecamatan, 8,494 desa; a kab/kota: ~20 kecamatan, ~300 desa).
BATAS_PILIHAN = 300
TUNGGU_INDUK = {"kecamatan": "Pilih kab/kota dulu", "kelurahan": "Pilih kecamatan dulu"}


def _tingkat_awal(area: Wilayah | None) -> int:
    """The widest level with a choice inside ``area`` (the whole country / a province: kab/kota)."""
    if area is None or area.tingkat == Tingkat.PROVINSI:
        return 0
    return 1 if area.tingkat in TINGKAT_KOTA_KABUPATEN else 2


def _wilayah_disebut(user, data) -> dict[str, Wilayah]:
    """The regions the request names in ``kabupaten`` / ``kecamatan`` / ``kelurahan`` that lie in the
    user's area at that level, with their parents (one query, none when no region is named). A
    name outside the area is absent here and fails the field's validation as an invalid choice."""
    ids = {}
    for nama in TINGKAT_FILTER:
        nilai = data.get(nama)
        if isinstance(nilai, str) and nilai.isascii() and nilai.isdigit() and len(nilai) <= 12:
            ids[nama] = int(nilai)
    if not ids:
        return {}
    ada = {
        w.pk: w
        for w in filter_wilayah(Wilayah.objects.filter(pk__in=ids.values()), user, "").select_related("induk__induk")
    }
    return {nama: ada[pk] for nama, pk in ids.items() if pk in ada and ada[pk].tingkat in TINGKAT_FILTER[nama]}


def _pilihan_di_dalam(user, nama: str, induk: Wilayah | None, *, batas: int | None = None) -> list[tuple]:
    """``(pk, nama, kode)`` of the user's regions of level ``nama`` inside ``induk``, by code."""
    qs = _queryset_tingkat(user, nama, induk).values_list("pk", "nama", "kode")
    return list(qs[:batas] if batas is not None else qs)


def _queryset_tingkat(user, nama: str, induk: Wilayah | None) -> QuerySet[Wilayah]:
    qs = filter_wilayah(Wilayah.objects.filter(tingkat__in=TINGKAT_FILTER[nama]), user, "")
    return (qs.di_dalam(induk) if induk is not None else qs).order_by("kode")


class KeluargaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Cari", method="filter_q", max_length=TEKS_CARI,
        widget=forms.TextInput(attrs={"placeholder": "NIK, No. KK, atau nama", "type": "search"}),
    )
    # kab/kota → kecamatan → kelurahan: the querysets, the options and which selects show are set per
    # user and choice in ``_susun_wilayah``; a wider level filters by the region's code prefix.
    kabupaten = django_filters.ModelChoiceFilter(
        label="Kabupaten/kota", queryset=Wilayah.objects.none(), method="filter_di_dalam",
        empty_label="Semua kabupaten/kota", widget=PilihanRingan,
    )
    kecamatan = django_filters.ModelChoiceFilter(
        label="Kecamatan", queryset=Wilayah.objects.none(), method="filter_di_dalam",
        empty_label="Semua kecamatan", widget=PilihanRingan,
    )
    kelurahan = django_filters.ModelChoiceFilter(
        label="Kelurahan", queryset=Wilayah.objects.none(), empty_label="Semua kelurahan", widget=PilihanRingan
    )
    jenis = django_filters.ModelChoiceFilter(
        label="Jenis PMKS", queryset=JenisPMKS.objects.filter(aktif=True), method="filter_jenis",
        empty_label="Semua jenis PMKS",
    )
    status = django_filters.ChoiceFilter(
        choices=[*c.StatusKeluarga.choices, (STATUS_SEMUA, "Semua status")], method="filter_status",
        empty_label=None,
    )
    bantuan = django_filters.ChoiceFilter(
        label="Bantuan", choices=[("ada", "Ada bantuan"), ("belum", "Belum ada bantuan")],
        method="filter_bantuan", empty_label="Ada / belum ada bantuan",
    )

    def __init__(self, data=None, *args, ekspor: bool = False, **kwargs):
        """``ekspor=True``: the export card's form (narrow, no "Tampilkan": its download buttons submit it)."""
        data = data.copy() if data is not None else {}
        data.setdefault("status", c.StatusKeluarga.AKTIF)
        super().__init__(data, *args, **kwargs)
        self.tingkat_tampil = self._susun_wilayah(data)
        self.form.fields["kelurahan"].label_from_instance = lambda w: w.nama
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_tag = False
        helper.disable_csrf = True
        lain = [n for n in self.filters if n != "q" and (n not in TINGKAT_FILTER or n in self.tingkat_tampil)]
        wadah = {n: {"css_id": f"wadah-{n}"} for n in TINGKAT_FILTER}  # the htmx partial swaps these
        if ekspor:
            helper.layout = Layout(
                Row(Column("q", css_class="col-12"),
                    *[Column(n, css_class="col-12 col-sm-6", **wadah.get(n, {})) for n in lain], css_class="g-2"),
            )
        else:
            lebar = "col-lg" if len(lain) <= 4 else "col-lg-4"  # kab/kota and kecamatan too: three a row
            kolom = [Column(nama, css_class=f"col-12 col-sm-6 {lebar}", **wadah.get(nama, {})) for nama in lain]
            # On a phone only the search box shows; the other filters fold away unless one is in use.
            dipakai = any((data.get(n) not in (None, "", c.StatusKeluarga.AKTIF)) for n in lain)
            helper.layout = Layout(
                Row(
                    Column("q", css_class="col-12 col-lg-4"),
                    Column(
                        Row(*kolom, css_class="g-2"),
                        css_class=f"col-12 col-lg-8 collapse d-lg-block{' show' if dipakai else ''}",
                        css_id="filter-lain",
                    ),
                    css_class="g-2",
                ),
                HTML(
                    '<button type="button" class="btn btn-outline-secondary d-lg-none me-2" data-bs-toggle="collapse" '
                    'data-bs-target="#filter-lain" aria-controls="filter-lain">Filter</button>'
                ),
                Submit("cari", "Tampilkan"),
            )
        self.form.helper = helper

    def _susun_wilayah(self, data) -> list[str]:
        """Set the region selects for this user and choice; return the levels shown, widest first.

        A level shows when the user's area holds more than one region of it (a TKSK: only the
        kelurahan; a kab/kota: kecamatan and kelurahan; a province: all three); the only region of a
        hidden level is the parent of the next. Options are the user's regions inside the chosen
        parent; with no parent chosen a select lists at most ``BATAS_PILIHAN`` and otherwise shows
        "Pilih … dulu". A child that lies outside the parent chosen since (a changed kab/kota,
        without JavaScript) is dropped rather than refused; a child chosen alone fills in its parents.
        Queries: one per select shown (none for a select waiting for its parent's parent), plus one
        when a region is named (and, as for any model choice, one per chosen value when validated).
        """
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return ["kelurahan"]  # querysets stay empty: every region is an invalid choice
        area = wilayah_tugas(user)
        tingkat = list(TINGKAT_FILTER)[_tingkat_awal(area):]
        dipilih = self._pilihan_tersaring(user, area, tingkat, data)
        susunan: dict[str, tuple[Wilayah | None, list[tuple] | None]] = {}  # level → (parent, options or waiting)
        # induk None: the user's whole area. pasti: list every option (the widest select, or under a
        # region the user chose); otherwise at most BATAS_PILIHAN, else "Pilih … dulu".
        induk, pasti, menunggu, ada_pilihan = None, True, False, False
        for nama in tingkat:
            if menunggu:  # its parent's level waits already: this one holds even more
                pilihan = None
            elif pasti:
                pilihan = _pilihan_di_dalam(user, nama, induk)
            else:
                pilihan = _pilihan_di_dalam(user, nama, induk, batas=BATAS_PILIHAN + 1)
                pilihan = None if len(pilihan) > BATAS_PILIHAN else pilihan
            if not susunan and nama != "kelurahan" and pilihan is not None and len(pilihan) <= 1:
                if pilihan:  # the only region at this level: nothing to choose, it is the next one's parent
                    induk = Wilayah(pk=pilihan[0][0], kode=pilihan[0][2])
                continue
            susunan[nama] = (induk, pilihan)
            menunggu = pilihan is None
            if dipilih.get(nama) is not None:
                induk, ada_pilihan = dipilih[nama], True
            pasti = ada_pilihan  # a chosen kab/kota lists its desa; a province or one's own area, up to the limit
        for nama in TINGKAT_FILTER:
            if nama not in susunan:  # not shown, still validated: a region outside the area is refused
                self.form.fields[nama].queryset = _queryset_tingkat(user, nama, None)
        for nama, (induk, pilihan) in susunan.items():
            field = self.form.fields[nama]
            field.queryset = _queryset_tingkat(user, nama, induk)
            if pilihan is None:
                field.widget.choices = [("", TUNGGU_INDUK[nama])]
            else:
                field.widget.choices = [("", field.empty_label), *((pk, n) for pk, n, _ in pilihan)]
            if nama != "kelurahan":  # a changed parent re-renders its children (progressive: "Tampilkan" does too)
                field.widget.attrs.update({
                    "hx-get": reverse("pmks:pilihan_wilayah"), "hx-trigger": "change",
                    "hx-include": "closest form", "hx-swap": "none", "hx-sync": "closest form:replace",
                })
        return list(susunan)

    @staticmethod
    def _pilihan_tersaring(user, area, tingkat: list[str], data) -> dict[str, Wilayah | None]:
        """The regions chosen at each level: a child outside the parent chosen since (a changed
        kab/kota, submitted without JavaScript) is dropped rather than refused; a child chosen alone
        (a bookmarked link) fills in its parents so that the selects show the whole path."""
        disebut = _wilayah_disebut(user, data)
        dipilih: dict[str, Wilayah | None] = {}
        induk = area
        for nama in tingkat:
            w = disebut.get(nama)
            if w is not None and induk is not None and not induk.mencakup(w):
                data[nama], w = "", None
            dipilih[nama] = w
            induk = w or induk
        for atas, bawah in reversed(list(zip(tingkat, tingkat[1:], strict=False))):
            anak = dipilih[bawah]
            ortu = anak.induk if anak is not None else None
            if dipilih[atas] is None and ortu is not None and ortu.tingkat in TINGKAT_FILTER[atas] and (
                area is None or area.mencakup(ortu)
            ):
                dipilih[atas] = ortu
                data[atas] = str(ortu.pk)
        return dipilih

    def wilayah_terpilih(self) -> Wilayah | None:
        """The narrowest region chosen in the filter (after validation), else ``None``."""
        data = getattr(self.form, "cleaned_data", {})
        return next((data[n] for n in reversed(TINGKAT_FILTER) if data.get(n)), None)

    def filter_di_dalam(self, queryset, name, value):
        """A kab/kota or a kecamatan: the households whose kelurahan code starts with its code (the
        same prefix match as the area scope); skipped when a narrower region is chosen too."""
        if value is None or self.wilayah_terpilih() != value:
            return queryset
        return queryset.filter(kelurahan__kode__startswith=f"{value.kode}.")

    def filter_q(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if user is None:
            return cari_keluarga(queryset, value, wilayah=None)
        # the name search is bounded by the chosen region (one kab/kota partition of the name index)
        return cari_keluarga(queryset, value, wilayah=self.wilayah_terpilih() or wilayah_tugas(user))

    def filter_jenis(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(KlasifikasiPMKS.objects.filter(keluarga_id=OuterRef("pk"), jenis=value, aktif=True))
        )

    def filter_status(self, queryset, name, value):
        if value == STATUS_SEMUA:
            return queryset
        return queryset.filter(status=value or c.StatusKeluarga.AKTIF)

    def filter_bantuan(self, queryset, name, value):
        if value not in ("ada", "belum"):
            return queryset
        return ekstensi.filter_bantuan()(queryset, value == "ada")  # bantuan's rule (BantuanConfig.ready)
