"""DEMO pendampingan data: PSKS, visits, follow-ups and referrals for the demo households.

Idempotent: a kecamatan that already has demo visits (catatan starting with ``DEMO_TANDA``) is
skipped; PSKS are found by name. Runs after the registry demo (households must exist).
Dates are relative to today so the dashboard always shows something current: visits this
month and last month, follow-ups due this week and overdue, households not visited for months.
Nothing is dated before its household's (backdated) registration: a household registered months
ago gets a first visit soon after registration plus a later one, so the monthly reports of the
last ~6 months have visits; ``dibuat_pada`` of visits, follow-ups and referrals and the times of
the referral status history are backdated to match.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pgtrigger
from django.db import transaction
from django.utils import timezone

from pmks.registri import choices as c
from tksk.models import Pengguna, Peran, Wilayah

from ..models import Keluarga
from ..registri.demo import tanggal_daftar, waktu_demo
from . import choices as pc
from .models import PSKS, Kunjungan, RencanaTindakLanjut, RiwayatStatusRujukan, Rujukan

DEMO_TANDA = "(demo) "
TRIGGER_UBAH = ("pmks.Kunjungan:update_update",)

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
    # The last quarter of the households stays unvisited: "belum pernah dikunjungi" on the dashboard.
    dikunjungi = keluarga[: max(1, len(keluarga) * 3 // 4)] if keluarga else []
    dibuat = _kunjungan_rumah(dikunjungi, tksk, rng, hari_ini)
    if len(dikunjungi) >= 3:
        dibuat += _bimbingan_kelompok(dikunjungi[:3], tksk, rng, hari_ini)
    _rujukan_demo(dikunjungi[:3], psks, tksk, rng, hari_ini)
    return dibuat


def _kunjungan(kel: Keluarga, tanggal: date, tksk: Pengguna, rng: random.Random,
               tindak_lanjut: date | None = None) -> Kunjungan:
    kj = Kunjungan.objects.create(
        kelurahan=kel.kelurahan, tanggal=tanggal, tanggal_tindak_lanjut=tindak_lanjut,
        jenis=rng.choice([j for j in pc.JenisKunjungan.values if j != pc.JenisKunjungan.BIMBINGAN_KELOMPOK]),
        peran=rng.sample(pc.PeranTKSK.values, k=rng.randint(1, 2)),
        catatan=DEMO_TANDA + rng.choice(CATATAN), hasil=rng.choice(HASIL), dicatat_oleh=tksk,
    )
    kj.keluarga.set([kel])
    _mundurkan(Kunjungan, kj, _setelah(waktu_demo(tanggal, rng), kel))
    return kj


def _kunjungan_rumah(dikunjungi: list[Keluarga], tksk: Pengguna, rng: random.Random, hari_ini) -> int:
    """Home visits (and every other household a follow-up) spread over the last ~7 months."""
    dibuat = 0
    for i, kel in enumerate(dikunjungi):
        daftar = tanggal_daftar(kel)
        # A few households last seen long ago; never before registration.
        umur = rng.choice([2, 5, 9, 15, 24, 33, 40, 55, 70, 100, 190, 215])
        tanggal = hari_ini - timedelta(days=umur)
        if tanggal < daftar:
            tanggal = daftar + timedelta(days=rng.randint(0, (hari_ini - daftar).days))
        if (tanggal - daftar).days > 45:
            # Registered long before: a first home visit in the weeks after registration.
            _kunjungan(kel, daftar + timedelta(days=rng.randint(3, 21)), tksk, rng)
            dibuat += 1
        # Every other household gets a follow-up due from a week ago (overdue) to 10 days ahead.
        batas = hari_ini + timedelta(days=rng.choice([-7, -3, 0, 1, 2, 4, 10])) if i % 2 == 0 else None
        kj = _kunjungan(kel, tanggal, tksk, rng, max(batas, tanggal) if batas else None)
        dibuat += 1
        if batas:
            rtl = RencanaTindakLanjut.objects.create(
                keluarga=kel, kelurahan_id=kel.kelurahan_id, kunjungan=kj, uraian=rng.choice(RENCANA),
                batas_waktu=kj.tanggal_tindak_lanjut,
                dibuat_oleh=tksk,
            )
            _mundurkan(RencanaTindakLanjut, rtl, kj.dibuat_pada)
    return dibuat


def _bimbingan_kelompok(peserta: list[Keluarga], tksk: Pengguna, rng: random.Random, hari_ini) -> int:
    tanggal = max([hari_ini - timedelta(days=6)] + [tanggal_daftar(k) for k in peserta])
    kelompok = Kunjungan.objects.create(
        kelurahan=peserta[0].kelurahan, tanggal=tanggal,
        jenis=pc.JenisKunjungan.BIMBINGAN_KELOMPOK, peran=[pc.PeranTKSK.FASILITATOR, pc.PeranTKSK.PEMBIMBING],
        catatan=DEMO_TANDA + "Pertemuan kelompok calon KUBE di balai kelurahan.",
        hasil="Disepakati pembentukan KUBE, pengurus dipilih.", dicatat_oleh=tksk,
    )
    kelompok.keluarga.set(peserta)
    _mundurkan(Kunjungan, kelompok, _setelah(waktu_demo(tanggal, rng), *peserta))
    return 1


def _rujukan_demo(keluarga: list[Keluarga], psks: list[PSKS], tksk: Pengguna, rng: random.Random, hari_ini) -> None:
    """Three referrals: finished (Puskesmas), received (LKS), sent (free-text service)."""
    for j, kel in enumerate(keluarga):
        tujuan = psks[2] if j == 0 else (psks[3] if j == 1 else None)
        tanggal = max(hari_ini - timedelta(days=20 - j * 5), tanggal_daftar(kel))
        rj = Rujukan.objects.create(
            keluarga=kel,
            kategori=[pc.KategoriRujukan.KESEHATAN, pc.KategoriRujukan.LKS, pc.KategoriRujukan.PENDIDIKAN][j],
            psks=tujuan, tujuan_lain="" if tujuan else "Dinas Pendidikan — beasiswa PIP",
            alasan=["Belum terdaftar BPJS PBI, sering sakit", "Anak perlu konseling keluarga",
                    "Anak SMP putus sekolah karena biaya"][j],
            tanggal=tanggal, dibuat_oleh=tksk,
        )
        pada = _setelah(waktu_demo(tanggal, rng), kel)
        _mundurkan(Rujukan, rj, pada)
        riwayat = [RiwayatStatusRujukan.objects.create(rujukan=rj, ke_status=pc.StatusRujukan.DIKIRIM, oleh=tksk)]
        if j < 2:
            rj.status = pc.StatusRujukan.DITERIMA
            riwayat.append(RiwayatStatusRujukan.objects.create(
                rujukan=rj, dari_status="dikirim", ke_status="diterima", oleh=tksk))
        if j == 0:
            rj.status = pc.StatusRujukan.SELESAI
            rj.hasil = "Kartu BPJS PBI terbit."
            riwayat.append(RiwayatStatusRujukan.objects.create(
                rujukan=rj, dari_status="diterima", ke_status="selesai", oleh=tksk))
        rj.save()
        # Received two days after sending, finished a week later; never in the future.
        for langkah, r in enumerate(riwayat):
            RiwayatStatusRujukan.objects.filter(pk=r.pk).update(
                pada=min(pada + timedelta(days=[0, 2, 9][langkah]), timezone.now())
            )


def _setelah(pada, *keluarga: Keluarga):
    """``pada``, but not before the households were registered (same day) nor in the future."""
    return min(max([pada] + [k.dibuat_pada + timedelta(minutes=30) for k in keluarga]), timezone.now())


def _mundurkan(model, obj, pada) -> None:
    """Backdate ``dibuat_pada`` of a demo row to the moment it is dated (no history row added)."""
    with pgtrigger.ignore(*TRIGGER_UBAH):
        model.objects.filter(pk=obj.pk).update(dibuat_pada=pada)
    if model is Kunjungan:  # the "recorded" row of its change history tells the same moment
        Kunjungan.pgh_event_models["insert"].objects.filter(pgh_obj_id=obj.pk).update(
            dibuat_pada=pada, pgh_created_at=pada
        )
    obj.dibuat_pada = pada


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
