from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError


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
        tujuan.add_error(kolom if kolom in tujuan.fields else None, galat)
