"""Recipient changes of an approved proposal: deactivate or replace, never delete (Dinas Sosial).

The role and state rule are ``usulan.SYARAT["penerima"]``, the same the detail page offers from.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pmks.models import Anggota, Keluarga
from tksk.konkurensi import versi_periksa_naikkan
from tksk.permissions import wajib

from .. import choices as c
from ..models import ProgramBantuan, RiwayatStatusUsulan, Usulan
from ..peringatan import LARANGAN, peringatan_untuk
from .usulan import PESAN_WILAYAH, SYARAT, kunci_usulan, snapshot_keluarga

S = c.StatusUsulan


def _kunci_penerima(usulan: Usulan, *, oleh, versi, alasan: str, keterangan: str, pesan_alasan: str) -> Usulan:
    """Lock the recipient's proposal and check, in this order, the form's version, role and area, the
    state rule and the reason (the same for deactivating and replacing)."""
    usulan = kunci_usulan(usulan)
    versi_periksa_naikkan(usulan, versi)  # first: a stale form says so, whatever changed meanwhile
    syarat = SYARAT["penerima"]
    wajib(oleh, syarat.aksi, wilayah=usulan.keluarga.kelurahan, pesan=syarat.pesan, pesan_wilayah=PESAN_WILAYAH)
    syarat.periksa(usulan)
    if alasan not in c.AlasanNonaktif.values:
        raise ValidationError({"alasan": pesan_alasan})
    if not keterangan.strip():
        raise ValidationError({"keterangan": "Keterangan wajib diisi."})
    return usulan


def _lepas_penerima(usulan: Usulan, *, oleh, status_penerima: str, alasan: str, keterangan: str) -> None:
    """The recipient stops receiving (``nonaktif`` or ``diganti``), with who, when and why; never deleted."""
    usulan.status_penerima = status_penerima
    usulan.alasan_nonaktif = alasan
    usulan.keterangan_nonaktif = keterangan.strip()
    usulan.dinonaktifkan_oleh = oleh
    usulan.dinonaktifkan_pada = timezone.now()
    usulan.save()


@transaction.atomic
def penerima_nonaktifkan(*, usulan: Usulan, oleh, versi: int | str | None, alasan: str, keterangan: str) -> Usulan:
    """Deactivate a recipient; ``versi`` as the form was opened (else refused)."""
    usulan = _kunci_penerima(usulan, oleh=oleh, versi=versi, alasan=alasan, keterangan=keterangan,
                             pesan_alasan="Pilih alasan penonaktifan.")
    _lepas_penerima(usulan, oleh=oleh, status_penerima=c.StatusPenerima.NONAKTIF, alasan=alasan,
                    keterangan=keterangan)
    RiwayatStatusUsulan.objects.create(
        usulan=usulan, dari=usulan.status, ke=usulan.status, oleh=oleh,
        catatan=f"Penerima dinonaktifkan ({usulan.get_alasan_nonaktif_display()}): {keterangan.strip()}",
    )
    return usulan


@transaction.atomic
def penerima_ganti(
    *, usulan: Usulan, oleh, versi: int | str | None, keluarga_baru: Keluarga, alasan: str, keterangan: str,
    anggota_baru: Anggota | None = None,
) -> Usulan:
    """Replace a recipient: the old one becomes ``diganti``, a new approved proposal takes the place.

    ``versi``: the old proposal's version the form was opened with (else refused).
    """
    usulan = _kunci_penerima(usulan, oleh=oleh, versi=versi, alasan=alasan, keterangan=keterangan,
                             pesan_alasan="Pilih alasan penggantian.")
    syarat = SYARAT["penerima"]
    keluarga_baru = Keluarga.objects.select_for_update().select_related("kelurahan").get(pk=keluarga_baru.pk)
    wajib(
        oleh, syarat.aksi, wilayah=keluarga_baru.kelurahan, pesan=syarat.pesan,
        pesan_wilayah="Keluarga pengganti di luar wilayah tugas Anda.",
    )
    if keluarga_baru.pk == usulan.keluarga_id:
        raise ValidationError({"keluarga_baru": "Keluarga pengganti harus keluarga lain."})
    if keluarga_baru.status != "aktif":
        raise ValidationError({"keluarga_baru": "Keluarga pengganti tidak aktif."})
    ProgramBantuan.objects.select_for_update().filter(pk=usulan.program_id).first()
    peringatan = peringatan_untuk(keluarga=keluarga_baru, program=usulan.program)
    larangan = [p.pesan for p in peringatan if p.tingkat == LARANGAN]
    if larangan:
        raise ValidationError("Keluarga pengganti tidak dapat menerima: " + " ".join(larangan))
    _lepas_penerima(usulan, oleh=oleh, status_penerima=c.StatusPenerima.DIGANTI, alasan=alasan, keterangan=keterangan)
    # The freed place goes to the replacement; quota is unchanged by construction.
    baru = Usulan.objects.create(
        program=usulan.program, keluarga=keluarga_baru, anggota=anggota_baru, status=S.DISETUJUI,
        justifikasi=f"Pengganti penerima usulan #{usulan.pk}: {keterangan.strip()}",
        diusulkan_oleh=oleh, diajukan_pada=timezone.now(), diputuskan_oleh=oleh, diputuskan_pada=timezone.now(),
        data_keluarga_beku=snapshot_keluarga(keluarga_baru),
        peringatan_saat_disetujui=[p.as_dict() for p in peringatan], menggantikan=usulan,
    )
    RiwayatStatusUsulan.objects.create(
        usulan=usulan, dari=usulan.status, ke=usulan.status, oleh=oleh,
        catatan=f"Penerima diganti oleh usulan #{baru.pk} ({usulan.get_alasan_nonaktif_display()}): "
        f"{keterangan.strip()}",
    )
    RiwayatStatusUsulan.objects.create(
        usulan=baru, dari="", ke=S.DISETUJUI, oleh=oleh, catatan=f"Menggantikan penerima usulan #{usulan.pk}."
    )
    return baru
