"""Scoped reads for the tksk app."""

from __future__ import annotations

from django.db.models import Prefetch

from .models import Wilayah
from .scoping import kecamatan_untuk, kelurahan_untuk, wilayah_tugas


def kecamatan_dengan_kelurahan(*, user) -> list[Wilayah]:
    kelurahan = kelurahan_untuk(user).order_by("kode")
    return list(
        kecamatan_untuk(user)
        .filter(anak__in=kelurahan)
        .distinct()
        .order_by("kode")
        .prefetch_related(Prefetch("anak", queryset=kelurahan, to_attr="kelurahan_terlihat"))
    )


def ringkasan_beranda(*, user) -> dict:
    """Context for the home page. Later apps add their own panels via their selectors."""
    return {
        "wilayah_tugas": wilayah_tugas(user),
        "kecamatan_list": kecamatan_dengan_kelurahan(user=user),
    }
