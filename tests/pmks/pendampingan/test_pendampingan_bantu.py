"""Helpers shared by the pendampingan tests (no tests here): photos, visits, follow-ups, referrals.

Rows are created directly with the ORM where a test needs dates the services would refuse
(e.g. a "today" chosen by the test); the services themselves are tested in
``test_pendampingan_services.py``.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pmks.pendampingan import choices as pc
from pmks.pendampingan.models import PSKS, Kunjungan, RencanaTindakLanjut, RiwayatStatusRujukan, Rujukan


def foto_uji(nama: str = "foto.png", fmt: str = "PNG", ukuran=(40, 30)) -> SimpleUploadedFile:
    buf = BytesIO()
    Image.new("RGB", ukuran, (200, 120, 40)).save(buf, format=fmt)
    jenis = {"PNG": "image/png", "JPEG": "image/jpeg"}[fmt]
    return SimpleUploadedFile(nama, buf.getvalue(), content_type=jenis)


def kunjungan(keluarga, *, tanggal: date, oleh, jenis: str = pc.JenisKunjungan.ASESMEN, lain=()) -> Kunjungan:
    kj = Kunjungan.objects.create(kelurahan=keluarga.kelurahan, tanggal=tanggal, jenis=jenis, dicatat_oleh=oleh)
    kj.keluarga.set([keluarga, *lain])
    return kj


def tindak_lanjut(
    keluarga, *, batas: date, oleh, status: str = pc.StatusTindakLanjut.TERBUKA, uraian="Kunjungan lanjutan"
):
    return RencanaTindakLanjut.objects.create(
        keluarga=keluarga, uraian=uraian, batas_waktu=batas, status=status, dibuat_oleh=oleh
    )


def psks(kelurahan, *, oleh, nama="Karang Taruna Tunas Muda", jenis=pc.JenisPSKS.KARANG_TARUNA) -> PSKS:
    return PSKS.objects.create(nama=nama, jenis=jenis, kelurahan=kelurahan, dicatat_oleh=oleh)


def rujukan(keluarga, *, oleh, tanggal: date = date(2026, 3, 2), tujuan="Puskesmas Kanigaran") -> Rujukan:
    rj = Rujukan.objects.create(
        keluarga=keluarga, kategori=pc.KategoriRujukan.KESEHATAN, tujuan_lain=tujuan,
        alasan="Belum terdaftar BPJS PBI", tanggal=tanggal, dibuat_oleh=oleh,
    )
    RiwayatStatusRujukan.objects.create(rujukan=rj, ke_status=rj.status, oleh=oleh)
    return rj
