"""The one scoping mechanism: which kelurahan may this user read / write?

Every scoped queryset goes through ``filter_wilayah`` (or a model's ``for_user`` built on it),
and every object fetched by a user-supplied id goes through ``get_for_user``:

- outside the user's read area → 404 (the object's existence is not revealed);
- inside the read area but the user may not write it → 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import Peran, Wilayah
from .permissions import Aksi, boleh, hanya_baca


def wilayah_tugas(user) -> Wilayah | None:
    """The area a user works in; ``None`` means the whole system (administrator)."""
    if user.is_superuser or user.peran == Peran.ADMIN:
        return None
    return user.wilayah


def _prefix_q(user, path: str, write: bool) -> Q | None:
    """A Q object restricting ``path`` (a lookup to a Wilayah) to the user's area.

    Returns ``None`` for "no restriction". An unusable user gets a Q matching nothing.
    """
    nothing = Q(pk__in=[])
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return nothing
    if write and hanya_baca(user):
        return nothing
    if not boleh(user, Aksi.LIHAT_DATA):
        return nothing
    area = wilayah_tugas(user)
    if area is None:
        return None if (user.is_superuser or user.peran == Peran.ADMIN) else nothing
    prefix = f"{path}__kode" if path else "kode"
    return Q(**{prefix: area.kode}) | Q(**{f"{prefix}__startswith": f"{area.kode}."})


def filter_wilayah(qs: QuerySet, user, path: str, *, write: bool = False) -> QuerySet:
    """Restrict ``qs`` to rows whose wilayah (reached by ``path``) lies in the user's area.

    ``path`` is the lookup from the model to a ``Wilayah``, e.g. ``"kelurahan"`` or
    ``"keluarga__kelurahan"``; ``""`` when ``qs`` is a Wilayah queryset itself.
    """
    q = _prefix_q(user, path, write)
    return qs if q is None else qs.filter(q)


def kelurahan_untuk(user, *, write: bool = False) -> QuerySet[Wilayah]:
    """The kelurahan/desa this user may read (or write, with ``write=True``)."""
    return filter_wilayah(Wilayah.objects.kelurahan(), user, "", write=write)


def kecamatan_untuk(user, *, write: bool = False) -> QuerySet[Wilayah]:
    return filter_wilayah(Wilayah.objects.kecamatan(), user, "", write=write)


def boleh_baca_wilayah(user, wilayah: Wilayah) -> bool:
    area = wilayah_tugas(user)
    if not boleh(user, Aksi.LIHAT_DATA):
        return False
    return area is None or area.mencakup(wilayah)


def boleh_tulis_wilayah(user, wilayah: Wilayah) -> bool:
    return not hanya_baca(user) and boleh_baca_wilayah(user, wilayah)


def get_for_user(
    qs: QuerySet, user, path: str, *, write: bool = False, aksi: Aksi | None = None, **lookup
) -> Model:
    """Fetch one object by ``lookup`` within the user's area.

    404 when outside the read area (or missing); 403 when readable but ``write`` is asked and
    the user may not write there, or when ``aksi`` is given and the role may not perform it.
    """
    try:
        obj = filter_wilayah(qs, user, path).get(**lookup)
    except qs.model.DoesNotExist as exc:
        raise Http404("Data tidak ditemukan.") from exc
    if aksi is not None and not boleh(user, aksi):
        raise PermissionDenied("Peran Anda tidak berwenang melakukan tindakan ini.")
    if write and not filter_wilayah(qs, user, path, write=True).filter(pk=obj.pk).exists():
        raise PermissionDenied("Anda hanya dapat melihat data ini, tidak mengubahnya.")
    return obj
