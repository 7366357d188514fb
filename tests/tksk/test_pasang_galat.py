"""One helper puts a service's ValidationError on the submitted form (tksk.forms.pasang_galat)."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from tksk.forms import pasang_galat


class _Form(forms.Form):
    nama = forms.CharField(required=False)


def _form() -> _Form:
    f = _Form({"nama": "x"})
    assert f.is_valid()
    return f


def test_keyed_errors_land_on_their_field_and_unknown_keys_on_the_form():
    f = _form()
    pasang_galat(f, ValidationError({"nama": "Nama salah.", "lain": "Lain salah.", NON_FIELD_ERRORS: "Umum."}))
    assert f.errors["nama"] == ["Nama salah."]
    assert f.non_field_errors() == ["Lain salah.", "Umum."]


def test_a_message_without_key_lands_on_the_form_with_its_code():
    f = _form()
    pasang_galat(f, ValidationError("Sudah berubah.", code="konflik"))
    assert f.non_field_errors() == ["Sudah berubah."]
    assert f.has_error(NON_FIELD_ERRORS, "konflik")


def test_row_keys_land_on_the_formset_row():
    f, baris = _form(), [_form(), _form()]
    pasang_galat(f, ValidationError({"anggota.1.nama": "NIK ganda.", "anggota.0.tidak_ada": "Susunan."}),
                 baris={"anggota": baris})
    assert baris[1].errors["nama"] == ["NIK ganda."]
    assert baris[0].non_field_errors() == ["Susunan."]
    assert not f.errors
