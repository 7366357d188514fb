"""Filter form of the household list (django-filter), scoped to the user's area."""

from __future__ import annotations

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row, Submit
from django import forms
from django.db.models import Exists, OuterRef
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe

from pmks import ekstensi
from pmks.models import JenisPMKS, KlasifikasiPMKS
from tksk.batas import TEKS_CARI
from tksk.scoping import kelurahan_untuk, wilayah_tugas

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


def _kelurahan(request):
    if request is None:
        return kelurahan_untuk(None)
    return kelurahan_untuk(request.user).order_by("kode")


class KeluargaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Cari", method="filter_q", max_length=TEKS_CARI,
        widget=forms.TextInput(attrs={"placeholder": "NIK, No. KK, atau nama", "type": "search"}),
    )
    kelurahan = django_filters.ModelChoiceFilter(
        queryset=_kelurahan, empty_label="Semua kelurahan", widget=PilihanRingan
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
        self.form.fields["kelurahan"].label_from_instance = lambda w: w.nama
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_tag = False
        helper.disable_csrf = True
        lain = [nama for nama in self.filters if nama != "q"]
        if ekspor:
            helper.layout = Layout(
                Row(Column("q", css_class="col-12"), *[Column(n, css_class="col-12 col-sm-6") for n in lain],
                    css_class="g-2"),
            )
        else:
            kolom = [Column(nama, css_class="col-12 col-sm-6 col-lg") for nama in lain]
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

    def filter_q(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        return cari_keluarga(queryset, value, wilayah=wilayah_tugas(user) if user is not None else None)

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
