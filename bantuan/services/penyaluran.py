"""Writes after approval: a delivery (penyaluran) with its evidence, the follow-up of livestock /
business aid (monitoring), and external receipts of PKH/BPNT from a BNBA list.

A delivery's role and state rule are ``usulan.SYARAT["penyaluran"]`` (monitoring:
``SYARAT["monitoring"]``), the same the detail page offers from; the first delivery moves the
proposal to ``disalurkan`` through the transition map.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from pmks.models import Anggota, Keluarga
from tksk.berkas import nama_menurut_isi, periksa_gambar
from tksk.permissions import Aksi, wajib

from .. import choices as c
from ..models import MonitoringBantuan, PenerimaanEksternal, Penyaluran, ProgramBantuan, Usulan
from .usulan import PESAN_WILAYAH, PESAN_WILAYAH_KELUARGA, SYARAT, kunci_usulan, pindah_status_usulan

S = c.StatusUsulan


@transaction.atomic
def penyaluran_catat(
    *,
    usulan: Usulan,
    oleh,
    tanggal: date,
    diterima_oleh: str,
    nilai: int | None = None,
    jumlah_barang=None,
    uraian: str = "",
    foto_bukti: UploadedFile | None = None,
    catatan: str = "",
) -> Penyaluran:
    """Record one delivery; the first one moves the proposal to ``disalurkan``."""
    usulan = kunci_usulan(usulan)
    syarat = SYARAT["penyaluran"]
    wajib(oleh, syarat.aksi, wilayah=usulan.keluarga.kelurahan, pesan=syarat.pesan, pesan_wilayah=PESAN_WILAYAH)
    syarat.periksa(usulan)
    program = usulan.program
    if tanggal > timezone.localdate():
        raise ValidationError({"tanggal": "Tanggal penyaluran tidak boleh di masa depan."})
    if program.bulanan and not (program.periode_mulai <= tanggal <= program.periode_selesai):
        raise ValidationError({"tanggal": "Tanggal penyaluran di luar periode program."})
    if not diterima_oleh.strip():
        raise ValidationError({"diterima_oleh": "Nama penerima yang menandatangani wajib diisi."})
    bulan = tanggal.replace(day=1)
    if usulan.penyaluran.filter(bulan=bulan).exists():
        from tksk.format import bulan_id

        raise ValidationError({"tanggal": f"Penyaluran bulan {bulan_id(bulan)} sudah dicatat."})
    if nilai is None and program.bentuk == c.BentukBantuan.TUNAI:
        nilai = program.nilai_per_penerima
    penyaluran = Penyaluran(
        usulan=usulan, tanggal=tanggal, bulan=bulan, nilai=nilai, jumlah_barang=jumlah_barang,
        uraian=uraian or program.uraian_barang, diterima_oleh=diterima_oleh.strip(), catatan=catatan,
        dicatat_oleh=oleh,
    )
    penyaluran.full_clean(exclude=["usulan", "dicatat_oleh", "foto_bukti"], validate_constraints=False)
    if foto_bukti:
        try:
            periksa_gambar(foto_bukti)
        except ValidationError as exc:
            raise ValidationError({"foto_bukti": exc.messages}) from exc
        penyaluran.foto_bukti.save(nama_menurut_isi(foto_bukti), foto_bukti, save=False)
    penyaluran.save()
    if usulan.status == S.DISETUJUI:
        pindah_status_usulan(usulan, oleh=oleh, ke=S.DISALURKAN, catatan=f"Penyaluran pertama {tanggal:%d-%m-%Y}.")
    return penyaluran


@transaction.atomic
def monitoring_catat(
    *,
    usulan: Usulan,
    oleh,
    tanggal: date,
    ternak_hidup: int | None = None,
    ternak_lahir: int | None = None,
    ternak_dijual: int | None = None,
    ternak_mati: int | None = None,
    usaha_berjalan: bool | None = None,
    catatan: str = "",
) -> MonitoringBantuan:
    """Follow-up of livestock / business-capital aid after distribution (TKSK or Dinas)."""
    usulan = kunci_usulan(usulan)
    syarat = SYARAT["monitoring"]
    wajib(oleh, syarat.aksi, wilayah=usulan.keluarga.kelurahan, pesan=syarat.pesan, pesan_wilayah=PESAN_WILAYAH)
    syarat.periksa(usulan)
    jenis = usulan.program.jenis
    if tanggal > timezone.localdate():
        raise ValidationError({"tanggal": "Tanggal monitoring tidak boleh di masa depan."})
    if jenis == c.JenisProgram.TERNAK and ternak_hidup is None:
        raise ValidationError({"ternak_hidup": "Jumlah ternak yang hidup wajib diisi."})
    if jenis == c.JenisProgram.MODAL_USAHA and usaha_berjalan is None:
        raise ValidationError({"usaha_berjalan": "Pilih apakah usaha masih berjalan."})
    monitoring = MonitoringBantuan(
        usulan=usulan, tanggal=tanggal, ternak_hidup=ternak_hidup, ternak_lahir=ternak_lahir,
        ternak_dijual=ternak_dijual, ternak_mati=ternak_mati, usaha_berjalan=usaha_berjalan, catatan=catatan,
        dicatat_oleh=oleh,
    )
    monitoring.full_clean(exclude=["usulan", "dicatat_oleh"])
    monitoring.save()
    return monitoring


# --- External receipts (BNBA import of PKH/BPNT) -------------------------------------------------
@transaction.atomic
def penerimaan_eksternal_catat(
    *,
    program: ProgramBantuan,
    keluarga: Keluarga,
    periode_mulai: date,
    periode_selesai: date,
    sumber: str,
    anggota: Anggota | None = None,
    impor_ref: str = "",
    oleh=None,
) -> tuple[PenerimaanEksternal, bool]:
    """Record that ``keluarga`` receives ``program`` in a period per an external list.

    Idempotent per (program, keluarga, periode_mulai): re-importing the same row updates it and
    returns ``(row, False)``. With ``oleh`` the user's role (IMPOR_DATA) and area are checked.
    """
    if oleh is not None:
        wajib(
            oleh, Aksi.IMPOR_DATA, wilayah=keluarga.kelurahan,
            pesan="Peran Anda tidak berwenang mengimpor data penerima.",
            pesan_wilayah=PESAN_WILAYAH_KELUARGA,
        )
    if periode_mulai > periode_selesai:
        raise ValidationError({"periode_selesai": "Periode selesai tidak boleh sebelum periode mulai."})
    if anggota is not None and anggota.keluarga_id != keluarga.pk:
        raise ValidationError({"anggota": "Anggota bukan anggota keluarga ini."})
    if not sumber.strip():
        raise ValidationError({"sumber": "Sumber data wajib diisi."})
    obj, dibuat = PenerimaanEksternal.objects.update_or_create(
        program=program, keluarga=keluarga, periode_mulai=periode_mulai,
        defaults={
            "anggota": anggota, "periode_selesai": periode_selesai, "sumber": sumber.strip(),
            "impor_ref": impor_ref, "aktif": True,
        },
        create_defaults={
            "anggota": anggota, "periode_selesai": periode_selesai, "sumber": sumber.strip(),
            "impor_ref": impor_ref, "aktif": True, "dicatat_oleh": oleh,
        },
    )
    return obj, dibuat
