"""Forms of the UU PDP screens (shape only; the rules are in ``pmks.registri.permintaan``)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from pmks.models import Anggota, Keluarga, PermintaanSubjekData
from tksk import batas
from tksk.batas import BatasFormMixin
from tksk.konkurensi import FormSimpanAman
from tksk.permissions import Aksi, boleh

from . import choices as c


def _helper(tombol: str, kelas: str = "btn-primary") -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("simpan", tombol, css_class=kelas))
    return helper


class PermintaanForm(FormSimpanAman, BatasFormMixin, forms.Form):
    jenis = forms.ChoiceField(label="Jenis permintaan", choices=c.JenisPermintaan.choices, widget=forms.RadioSelect)
    anggota = forms.ModelChoiceField(
        label="Subjek data", required=False, queryset=Anggota.objects.none(),
        empty_label="(seluruh anggota keluarga)",
    )
    nama_pemohon = forms.CharField(label="Nama pemohon", max_length=150,
                                   help_text="Subjek data sendiri, atau orang tua/wali untuk anak.")
    uraian = forms.CharField(label="Isi permintaan", required=False, max_length=batas.TEKS_PANJANG,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, keluarga: Keluarga, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anggota"].queryset = keluarga.anggota.order_by("tanggal_lahir", "id")
        self.helper = _helper("Catat permintaan")


class SelesaikanPermintaanForm(BatasFormMixin, forms.Form):
    jawaban = forms.CharField(label="Jawaban / catatan", required=False, max_length=batas.TEKS_PANJANG,
                              widget=forms.Textarea(attrs={"rows": 3}))
    konfirmasi_dinsos = forms.BooleanField(
        label="Dinas Sosial mengonfirmasi penghapusan walaupun keluarga ini masih penerima bantuan aktif",
        required=False,
    )

    def __init__(self, *args, permintaan: PermintaanSubjekData, user, **kwargs):
        super().__init__(*args, **kwargs)
        if permintaan.jenis != c.JenisPermintaan.PENGHAPUSAN or not boleh(user, Aksi.VERIFIKASI_USULAN):  # Dinas Sosial
            del self.fields["konfirmasi_dinsos"]
        self.helper = _helper("Jawab dan tutup permintaan", "btn-danger" if permintaan.jenis == "penghapusan"
                              else "btn-primary")
