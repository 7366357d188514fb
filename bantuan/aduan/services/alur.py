"""The workflow after intake: verification visit, decision, action, close; reassign and escalate."""

from __future__ import annotations

from datetime import date

import pghistory
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from pmks.models import Keluarga
from pmks.pendampingan import choices as pc
from pmks.pendampingan import services as pendampingan_svc
from pmks.pendampingan.models import Kunjungan
from tksk import batas
from tksk.models import Pengguna, Peran
from tksk.permissions import Aksi, boleh, boleh_di, wajib
from tksk.transisi import aksi_menuju

from ... import choices as bc
from ...models import Aduan, RiwayatStatusAduan, Usulan
from ...services import penerima as bantuan_svc
from .. import choices as ac
from .umum import (
    PESAN_WILAYAH,
    S,
    _beri_tahu_petugas,
    _kunci,
    _pesan_status,
    _pindah_status,
    _teks_diisi,
    pesan_peran_menuju,
)


# --- Verification visit -------------------------------------------------------------------------------
def _kunjungan_verifikasi(aduan: Aduan, *, oleh, tanggal: date, hasil: str, catatan: str, foto) -> Kunjungan:
    teks_catatan = f"Verifikasi aduan {aduan.kode_tiket} ({aduan.get_jenis_display()})."
    if catatan.strip():
        teks_catatan += f" {catatan.strip()}"
    if aduan.keluarga_id:
        return pendampingan_svc.kunjungan_catat(
            oleh=oleh, keluarga=[aduan.keluarga], tanggal=tanggal, jenis=pc.JenisKunjungan.PENDATAAN,
            peran=[pc.PeranTKSK.IDENTIFIKATOR], catatan=teks_catatan, hasil=hasil, foto=foto,
        )
    # A person not registered yet: the visit has no household (only its kelurahan).
    batas.periksa_field("tanggal", tanggal, *Kunjungan._meta.get_field("tanggal").validators)
    kunjungan = Kunjungan(
        kelurahan=aduan.kelurahan, tanggal=tanggal, jenis=pc.JenisKunjungan.PENDATAAN,
        peran=[pc.PeranTKSK.IDENTIFIKATOR], catatan=teks_catatan, hasil=hasil, dicatat_oleh=oleh,
    )
    kunjungan.full_clean()
    kunjungan.save()
    if foto:
        pendampingan_svc._simpan_foto(kunjungan=kunjungan, foto=foto, oleh=oleh)
    return kunjungan


@transaction.atomic
def aduan_verifikasi(
    *, aduan: Aduan, oleh, tanggal: date, hasil: str, catatan: str = "", foto: list[UploadedFile] | None = None,
) -> Aduan:
    """The kecamatan TKSK's verification visit, recorded as a pendampingan visit linked both ways."""
    aduan = _kunci(aduan)
    # role and area before status: an outsider learns nothing about it
    wajib(oleh, aksi_menuju(ac.TRANSISI, S.DIVERIFIKASI), wilayah=aduan.kelurahan,
          pesan=pesan_peran_menuju(S.DIVERIFIKASI), pesan_wilayah=PESAN_WILAYAH)
    if (aduan.status, S.DIVERIFIKASI) not in ac.TRANSISI:
        raise ValidationError(_pesan_status(aduan, S.DIVERIFIKASI))
    if aduan.petugas_id and aduan.petugas_id != oleh.pk and not oleh.is_superuser:
        raise ValidationError(
            f"Aduan ini ditugaskan kepada {aduan.petugas.nama_tampil}; hanya petugas itu yang memverifikasi."
        )
    hasil = _teks_diisi(hasil, "hasil", "Hasil verifikasi wajib diisi.")
    with pghistory.context(user=oleh.pk):
        kunjungan = _kunjungan_verifikasi(aduan, oleh=oleh, tanggal=tanggal, hasil=hasil, catatan=catatan, foto=foto)
        _pindah_status(
            aduan, oleh=oleh, ke=S.DIVERIFIKASI, catatan=f"Kunjungan verifikasi {tanggal:%d-%m-%Y}.",
            ubah={"kunjungan_verifikasi": kunjungan, "hasil_verifikasi": hasil, "petugas": aduan.petugas or oleh},
        )
    return aduan


# --- Decision, action, close ---------------------------------------------------------------------------
@transaction.atomic
def aduan_putuskan(*, aduan: Aduan, oleh, keputusan: str, alasan: str) -> Aduan:
    aduan = _kunci(aduan)
    # role and area before status: an outsider learns nothing about it
    wajib(oleh, aksi_menuju(ac.TRANSISI, S.DIPUTUSKAN), wilayah=aduan.kelurahan,
          pesan=pesan_peran_menuju(S.DIPUTUSKAN), pesan_wilayah=PESAN_WILAYAH)
    if keputusan not in ac.Keputusan.values:
        raise ValidationError({"keputusan": "Pilih keputusan: dikabulkan atau ditolak."})
    alasan = _teks_diisi(alasan, "alasan", "Alasan keputusan wajib diisi.")
    with pghistory.context(user=oleh.pk):
        _pindah_status(
            aduan, oleh=oleh, ke=S.DIPUTUSKAN, catatan=f"{ac.Keputusan(keputusan).label}: {alasan}",
            ubah={"keputusan": keputusan, "alasan_keputusan": alasan, "diputuskan_oleh": oleh,
                  "diputuskan_pada": timezone.now()},
        )
    return aduan


def _tautan_tindak_lanjut(
    aduan: Aduan, *, oleh, jenis: str, keluarga_baru, usulan_baru, kolom_diperbaiki: str, alasan_nonaktif: str,
) -> dict:
    """The fields linking the action to what it changed (and the deactivation itself)."""
    T = ac.JenisTindakLanjut
    if jenis == T.PENDAFTARAN_BARU:
        if keluarga_baru is None:
            raise ValidationError({"nomor": "Cari keluarga yang sudah didaftarkan (NIK/No. KK)."})
        if not boleh_di(oleh, Aksi.TINDAK_LANJUT_ADUAN, keluarga_baru.kelurahan):
            raise ValidationError({"nomor": "Keluarga itu di luar wilayah tugas Anda."})
        return {"keluarga_baru": keluarga_baru, "keluarga": aduan.keluarga or keluarga_baru}
    if jenis == T.USULAN:
        if usulan_baru is None:
            raise ValidationError({"usulan": "Pilih usulan bantuan yang dibuat."})
        if usulan_baru.keluarga_id not in {aduan.keluarga_id, aduan.keluarga_baru_id} - {None}:
            raise ValidationError({"usulan": "Usulan itu bukan untuk keluarga yang diadukan."})
        return {"usulan_baru": usulan_baru}
    if jenis == T.PENERIMA_DINONAKTIFKAN:
        penerima = aduan.usulan_terkait
        if penerima is None:
            raise ValidationError({"jenis": "Aduan ini tidak terkait dengan penerima bantuan."})
        if not boleh(oleh, Aksi.VERIFIKASI_USULAN):
            raise ValidationError({"jenis": "Hanya Dinas Sosial yang dapat menonaktifkan penerima."})
        if alasan_nonaktif not in bc.AlasanNonaktif.values:
            raise ValidationError({"alasan_nonaktif": "Pilih alasan penonaktifan."})
        versi = Usulan.objects.only("versi").get(pk=penerima.pk).versi
        bantuan_svc.penerima_nonaktifkan(
            usulan=penerima, oleh=oleh, versi=versi, alasan=alasan_nonaktif,
            keterangan=f"Sanggah {aduan.kode_tiket} dikabulkan: {aduan.alasan_keputusan}",
        )
        return {"usulan_dinonaktifkan": penerima}
    if jenis == T.PERBAIKAN_DATA:
        if aduan.keluarga_id is None:
            raise ValidationError({"jenis": "Aduan ini tidak terkait dengan keluarga terdaftar."})
        kolom_diperbaiki = _teks_diisi(kolom_diperbaiki, "kolom_diperbaiki", "Tulis data yang diperbaiki.")
        if len(kolom_diperbaiki) > 150:
            raise ValidationError({"kolom_diperbaiki": "Paling banyak 150 karakter."})
        return {"kolom_diperbaiki": kolom_diperbaiki}
    return {}


@transaction.atomic
def aduan_tindak_lanjuti(
    *,
    aduan: Aduan,
    oleh,
    jenis: str,
    keterangan: str,
    keluarga_baru: Keluarga | None = None,
    usulan_baru: Usulan | None = None,
    kolom_diperbaiki: str = "",
    alasan_nonaktif: str = bc.AlasanNonaktif.TIDAK_MEMENUHI,
) -> Aduan:
    """Record the action a granted complaint led to, each linked: a new registration, a proposal,
    a recipient deactivated (through ``bantuan.services.penerima_nonaktifkan``) or a corrected field."""
    aduan = _kunci(aduan)
    # role and area before status: an outsider learns nothing about it
    wajib(oleh, aksi_menuju(ac.TRANSISI, S.DITINDAKLANJUTI), wilayah=aduan.kelurahan,
          pesan=pesan_peran_menuju(S.DITINDAKLANJUTI), pesan_wilayah=PESAN_WILAYAH)
    if (aduan.status, S.DITINDAKLANJUTI) not in ac.TRANSISI:
        raise ValidationError(_pesan_status(aduan, S.DITINDAKLANJUTI))
    if aduan.keputusan != ac.Keputusan.DIKABULKAN:
        raise ValidationError("Aduan yang ditolak tidak ditindaklanjuti; selesaikan setelah surat jawaban dikirim.")
    if jenis not in ac.JenisTindakLanjut.values:
        raise ValidationError({"jenis": "Pilih jenis tindak lanjut."})
    keterangan = _teks_diisi(keterangan, "keterangan", "Keterangan tindak lanjut wajib diisi.")
    with pghistory.context(user=oleh.pk):
        ubah = _tautan_tindak_lanjut(
            aduan, oleh=oleh, jenis=jenis, keluarga_baru=keluarga_baru, usulan_baru=usulan_baru,
            kolom_diperbaiki=kolom_diperbaiki, alasan_nonaktif=alasan_nonaktif,
        )
        ubah.update(jenis_tindak_lanjut=jenis, keterangan_tindak_lanjut=keterangan, ditindaklanjuti_pada=timezone.now())
        _pindah_status(aduan, oleh=oleh, ke=S.DITINDAKLANJUTI, ubah=ubah,
                       catatan=f"{ac.JenisTindakLanjut(jenis).label}: {keterangan}")
    return aduan


@transaction.atomic
def aduan_selesaikan(*, aduan: Aduan, oleh, catatan: str = "") -> Aduan:
    aduan = _kunci(aduan)
    # role and area before status: an outsider learns nothing about it
    wajib(oleh, aksi_menuju(ac.TRANSISI, S.SELESAI), wilayah=aduan.kelurahan,
          pesan=pesan_peran_menuju(S.SELESAI), pesan_wilayah=PESAN_WILAYAH)
    if aduan.status == S.DIPUTUSKAN and aduan.keputusan == ac.Keputusan.DIKABULKAN:
        raise ValidationError("Aduan yang dikabulkan diselesaikan setelah tindak lanjutnya dicatat.")
    batas.periksa_field("catatan", catatan, *batas.validator_teks())
    with pghistory.context(user=oleh.pk):
        _pindah_status(aduan, oleh=oleh, ke=S.SELESAI, catatan=catatan.strip() or "Aduan selesai.",
                       ubah={"selesai_pada": timezone.now()})
    return aduan


# --- Reassign, escalate (Dinas Sosial) -------------------------------------------------------------------
PESAN_KELOLA = "Hanya Dinas Sosial yang dapat mengalihkan atau mengeskalasi aduan."


def _catat_kelola(aduan: Aduan, *, oleh, catatan: str, ubah: dict) -> None:
    """A reassignment or escalation: no status change, one history row, the version bumped."""
    if aduan.status == S.SELESAI:
        raise ValidationError("Aduan ini sudah selesai.")
    for nama, nilai in ubah.items():
        setattr(aduan, nama, nilai)
    aduan.versi += 1
    aduan.save()
    RiwayatStatusAduan.objects.create(aduan=aduan, dari=aduan.status, ke=aduan.status, oleh=oleh, catatan=catatan)


@transaction.atomic
def aduan_alihkan(*, aduan: Aduan, oleh, petugas: Pengguna, catatan: str = "") -> Aduan:
    aduan = _kunci(aduan)
    wajib(oleh, Aksi.KELOLA_ADUAN, wilayah=aduan.kelurahan, pesan=PESAN_KELOLA, pesan_wilayah=PESAN_WILAYAH)
    if petugas.peran != Peran.TKSK or not petugas.is_active or petugas.wilayah is None or not (
        petugas.wilayah.mencakup(aduan.kelurahan)
    ):
        raise ValidationError({"petugas": "Pilih TKSK aktif dari kecamatan aduan ini."})
    if petugas.pk == aduan.petugas_id:
        raise ValidationError({"petugas": "Aduan ini sudah ditugaskan kepada petugas tersebut."})
    batas.periksa_field("catatan", catatan, *batas.validator_teks())
    with pghistory.context(user=oleh.pk):
        _catat_kelola(aduan, oleh=oleh, ubah={"petugas": petugas}, catatan=f"Dialihkan kepada {petugas.nama_tampil}."
                      + (f" {catatan.strip()}" if catatan.strip() else ""))
    _beri_tahu_petugas(aduan, oleh=oleh)
    return aduan


@transaction.atomic
def aduan_eskalasi(*, aduan: Aduan, oleh, catatan: str) -> Aduan:
    aduan = _kunci(aduan)
    wajib(oleh, Aksi.KELOLA_ADUAN, wilayah=aduan.kelurahan, pesan=PESAN_KELOLA, pesan_wilayah=PESAN_WILAYAH)
    catatan = _teks_diisi(catatan, "catatan", "Catatan eskalasi wajib diisi.")
    if aduan.dieskalasi:
        raise ValidationError("Aduan ini sudah dieskalasi.")
    with pghistory.context(user=oleh.pk):
        _catat_kelola(aduan, oleh=oleh, ubah={"dieskalasi": True, "catatan_eskalasi": catatan},
                      catatan=f"Dieskalasi: {catatan}")
    return aduan
