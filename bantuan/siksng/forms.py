"""Forms of the SIKS-NG package: which kelurahan and month, plus what the berita acara of the
musyawarah kelurahan and the SPTJM need from the user. All are GET forms: nothing is stored, the
documents are built from the registry each time (and each download is logged, UU PDP)."""

from __future__ import annotations

import re
from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone

from tksk import batas
from tksk.batas import BatasFormMixin
from tksk.models import Wilayah
from tksk.scoping import kelurahan_untuk

_BULAN = re.compile(r"^(\d{4})-(\d{2})$")
MAKS_PESERTA = 60  # attendees of one musyawarah kelurahan


class PaketForm(BatasFormMixin, forms.Form):
    """Kelurahan (within the user's area) and month of the package."""

    kelurahan = forms.ModelChoiceField(queryset=Wilayah.objects.none(), label="Kelurahan/desa")
    bulan = forms.CharField(
        label="Bulan pengajuan", max_length=7,
        widget=forms.DateInput(attrs={"type": "month", "placeholder": "TTTT-BB"}),
        help_text="Usulan yang diajukan pada bulan ini (WIB).",
    )

    tombol = "Tampilkan"
    paket_tersembunyi = False  # the document forms carry the chosen kelurahan and month hidden

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].queryset = kelurahan_untuk(user).order_by("kode")
        self.fields["bulan"].widget.attrs.update(min="2000-01", max=f"{timezone.localdate():%Y-%m}")
        if self.paket_tersembunyi:
            self.fields["kelurahan"].widget = forms.HiddenInput()
            self.fields["bulan"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*self.tata_letak(), Submit("kirim", self.tombol, css_class="btn-primary"))

    def tata_letak(self) -> list:
        return [Field("kelurahan"), Field("bulan")]

    def clean_bulan(self) -> date:
        cocok = _BULAN.match(self.cleaned_data["bulan"])
        if not cocok or not 1 <= int(cocok.group(2)) <= 12:
            raise ValidationError("Tulis bulan sebagai TTTT-BB, mis. 2026-11.")
        bulan = date(int(cocok.group(1)), int(cocok.group(2)), 1)
        if bulan < batas.AWAL_KEGIATAN:
            raise ValidationError(f"Bulan tidak boleh sebelum {batas.AWAL_KEGIATAN:%m-%Y}.")
        if bulan > timezone.localdate():
            raise ValidationError("Bulan tersebut belum berjalan.")
        return bulan


class BeritaAcaraForm(PaketForm):
    """The musyawarah kelurahan that agreed on the list: when, where, who chaired, who attended."""

    tanggal = batas.field_tanggal(batas.TANGGAL_KEGIATAN, label="Tanggal musyawarah")
    tempat = forms.CharField(label="Tempat", max_length=batas.TEKS_PENDEK)
    pimpinan = forms.CharField(label="Pimpinan musyawarah", max_length=batas.TEKS_PENDEK,
                               help_text="Nama dan jabatan, mis. Lurah Kanigaran.")
    peserta = forms.CharField(
        label="Peserta", max_length=batas.TEKS_PANJANG, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Satu peserta per baris: nama — unsur/jabatan (paling banyak {MAKS_PESERTA}).",
    )

    tombol = "Unduh berita acara (PDF)"
    paket_tersembunyi = True

    def tata_letak(self) -> list:
        return ["kelurahan", "bulan", "tanggal", "tempat", "pimpinan", "peserta"]

    def clean_peserta(self) -> list[str]:
        daftar = [b.strip() for b in self.cleaned_data["peserta"].splitlines() if b.strip()]
        if not daftar:
            raise ValidationError("Tulis minimal satu peserta.")
        if len(daftar) > MAKS_PESERTA:
            raise ValidationError(f"Peserta paling banyak {MAKS_PESERTA} orang.")
        return daftar


class SptjmForm(PaketForm):
    """The official who signs the Surat Pernyataan Tanggung Jawab Mutlak for the list."""

    nama = forms.CharField(label="Nama pejabat penanggung jawab", max_length=batas.TEKS_PENDEK)
    nip = forms.CharField(
        label="NIP", max_length=30, required=False,
        validators=[RegexValidator(r"^[0-9 ]*$", "NIP hanya berisi angka.")],
    )
    jabatan = forms.CharField(label="Jabatan", max_length=100, help_text="Mis. Lurah Kanigaran.")

    tombol = "Unduh SPTJM (PDF)"
    paket_tersembunyi = True

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("nama", user.nama_tampil)
            self.initial.setdefault("nip", user.nip)
            self.initial.setdefault("jabatan", user.jabatan)

    def tata_letak(self) -> list:
        return ["kelurahan", "bulan", "nama", "nip", "jabatan"]
