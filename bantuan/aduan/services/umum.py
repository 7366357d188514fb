"""What every complaint service shares: the row lock, the guarded status change with its history
row, text and phone checks, the default verifying TKSK, the active recipient, evidence storage and
the assignment notification."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse

from pmks.models import Keluarga
from tksk import batas
from tksk.berkas import nama_menurut_isi, periksa_lampiran
from tksk.models import Pengguna, Peran, Wilayah
from tksk.notifikasi import beri_tahu
from tksk.permissions import wajib
from tksk.transisi import aksi_menuju, pindah_status

from ...models import Aduan, LampiranAduan, ProgramBantuan, RiwayatStatusAduan, Usulan
from .. import choices as ac

S = ac.StatusAduan
MAKS_LAMPIRAN = 6

NAMA_AKSI = {
    S.DIVERIFIKASI: "memverifikasi",
    S.DIPUTUSKAN: "memutuskan",
    S.DITINDAKLANJUTI: "mencatat tindak lanjut",
    S.SELESAI: "menyelesaikan",
}


PESAN_WILAYAH = "Aduan ini di luar wilayah tugas Anda."


def pesan_peran_menuju(ke: str) -> str:
    return f"Peran Anda tidak berwenang {NAMA_AKSI.get(ke, ke)} aduan."


def _kunci(aduan: Aduan | int) -> Aduan:
    pk = aduan.pk if isinstance(aduan, Aduan) else aduan
    return (
        Aduan.objects.select_for_update(of=("self",))
        .select_related("kelurahan__induk", "keluarga", "usulan_terkait", "petugas")
        .get(pk=pk)
    )


def _pesan_status(aduan: Aduan, ke: str) -> str:
    return f"Tidak dapat {NAMA_AKSI.get(ke, ke)} aduan ini: statusnya sekarang “{aduan.get_status_display()}”."


def _pindah_status(aduan: Aduan, *, oleh, ke: str, catatan: str, ubah: dict | None = None) -> None:
    """``tksk.transisi.pindah_status`` with the complaint's map, messages and history row."""
    # role and area before status: an outsider learns nothing about it
    wajib(oleh, aksi_menuju(ac.TRANSISI, ke), wilayah=aduan.kelurahan, pesan=pesan_peran_menuju(ke),
          pesan_wilayah=PESAN_WILAYAH)
    pindah_status(
        aduan, ke, oleh, transisi=ac.TRANSISI, wilayah=aduan.kelurahan, pesan_status=_pesan_status,
        pesan_peran=pesan_peran_menuju(ke), pesan_wilayah=PESAN_WILAYAH, ubah=ubah,
        riwayat=lambda dari, ke: RiwayatStatusAduan.objects.create(
            aduan=aduan, dari=dari, ke=ke, oleh=oleh, catatan=catatan
        ),
    )


def _teks_diisi(nilai: str, kolom: str, pesan: str) -> str:
    teks = (nilai or "").strip()
    if not teks:
        raise ValidationError({kolom: pesan})
    batas.periksa_field(kolom, teks, *batas.validator_teks())
    return teks


def normalisasi_telepon(teks: str) -> str:
    """'+62 812-3456-7890' → '081234567890'; spaces, dots and dashes are dropped."""
    angka = re.sub(r"[\s.\-()]", "", teks or "")
    if angka.startswith("+62"):
        angka = "0" + angka[3:]
    elif angka.startswith("62"):
        angka = "0" + angka[2:]
    return angka


def petugas_kecamatan(kelurahan: Wilayah) -> Pengguna | None:
    """The (first active) TKSK of the kelurahan's kecamatan: who verifies by default."""
    return (
        Pengguna.objects.filter(peran=Peran.TKSK, is_active=True, wilayah_id=kelurahan.induk_id)
        .order_by("id").first()
    )


def _penerima_aktif(keluarga: Keluarga, program: ProgramBantuan | None) -> Usulan | None:
    qs = Usulan.objects.penerima_aktif().filter(keluarga=keluarga)
    if program is not None:
        qs = qs.filter(program=program)
    return qs.order_by("-diputuskan_pada", "-id").first()


@dataclass(frozen=True)
class BerkasAduan:
    berkas: UploadedFile
    jenis: str = ac.JenisLampiranAduan.LAINNYA


def _simpan_lampiran(aduan: Aduan, *, oleh, berkas: UploadedFile, jenis: str) -> LampiranAduan:
    if jenis not in ac.JenisLampiranAduan.values:
        raise ValidationError({"jenis_lampiran": "Pilih jenis lampiran."})
    if aduan.lampiran.count() >= MAKS_LAMPIRAN:
        raise ValidationError({"lampiran": f"Paling banyak {MAKS_LAMPIRAN} lampiran per aduan."})
    try:
        sah = periksa_lampiran(berkas)
    except ValidationError as exc:
        raise ValidationError({"lampiran": exc.messages}) from exc
    lampiran = LampiranAduan(
        aduan=aduan, jenis=jenis, nama_asli=(berkas.name or "berkas")[:200], tipe_konten=sah.tipe_konten,
        ukuran=sah.ukuran, diunggah_oleh=oleh,
    )
    lampiran.berkas.save(nama_menurut_isi(berkas), berkas, save=False)
    lampiran.save()
    return lampiran


def _beri_tahu_petugas(aduan: Aduan, *, oleh) -> None:
    if aduan.petugas_id and aduan.petugas_id != oleh.pk:
        beri_tahu(
            aduan.petugas, "aduan_ditugaskan", f"Aduan {aduan.kode_tiket} ({aduan.get_jenis_display()}) "
            f"di {aduan.kelurahan.nama} ditugaskan kepada Anda", reverse("aduan:detail", args=[aduan.pk]),
            kunci=f"aduan:{aduan.pk}:ditugaskan:{aduan.petugas_id}",
        )
