"""The personal-data access log (UU PDP): writing it, reading it, and the one reveal rule.

- :func:`akses_catat` writes one row; every caller writes exactly one per event.
- Full NIK / No. KK are masked on every page by default, even for roles allowed to see them; a
  household page shows them only right after a logged "Tampilkan" (:func:`nomor_tampil_izinkan`
  + :func:`nomor_tampil_ambil`, one display per click).
- :func:`akses_daftar` and :func:`dilihat_oleh` are for the auditor (the administrator).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from pmks.models import AksesData, JenisAkses, Keluarga
from tksk.keamanan import ip_klien
from tksk.permissions import Aksi, wajib

from .selectors import perlu_nomor_lengkap

_KUNCI_TAMPIL = "sidamping_tampil_nomor"


def akses_catat(
    *, request, jenis: str, keluarga: Keluarga | None = None, keterangan: str = "", wilayah=None
) -> AksesData:
    """``wilayah``: the area of an export that is not about one household (e.g. a kelurahan's list)."""
    return AksesData.objects.create(
        oleh=request.user,
        jenis=jenis,
        keluarga=keluarga,
        wilayah_id=keluarga.kelurahan_id if keluarga else (wilayah.pk if wilayah is not None else None),
        keterangan=keterangan[:255],
        alamat_ip=ip_klien(request) or None,
    )


def nomor_tampil_izinkan(request, keluarga: Keluarga) -> None:
    """Log a reveal of the household's full numbers and allow them on its next page view."""
    if not perlu_nomor_lengkap(request.user):
        raise PermissionDenied("Peran Anda hanya boleh melihat NIK/No. KK tersamar.")
    akses_catat(request=request, jenis=JenisAkses.TAMPIL_NOMOR, keluarga=keluarga)
    request.session[_KUNCI_TAMPIL] = keluarga.pk


def nomor_tampil_ambil(request, keluarga: Keluarga) -> bool:
    """True once after :func:`nomor_tampil_izinkan` for this household (the reveal is used up)."""
    if request.session.get(_KUNCI_TAMPIL) != keluarga.pk:
        return False
    del request.session[_KUNCI_TAMPIL]
    return perlu_nomor_lengkap(request.user)


def akses_daftar(
    user, *, oleh=None, keluarga_id: int | None = None, dari: date | None = None, sampai: date | None = None
) -> QuerySet[AksesData]:
    wajib(user, Aksi.AUDIT_AKSES, pesan="Hanya administrator yang dapat membuka catatan akses.")
    qs = AksesData.objects.select_related("oleh").order_by("-pada", "-id")
    if oleh is not None:
        qs = qs.filter(oleh=oleh)
    if keluarga_id is not None:
        qs = qs.filter(keluarga_id=keluarga_id)
    if dari is not None:
        qs = qs.filter(pada__date__gte=dari)
    if sampai is not None:
        qs = qs.filter(pada__date__lte=sampai)
    return qs


def dilihat_oleh(keluarga: Keluarga, *, batas: int = 10) -> list[AksesData]:
    """The latest accesses to one household, for the auditor's panel on its page."""
    return list(AksesData.objects.filter(keluarga=keluarga).select_related("oleh").order_by("-pada", "-id")[:batas])
