from __future__ import annotations

from collections.abc import Sequence

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from .batas import BatasFormMixin
from .konkurensi import FormSimpanAman


class FormMasuk(AuthenticationForm):
    """The login form. Django's Indonesian catalogue says "Masukkan nama pengguna %(username)s ...",
    which reads "nama pengguna nama pengguna": the message is written out here instead."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Nama pengguna atau sandi salah. Huruf besar/kecil berpengaruh.",
    }

    def clean_username(self):
        # AuthenticationForm sets max_length after the field is built, so its validator is missing: a
        # longer name reached authenticate() and django-axes' 255-character column (a 500).
        username = self.cleaned_data["username"]
        if len(username) > self.fields["username"].max_length:
            raise self.get_invalid_login_error()
        return username


def pasang_galat(
    form: forms.BaseForm, exc: ValidationError, *, baris: dict[str, Sequence[forms.BaseForm]] | None = None
) -> None:
    """Put a service's ``ValidationError`` on the form that was submitted: each key on its field, a key the
    form has no field for (``__all__``, a model field not on the form) and a message without key on the
    form itself. ``baris`` maps a prefix to formset rows: key ``anggota.2.nik`` lands on field ``nik`` of
    ``baris["anggota"][2]``. Message codes are kept."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for kunci, galat in exc.error_dict.items():
        tujuan, kolom = form, kunci
        awalan, _, sisa = kunci.partition(".")
        if baris and awalan in baris and sisa:
            indeks, _, kolom = sisa.partition(".")
            tujuan = baris[awalan][int(indeks)]
        if kolom in tujuan.fields and kolom in tujuan.errors:
            continue  # the form already shows its own error there (the service saw the value as missing)
        tujuan.add_error(kolom if kolom in tujuan.fields else None, galat)


class FormKanalNotifikasi(FormSimpanAman, BatasFormMixin, forms.Form):
    """The profile's notification channels (in the app always; e-mail and later ones by choice)."""

    kanal = forms.MultipleChoiceField(
        label="Kirim juga lewat", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Notifikasi selalu tampil di aplikasi (ikon lonceng).",
    )
    email = forms.EmailField(label="Alamat e-mail", required=False, max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .notifikasi import KANAL

        self.fields["kanal"].choices = [(k.kode, f"{k.nama} — {k.keterangan}" if k.keterangan else k.nama)
                                        for k in KANAL.values()]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout("kanal", "email")
