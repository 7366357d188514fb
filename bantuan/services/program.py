"""Aid programs: create / update with quotas per kecamatan and the programs that exclude each other."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from tksk import batas
from tksk.konkurensi import versi_periksa_naikkan
from tksk.permissions import Aksi, wajib

from ..models import KuotaKecamatan, ProgramBantuan


@transaction.atomic
def program_simpan(
    *, program: ProgramBantuan, oleh, jenis_pmks, tidak_boleh_bersamaan, kuota_kecamatan: dict | None = None,
    versi: int | str | None = None,
) -> ProgramBantuan:
    """Create or update a program (Dinas Sosial). ``kuota_kecamatan``: {kecamatan: kuota or None}.

    Updating needs ``versi``, the program's version the form was opened with (refused when missing
    or stale): the row is locked and its stored version compared, whatever ``program`` holds.
    """
    wajib(oleh, Aksi.KELOLA_PROGRAM, pesan="Peran Anda tidak berwenang mengelola program.")
    if program.pk is None:
        program.dibuat_oleh = oleh
    else:
        tersimpan = ProgramBantuan.objects.select_for_update().only("versi").get(pk=program.pk)
        versi_periksa_naikkan(tersimpan, versi)
        program.versi = tersimpan.versi
    program.full_clean()
    if kuota_kecamatan is not None:
        kuota_kecamatan = {k: v for k, v in kuota_kecamatan.items() if v is not None}
        for kec, kuota in kuota_kecamatan.items():
            batas.KUOTA.periksa(kuota, f"Kuota {kec.nama}")
    if (
        kuota_kecamatan
        and program.kuota_total is not None
        and sum(kuota_kecamatan.values()) > program.kuota_total
    ):
        raise ValidationError("Jumlah kuota per kecamatan melebihi kuota total program.")
    program.save()
    program.jenis_pmks.set(jenis_pmks)
    program.tidak_boleh_bersamaan.set([p for p in tidak_boleh_bersamaan if p.pk != program.pk])
    if kuota_kecamatan is not None:
        program.kuota_kecamatan.exclude(kecamatan__in=list(kuota_kecamatan)).delete()
        for kec, kuota in kuota_kecamatan.items():
            KuotaKecamatan.objects.update_or_create(program=program, kecamatan=kec, defaults={"kuota": kuota})
    return program
