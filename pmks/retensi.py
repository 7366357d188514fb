"""pmks's retention kinds (``tksk.retensi``) and its legal hold (an open data-breach incident).

Registered in ``PmksConfig.ready``. Defaults and why: README "Retensi data".
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Q

from tksk import retensi


def _bersihkan_berkas_impor(batas: datetime, kering: bool) -> int:
    """Uploaded spreadsheets hold whole lists of NIKs: once an import is finished and old, its file,
    its parsed rows and its stored error lists go; the record (who, when, counts, outcome) stays."""
    from pmks.impor.models import Impor, StatusImpor

    akhir = [StatusImpor.SELESAI, StatusImpor.GAGAL, StatusImpor.GALAT, StatusImpor.DIBATALKAN]
    qs = Impor.objects.filter(status__in=akhir, dibuat_pada__lt=batas).filter(
        ~Q(berkas="") | ~Q(hasil_urai="") | ~Q(galat=[]) | ~Q(peringatan=[])
    )
    if kering:
        return qs.count()
    jumlah = 0
    for impor in qs.only("pk", "berkas", "hasil_urai").iterator():
        for berkas in (impor.berkas, impor.hasil_urai):
            if berkas:
                berkas.storage.delete(berkas.name)
        Impor.objects.filter(pk=impor.pk).update(berkas="", hasil_urai="", galat=[], peringatan=[])
        jumlah += 1
    return jumlah


def _ditahan_insiden() -> date | None:
    from pmks.models import InsidenKebocoran

    return InsidenKebocoran.objects.ditahan_sejak()


def daftarkan() -> None:
    retensi.daftarkan_retensi(retensi.JenisRetensi(
        "akses", "Catatan akses data pribadi (UU PDP)", bulan=24,
        alasan="Bukti siapa melihat NIK/No. KK dan data keluarga; 2 tahun mencakup dua siklus pemeriksaan "
               "tahunan dan masa seorang warga atau otoritas PDP lazim menanyakan akses atas datanya.",
        tabel=("pmks_aksesdata",), abaikan_pemicu=("pmks.AksesData:hanya_tambah",),
    ))
    retensi.daftarkan_retensi(retensi.JenisRetensi(
        "ekspor", "Catatan ekspor daftar keluarga/anggota", bulan=24,
        alasan="Catatan akses juga (ke mana data keluar); disimpan sama lama dengan catatan akses.",
        tabel=("pmks_ekspor",),
    ))
    retensi.daftarkan_retensi(retensi.JenisRetensi(
        "berkas_impor", "Berkas impor yang sudah selesai (berkas asli, hasil urai, daftar galat)", bulan=6,
        alasan="Berkas memuat NIK seluruh daftar yang isinya sudah ada di registri; 6 bulan cukup untuk "
               "memeriksa ulang impor yang keliru. Catatan impornya (siapa, kapan, jumlah) tetap disimpan.",
        bersihkan=_bersihkan_berkas_impor,
    ))
    retensi.daftarkan_penahanan("insiden_kebocoran", _ditahan_insiden)
