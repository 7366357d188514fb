"""``{% ringkasan_galat form formset … %}``: every error of a submit in one box at the top of the form,
each linking to (and, with static/js/ringkasan_galat.js, focusing) its field. Works for any Django
form or formset; crispy renders the fields with the ids the links point to."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS

register = template.Library()


@dataclass(frozen=True)
class Galat:
    pesan: str
    label: str = ""
    nama: str = ""  # the field's HTML name (empty: about the whole form)
    id: str = ""


def _dari_form(form: forms.BaseForm, awalan: str = "") -> list[Galat]:
    hasil = []
    for nama, daftar in form.errors.items():
        if nama == NON_FIELD_ERRORS or nama not in form.fields:
            hasil += [Galat(pesan=p, label=awalan.rstrip(": ")) for p in daftar]
            continue
        bf = form[nama]
        for p in daftar:
            if bf.is_hidden:  # a token or version: nothing to correct by hand
                hasil.append(Galat(pesan=p))
            else:
                hasil.append(Galat(pesan=p, label=f"{awalan}{bf.label}", nama=bf.html_name, id=bf.auto_id or ""))
    return hasil


def galat_dari(*sumber) -> list[Galat]:
    hasil: list[Galat] = []
    for s in sumber:
        if s is None or not getattr(s, "is_bound", False):
            continue
        if isinstance(s, forms.BaseFormSet):
            hasil += [Galat(pesan=p) for p in s.non_form_errors()]
            nomor = 0
            for f in s.forms:
                hapus = f.data.get(f.add_prefix("DELETE")) in ("on", "true", "1")
                if hapus:
                    continue
                nomor += 1
                hasil += _dari_form(f, f"Anggota {nomor}: ")
        else:
            hasil += _dari_form(s)
    return hasil


@register.inclusion_tag("includes/_ringkasan_galat.html")
def ringkasan_galat(*sumber, judul: str = "Data belum tersimpan"):
    return {"galat": galat_dari(*sumber), "judul": judul}
