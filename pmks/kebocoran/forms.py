from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms

from pmks.models import InsidenKebocoran
from pmks.registri.forms import AksesFilterForm
from tksk.batas import BatasFormMixin
from tksk.konkurensi import FormSimpanAman

from .services import ISIAN


class InputWaktu(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class InputTanggal(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


FORMAT_WAKTU = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]


class InsidenForm(FormSimpanAman, BatasFormMixin, forms.ModelForm):
    """Record (``baru``) or update a breach incident; the notice times and the closing on update."""

    class Meta:
        model = InsidenKebocoran
        fields = list(ISIAN)
        widgets = {
            "uraian": forms.Textarea(attrs={"rows": 3}),
            "data_terdampak": forms.Textarea(attrs={"rows": 2}),
            "penanganan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, baru: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateTimeField):
                field.widget = InputWaktu()
                field.input_formats = FORMAT_WAKTU
            elif isinstance(field, forms.DateField):
                field.widget = InputTanggal(attrs=field.widget.attrs)
        kolom = list(ISIAN)
        if baru:  # a new incident is open and nobody has been told yet (or: told at once, recorded here)
            kolom.remove("ditutup_pada")
            del self.fields["ditutup_pada"]
        else:
            self.fields["ditutup_pada"].help_text = (
                "Isi setelah penanganan selesai dan semua pihak diberi tahu; penahanan retensi ikut berakhir."
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*kolom)


class RingkasanAksesForm(AksesFilterForm):
    """The period (and optionally the user) of the access-log summary on an incident's page (GET)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["keluarga"]
