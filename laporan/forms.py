"""Forms of the report screens (crispy, Bootstrap 5)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError

from tksk import batas
from tksk.batas import BatasFormMixin
from tksk.konkurensi import FormSimpanAman

from .periode import Periode
from .services import BATAS_NARASI


class NarasiForm(FormSimpanAman, BatasFormMixin, forms.Form):
    """The TKSK's narrative; ``versi_dari=laporan`` (an unsaved draft counts as version 0)."""

    kondisi_sosial = forms.CharField(
        label="Kondisi sosial",
        required=False,
        max_length=BATAS_NARASI,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Gambaran kondisi sosial kecamatan bulan ini.",
    )
    kendala = forms.CharField(
        label="Kendala dan hambatan", required=False, max_length=BATAS_NARASI, widget=forms.Textarea(attrs={"rows": 4})
    )
    rencana_tindak_lanjut = forms.CharField(
        label="Rencana tindak lanjut", required=False, max_length=BATAS_NARASI, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template owns the <form> (it posts to the narasi URL)
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("kondisi_sosial"),
            Field("kendala"),
            Field("rencana_tindak_lanjut"),
            Submit("simpan", "Simpan narasi"),
        )


class KembalikanForm(BatasFormMixin, forms.Form):
    catatan = forms.CharField(
        label="Catatan untuk TKSK",
        max_length=batas.TEKS_PANJANG,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wajib: jelaskan apa yang perlu diperbaiki.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class PilihLaporanForm(BatasFormMixin, forms.Form):
    """Month picker: kecamatan (within the user's area) and month."""

    kecamatan = forms.ChoiceField(label="Kecamatan")
    bulan = forms.CharField(label="Bulan", max_length=10, widget=forms.DateInput(attrs={"type": "month"}))

    def __init__(self, *args, kecamatan_list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = [(k.kode, k.nama) for k in kecamatan_list]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row g-2 align-items-end"
        self.helper.layout = Layout(
            Field("kecamatan", wrapper_class="col-sm-5"),
            Field("bulan", wrapper_class="col-sm-4"),
            Submit("buka", "Buka laporan", css_class="btn-primary col-sm-3 mb-3"),
        )

    def clean_bulan(self) -> Periode:
        try:
            periode = Periode.dari_teks(self.cleaned_data["bulan"])
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        if not periode.sudah_berjalan():
            raise ValidationError("Bulan tersebut belum berjalan.")
        return periode
