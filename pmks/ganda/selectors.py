"""Reads of the duplicate-candidate queue, always within the user's area (both records)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from tksk.permissions import Aksi, wajib

from . import choices as c
from .models import PasanganDuplikat

_TERKAIT = ("anggota_a__keluarga__kelurahan", "anggota_b__keluarga__kelurahan", "diputus_oleh")


def pasangan_antrean(*, user, status: str = c.StatusPasangan.BARU) -> QuerySet[PasanganDuplikat]:
    """The pairs the user may decide (403 for a role that decides none), best score first."""
    wajib(user, Aksi.PUTUSKAN_DUPLIKAT)
    qs = PasanganDuplikat.objects.for_user(user).select_related(*_TERKAIT)
    if status in c.StatusPasangan.values:
        qs = qs.filter(status=status)
    return qs.order_by("-skor", "id")


def get_pasangan_for_user(user, pk: int) -> PasanganDuplikat:
    """One pair whose two records lie in the user's area: 404 outside, 403 for a role that may not decide."""
    try:
        pasangan = PasanganDuplikat.objects.for_user(user).select_related(*_TERKAIT).get(pk=pk)
    except PasanganDuplikat.DoesNotExist as exc:
        raise Http404("Data tidak ditemukan.") from exc
    wajib(user, Aksi.PUTUSKAN_DUPLIKAT)
    return pasangan
