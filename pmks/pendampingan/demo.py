"""DEMO pendampingan data: PSKS, visits, follow-ups and referrals for the demo households.

Idempotent: a kecamatan that already has demo visits (catatan starting with ``DEMO_TANDA``) is
skipped; PSKS are found by name. Runs after the registry demo (households must exist).
Dates are relative to today so the dashboard always shows something current: visits this
month and last month, follow-ups due this week and overdue, households not visited for months.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tksk.models import Pengguna, Peran, Wilayah

from .. import choices as c
from ..models import Keluarga
from . import choices as pc
from .models import PSKS, Kunjungan, RencanaTindakLanjut, RiwayatStatusRujukan, Rujukan

DEMO_TANDA = "(demo) "

HASIL = [
    "Keluarga bersedia mengikuti pertemuan KUBE bulan depan.",
    "Kondisi rumah difoto untuk usulan RTLH; lantai tanah, dinding anyaman bambu.",
    "Anak usia SMP belum sekolah lagi; dibicarakan dengan wali kelas.",
    "Lansia tinggal sendiri, perlu pendampingan rutin dan cek BPJS PBI.",
    "Bantuan sembako bulan ini sudah diterima lengkap.",
    "Usaha warung berjalan, modal UEP dipakai untuk etalase dan stok.",
    "Kambing bantuan sehat, satu ekor sudah beranak.",
    "Data anggota keluarga dicocokkan dengan KK terbaru.",
]
CATATAN = [
    "Kepala keluarga buruh harian, penghasilan tidak tetap.",
    "Ibu rumah tangga mengurus tiga anak, suami merantau.",
    "Rumah sewa, sering berpindah.",
    "Salah satu anggota disabilitas fisik.",
]
RENCANA = [
    "Antar ke Puskesmas untuk pendaftaran BPJS PBI",
    "Cek pencairan PKH tahap berikutnya",
    "Kunjungan lanjutan: monitoring usaha",
    "Bantu lengkapi berkas usulan RTLH",
    "Koordinasi dengan sekolah soal beasiswa",
]


def _psks_demo(kecamatan: Wilayah, kelurahan: list[Wilayah], tksk) -> list[PSKS]:
    data = [
        ("Karang Taruna " + kelurahan[0].nama, pc.JenisPSKS.KARANG_TARUNA, kelurahan[0],
         "Relawan pendataan dan kegiatan pemuda", "15 relawan"),
        ("PSM Kelurahan " + kelurahan[-1].nama, pc.JenisPSKS.PSM, kelurahan[-1],
         "Membantu pendataan PMKS dan pendampingan lansia", "3 orang"),
        ("Puskesmas " + kecamatan.nama, pc.JenisPSKS.PUSKESMAS, kelurahan[0],
         "Layanan kesehatan, pendaftaran BPJS PBI", "—"),
        ("LKS Bina Sejahtera " + kecamatan.nama, pc.JenisPSKS.LKS, kelurahan[len(kelurahan) // 2],
         "Pengasuhan anak dan konseling keluarga", "20 anak"),
    ]
    hasil = []
    for nama, jenis, kel, layanan, kapasitas in data:
        obj, _ = PSKS.objects.get_or_create(
            nama=nama, kelurahan=kel,
            defaults={"jenis": jenis, "layanan": layanan, "kapasitas": kapasitas, "dicatat_oleh": tksk,
                      "narahubung": "Bapak/Ibu Koordinator", "telepon": "0335-421000"},
        )
        hasil.append(obj)
    return hasil


def _demo_kecamatan(tksk: Pengguna, rng: random.Random, hari_ini) -> int:
    kecamatan = tksk.wilayah
    kelurahan = list(Wilayah.objects.kelurahan().di_dalam(kecamatan).order_by("kode"))
    if not kelurahan:
        return 0
    psks = _psks_demo(kecamatan, kelurahan, tksk)
    if Kunjungan.objects.filter(kelurahan__in=kelurahan, catatan__startswith=DEMO_TANDA).exists():
        return 0
    keluarga = list(
        Keluarga.objects.filter(kelurahan__in=kelurahan, status=c.StatusKeluarga.AKTIF)
        .select_related("kelurahan").order_by("id")[:16]
    )
    dibuat = 0
    # The last quarter of the households stays unvisited: "belum pernah dikunjungi" on the dashboard.
    dikunjungi = keluarga[: max(1, len(keluarga) * 3 // 4)] if keluarga else []
    for i, kel in enumerate(dikunjungi):
        # Spread over the last ~7 months: a few households last seen long ago.
        umur = rng.choice([2, 5, 9, 15, 24, 33, 40, 55, 70, 100, 190, 215])
        tanggal = hari_ini - timedelta(days=umur)
        kj = Kunjungan.objects.create(
            kelurahan=kel.kelurahan, tanggal=tanggal,
            jenis=rng.choice([j for j in pc.JenisKunjungan.values if j != pc.JenisKunjungan.BIMBINGAN_KELOMPOK]),
            peran=rng.sample(pc.PeranTKSK.values, k=rng.randint(1, 2)),
            catatan=DEMO_TANDA + rng.choice(CATATAN), hasil=rng.choice(HASIL), dicatat_oleh=tksk,
        )
        kj.keluarga.set([kel])
        dibuat += 1
        if i % 2 == 0:
            # Due dates from a week ago (overdue) to 10 days ahead: some due this week.
            batas = hari_ini + timedelta(days=rng.choice([-7, -3, 0, 1, 2, 4, 10]))
            kj.tanggal_tindak_lanjut = max(batas, tanggal)
            kj.save(update_fields=["tanggal_tindak_lanjut"])
            RencanaTindakLanjut.objects.create(
                keluarga=kel, kunjungan=kj, uraian=rng.choice(RENCANA), batas_waktu=kj.tanggal_tindak_lanjut,
                dibuat_oleh=tksk,
            )
    if len(dikunjungi) >= 3:
        kelompok = Kunjungan.objects.create(
            kelurahan=dikunjungi[0].kelurahan, tanggal=hari_ini - timedelta(days=6),
            jenis=pc.JenisKunjungan.BIMBINGAN_KELOMPOK, peran=[pc.PeranTKSK.FASILITATOR, pc.PeranTKSK.PEMBIMBING],
            catatan=DEMO_TANDA + "Pertemuan kelompok calon KUBE di balai kelurahan.",
            hasil="Disepakati pembentukan KUBE, pengurus dipilih.", dicatat_oleh=tksk,
        )
        kelompok.keluarga.set(dikunjungi[:3])
        dibuat += 1
    for j, kel in enumerate(dikunjungi[:3]):
        tujuan = psks[2] if j == 0 else (psks[3] if j == 1 else None)
        rj = Rujukan.objects.create(
            keluarga=kel,
            kategori=[pc.KategoriRujukan.KESEHATAN, pc.KategoriRujukan.LKS, pc.KategoriRujukan.PENDIDIKAN][j],
            psks=tujuan, tujuan_lain="" if tujuan else "Dinas Pendidikan — beasiswa PIP",
            alasan=["Belum terdaftar BPJS PBI, sering sakit", "Anak perlu konseling keluarga",
                    "Anak SMP putus sekolah karena biaya"][j],
            tanggal=hari_ini - timedelta(days=20 - j * 5), dibuat_oleh=tksk,
        )
        RiwayatStatusRujukan.objects.create(rujukan=rj, ke_status=pc.StatusRujukan.DIKIRIM, oleh=tksk)
        if j < 2:
            rj.status = pc.StatusRujukan.DITERIMA
            RiwayatStatusRujukan.objects.create(rujukan=rj, dari_status="dikirim", ke_status="diterima", oleh=tksk)
        if j == 0:
            rj.status = pc.StatusRujukan.SELESAI
            rj.hasil = "Kartu BPJS PBI terbit."
            RiwayatStatusRujukan.objects.create(rujukan=rj, dari_status="diterima", ke_status="selesai", oleh=tksk)
        rj.save()
    return dibuat


@transaction.atomic
def isi_demo(stdout=None) -> None:
    hari_ini = timezone.localdate()
    total = 0
    for tksk in Pengguna.objects.filter(peran=Peran.TKSK, username__startswith="tksk.").select_related("wilayah"):
        if tksk.wilayah_id is None:
            continue
        rng = random.Random(f"pendampingan-{tksk.username}")
        total += _demo_kecamatan(tksk, rng, hari_ini)
    if stdout is not None:
        stdout.write(f"  pendampingan demo: {total} kunjungan baru")
