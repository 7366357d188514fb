"""The one shape of a status change, shared by every app.

Each app's ``choices.py`` holds ``TRANSISI: dict[(dari, ke), Aksi]`` next to its status choices:
the pairs listed are the only allowed moves, and the value is the action the user's role must
allow. Every status service goes through ``pindah_status``, which does the same four steps:

1. lock the row (``select_for_update``) and read its current status under the lock;
2. check the map and the role (+ the area, through ``tksk.permissions.wajib``);
3. write the history row (``riwayat``; rows tracked by django-pghistory pass ``None`` and call
   inside ``pghistory.context``);
4. set the status (and bump ``versi``, so edit forms opened before the change are stale).

A refused move raises ``ValidationError`` (status: someone else was quicker, the user gets a clear
message) or ``PermissionDenied`` (role / area: the 403 page). ``bisa_pindah`` answers the same
question without locking, for ``tindakan_tersedia`` and the buttons drawn from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Model

from .permissions import Aksi, boleh, boleh_di, wajib

Transisi = dict[tuple[str, str], Aksi]


def aksi_menuju(transisi: Transisi, ke: str) -> frozenset[Aksi]:
    """Every action that leads to ``ke`` from some status (e.g. cancelling: two roles)."""
    return frozenset(aksi for (_dari, tujuan), aksi in transisi.items() if tujuan == ke)


def tujuan_dari(transisi: Transisi, dari: str) -> frozenset[str]:
    """The statuses ``dari`` may move to (whatever the role)."""
    return frozenset(tujuan for (asal, tujuan) in transisi if asal == dari)


def bisa_pindah(user, obj: Model, ke: str, *, transisi: Transisi, wilayah=None, kolom: str = "status") -> bool:
    """Whether ``user`` may move ``obj`` to ``ke`` now: map + role (+ area when ``wilayah``)."""
    aksi = transisi.get((getattr(obj, kolom), ke))
    if aksi is None:
        return False
    return boleh_di(user, aksi, wilayah) if wilayah is not None else boleh(user, aksi)


def _ada_kolom(obj: Model, nama: str) -> bool:
    try:
        obj._meta.get_field(nama)
    except FieldDoesNotExist:
        return False
    return True


def pindah_status(
    obj: Model,
    ke: str,
    user,
    *,
    transisi: Transisi,
    riwayat: Callable[[str, str], Any] | None,
    pesan_status: Callable[[Model, str], Any],
    wilayah=None,
    pesan_peran: str | None = None,
    pesan_wilayah: str | None = None,
    prasyarat: Callable[[], Any] | None = None,
    ubah: dict[str, Any] | None = None,
    naikkan_versi: bool = True,
    kolom: str = "status",
) -> Any:
    """Move ``obj`` to status ``ke`` on behalf of ``user`` (the four steps in the module docstring).

    - ``riwayat(dari, ke)`` writes the history row;
    - ``pesan_status(obj, ke)`` is the ``ValidationError`` message when the map refuses (``obj``
      still holds the current status);
    - ``wilayah`` (a ``Wilayah``) is checked against the user's area, ``pesan_peran`` /
      ``pesan_wilayah`` are the 403 messages;
    - ``prasyarat()`` runs the business rules of this move after the map and the role passed,
      under the lock, before anything is written; its result is returned;
    - ``ubah``: further fields set and saved with the status; ``naikkan_versi=False`` when the
      caller already bumped ``versi`` (``versi_periksa_naikkan``).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("pindah_status harus dipanggil di dalam transaksi.")
    # 1. Lock: the row is usually locked by the caller already (then this is free); the status is
    # read under the lock either way, so two concurrent moves are serialized and one loses.
    dari = type(obj)._default_manager.select_for_update().values_list(kolom, flat=True).get(pk=obj.pk)
    setattr(obj, kolom, dari)
    # 2. Map + role + area. A role that can never reach ``ke`` is refused whatever the status is.
    menuju = aksi_menuju(transisi, ke)
    if menuju:
        wajib(user, menuju, pesan=pesan_peran)
    aksi = transisi.get((dari, ke))
    if aksi is None:
        raise ValidationError(pesan_status(obj, ke))
    wajib(user, aksi, wilayah=wilayah, pesan=pesan_peran, pesan_wilayah=pesan_wilayah)
    hasil = prasyarat() if prasyarat is not None else None
    # 4. (before 3: the history row may read what the move stored) Set the status.
    setattr(obj, kolom, ke)
    kolom_disimpan = [kolom]
    for nama, nilai in (ubah or {}).items():
        setattr(obj, nama, nilai)
        kolom_disimpan.append(nama)
    if _ada_kolom(obj, "versi"):
        if naikkan_versi:
            obj.versi += 1
        kolom_disimpan.append("versi")
    if _ada_kolom(obj, "diubah_pada"):
        kolom_disimpan.append("diubah_pada")
    obj.save(update_fields=kolom_disimpan)
    # 3. The history row.
    if riwayat is not None:
        riwayat(dari, ke)
    return hasil
