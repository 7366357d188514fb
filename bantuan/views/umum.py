"""Small helpers shared by the aid screens."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError

from pmks.models import Keluarga

PER_HALAMAN = 25


def pesan_galat(request, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.error(request, str(exc))


def keluarga_tulis(user):
    """Active households the user may write (the proposal and replacement pickers)."""
    return Keluarga.objects.for_user(user, write=True).aktif().select_related("kelurahan").order_by(
        "kelurahan__kode", "alamat"
    )
