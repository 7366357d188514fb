"""DEMO complaints (``manage.py demo_data``; idempotent): one of each kind, at different points of
the workflow, one of them past its deadline. Runs after the bantuan demo (recipients exist)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from pmks.models import Keluarga
from tksk.models import Pengguna, Peran, Wilayah

from ..models import Aduan, Usulan
from . import choices as ac
from . import services as svc

PENANDA = "[demo]"


def _tulis(stdout, teks: str) -> None:
    if stdout is not None:
        stdout.write(f"    {teks}")


@transaction.atomic
def isi_demo(stdout=None) -> None:
    if Aduan.objects.filter(uraian__startswith=PENANDA).exists():
        return
    tksk = Pengguna.objects.filter(peran=Peran.TKSK, username="tksk.kanigaran").first()
    dinsos = Pengguna.objects.filter(peran=Peran.DINSOS).first()
    keluarga = list(
        Keluarga.objects.aktif().filter(kelurahan__kode__startswith="35.74.04.").order_by("dibuat_pada", "id")[:6]
    )
    if tksk is None or dinsos is None or len(keluarga) < 4:
        _tulis(stdout, "belum ada cukup keluarga demo di Kanigaran; aduan dilewati")
        return
    hari_ini = timezone.localdate()
    penerima = Usulan.objects.penerima_aktif().filter(keluarga__kelurahan__kode__startswith="35.74.04.").first()

    def terima(**kw):
        kw["uraian"] = f"{PENANDA} {kw['uraian']}"
        kw.setdefault("pelapor_nama", "Warga (demo)")
        kw.setdefault("pelapor_telepon", "081200001111")
        kw.setdefault("pelapor_hubungan", ac.HubunganPelapor.TETANGGA)
        return svc.aduan_terima(oleh=kw.pop("oleh", tksk), **kw)

    n = 0
    if penerima is not None:  # a sanggah of a recipient, anonymous, by WhatsApp: waiting for verification
        terima(jenis=ac.JenisAduan.SANGGAH, kategori=ac.KategoriAduan.SANGGAH_INKLUSI,
               saluran=ac.SaluranAduan.WHATSAPP, anonim=True, pelapor_nama="", keluarga=penerima.keluarga,
               program=penerima.program, tanggal_terima=hari_ini - timedelta(days=3),
               uraian="Penerima disebut sudah bekerja tetap dan memiliki kendaraan.")
        n += 1
    # an exclusion sanggah received by phone 20 days ago and still undecided: overdue
    terima(jenis=ac.JenisAduan.SANGGAH, kategori=ac.KategoriAduan.SANGGAH_EKSKLUSI, saluran=ac.SaluranAduan.TELEPON,
           keluarga=keluarga[0], tanggal_terima=hari_ini - timedelta(days=20),
           uraian="Keluarga lansia belum pernah menerima bantuan apa pun.")
    # a proposal for a person not registered yet, in person, verified by the TKSK
    usul = terima(jenis=ac.JenisAduan.USUL, kategori=ac.KategoriAduan.USUL_DAFTAR,
                  saluran=ac.SaluranAduan.DATANG_LANGSUNG, subjek_nama="Mbah Sumi (demo)",
                  subjek_alamat="Jl. Sunan Giri, gang 3", kelurahan=Wilayah.objects.get(kode="35.74.04.1003"),
                  tanggal_terima=hari_ini - timedelta(days=6), pelapor_hubungan=ac.HubunganPelapor.RT_RW,
                  pelapor_nama="Ketua RT 02 (demo)", uraian="Janda lansia tinggal sendiri, belum terdata.")
    svc.aduan_verifikasi(aduan=usul, oleh=tksk, tanggal=hari_ini - timedelta(days=2),
                         hasil="Benar tinggal sendiri, rumah tidak layak; perlu didaftarkan.")
    # a service complaint (aid stopped): granted, acted on, closed
    layanan = terima(oleh=dinsos, jenis=ac.JenisAduan.PENGADUAN_LAYANAN, kategori=ac.KategoriAduan.PERLAKUAN_PETUGAS,
                     saluran=ac.SaluranAduan.SURAT, keluarga=keluarga[1], tanggal_terima=hari_ini - timedelta(days=12),
                     uraian="Petugas penyaluran bersikap kasar saat pembagian.")
    svc.aduan_verifikasi(aduan=layanan, oleh=tksk, tanggal=hari_ini - timedelta(days=9),
                         hasil="Dua saksi membenarkan kejadian.")
    svc.aduan_putuskan(aduan=layanan, oleh=dinsos, keputusan=ac.Keputusan.DIKABULKAN,
                       alasan="Terbukti; petugas diberi teguran tertulis.")
    svc.aduan_tindak_lanjuti(aduan=layanan, oleh=dinsos, jenis=ac.JenisTindakLanjut.LAINNYA,
                             keterangan="Teguran tertulis dan pembinaan petugas penyaluran.")
    svc.aduan_selesaikan(aduan=layanan, oleh=dinsos, catatan="Surat jawaban dikirim ke pelapor.")
    # a data correction that was rejected after verification
    data = terima(jenis=ac.JenisAduan.PERBAIKAN_DATA, kategori=ac.KategoriAduan.DATA_SALAH,
                  saluran=ac.SaluranAduan.CEK_BANSOS, keluarga=keluarga[2], tanggal_terima=hari_ini - timedelta(days=8),
                  uraian="Alamat di Cek Bansos berbeda dengan KTP.")
    svc.aduan_verifikasi(aduan=data, oleh=tksk, tanggal=hari_ini - timedelta(days=5),
                         hasil="Alamat di registri sudah sesuai KK terbaru.")
    svc.aduan_putuskan(aduan=data, oleh=dinsos, keputusan=ac.Keputusan.DITOLAK,
                       alasan="Data registri sudah sesuai KK terbaru; perbedaan ada di data pusat.")
    _tulis(stdout, f"{n + 4} aduan demo (usul, sanggah, pengaduan layanan, perbaikan data; satu terlambat)")
