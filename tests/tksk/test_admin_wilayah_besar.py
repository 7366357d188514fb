"""The Django admin never lists all of Indonesia's regions (or the whole registry) in a dropdown:
every relation to a large table is an autocomplete or a raw id field, or read-only."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import models

from pmks.models import Anggota, Keluarga
from tksk.models import Wilayah

pytestmark = pytest.mark.django_db

BESAR = (Wilayah, Keluarga, Anggota)


def _relasi_besar(model):
    for f in model._meta.get_fields():
        if isinstance(f, models.ForeignKey | models.OneToOneField | models.ManyToManyField) and not f.auto_created \
                and f.related_model in BESAR and f.editable:
            yield f


def _ujung(model, jalur: str):
    """The model a ``list_filter`` path like ``kelurahan__induk`` ends on (None for a plain field)."""
    for bagian in jalur.split("__"):
        try:
            f = model._meta.get_field(bagian)
        except Exception:  # noqa: BLE001 - a lookup, not a field
            return None
        if not f.is_relation:
            return None
        model = f.related_model
    return model


def test_every_admin_relation_to_a_large_table_is_autocomplete_raw_id_or_read_only(rf, admin_user):
    salah = []
    permintaan = rf.get("/admin/")
    permintaan.user = admin_user
    for model, model_admin in admin.site._registry.items():
        for filt in model_admin.list_filter:
            nama = filt if isinstance(filt, str) else ""
            if nama and _ujung(model, nama) in BESAR:
                salah.append(f"{model._meta.label} list_filter {nama}")
        for ma in [model_admin, *model_admin.get_inline_instances(permintaan)]:
            if not (ma.has_add_permission(permintaan, None) if ma is not model_admin
                    else ma.has_add_permission(permintaan)) and not ma.has_change_permission(permintaan):
                continue  # view-only: the form shows values, no dropdown
            dibaca = set(ma.get_readonly_fields(permintaan))
            fields = ma.get_fields(permintaan)
            for f in _relasi_besar(ma.model):
                if f.name in dibaca or f.name in ma.autocomplete_fields or f.name in ma.raw_id_fields:
                    continue
                if f.name not in fields or (ma is not model_admin and f.related_model is model):
                    continue  # not on the form / the inline's link to its parent
                salah.append(f"{ma.model._meta.label}.{f.name}")
    assert not salah, salah


def test_region_autocomplete_is_searchable():
    assert admin.site._registry[Wilayah].search_fields
