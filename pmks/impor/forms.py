from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from tksk import batas
from tksk.konkurensi import FormSimpanAman


class UnggahForm(FormSimpanAman, forms.Form):
    berkas = forms.FileField(
        label="Berkas XLSX atau CSV",
        help_text="Gunakan templat. CSV boleh dipisah koma atau titik koma (UTF-8).",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("unggah", "Unggah dan periksa", css_class="btn-primary"))


class KonfirmasiForm(forms.Form):
    alasan_peringatan = forms.CharField(
        label="Alasan mengonfirmasi peringatan NIK", required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Wajib bila ada peringatan NIK, mis. \u201cSesuai KK asli, NIK tidak diterbitkan ulang\u201d.",
    )

    def __init__(self, *args, perlu_alasan: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.perlu_alasan = perlu_alasan
        if not perlu_alasan:
            del self.fields["alasan_peringatan"]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_alasan_peringatan(self):
        alasan = self.cleaned_data.get("alasan_peringatan", "").strip()
        if self.perlu_alasan and not alasan:
            raise forms.ValidationError("Tuliskan alasan untuk mengonfirmasi peringatan NIK.")
        return alasan


class DesilForm(FormSimpanAman, forms.Form):
    """Upload of the DTSEN desil ranking (SIKS-NG spreadsheet)."""

    berkas = forms.FileField(
        label="Berkas peringkat desil (XLSX/CSV)",
        help_text="Kolom: No. KK dan/atau NIK, Nama, Desil (1\u201310), Posisi data.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    posisi_data = batas.field_tanggal(
        batas.TANGGAL_KEGIATAN.dengan_label("Posisi data"), required=False,
        label="Posisi data (bila tidak ada kolomnya)",
        help_text="Tanggal posisi data DTSEN untuk seluruh berkas; kolom Posisi data di berkas didahulukan.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("unggah", "Unggah dan periksa", css_class="btn-primary w-100"))
