"""Synthetic registry data: Indonesian names, valid NIKs consistent with birth dates, households.

One source for the demo data (``pmks.registri.demo``), the benchmark generator
(``manage.py buat_data_sintetis``, which writes with COPY through ``pmks.registri.sintetis_massal``) and
the test factories. Everything here is plain Python over a
``random.Random`` so that a seed gives the same data set every time.

NIK = kode kecamatan tempat pertama terdaftar (6) + DDMMYY (perempuan: DD + 40) + nomor urut (4).
No. KK = kode kecamatan (6) + DDMMYY tanggal pencatatan + nomor urut keluarga (4).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from django.utils import timezone

from tksk.tanggal import USIA_LANSIA, tahun_mundur

from . import choices as c

NAMA_LAKI = [
    "Ahmad", "Abdul", "Agus", "Bambang", "Budi", "Dedi", "Didik", "Eko", "Fajar", "Hadi", "Hasan",
    "Heri", "Imam", "Joko", "Kusnadi", "Lukman", "Mohammad", "Muhammad", "Mulyadi", "Nur", "Rahmat",
    "Ridwan", "Rudi", "Samsul", "Slamet", "Sugeng", "Suparman", "Supriadi", "Syaiful", "Teguh",
    "Wahyu", "Yusuf", "Zainal", "Arif", "Hariyanto", "Sutrisno", "Misdi", "Sumarno", "Holil", "Faisal",
    "Rizky", "Dimas", "Bayu", "Aditya", "Farhan", "Fadli", "Ilham", "Reza", "Hendra", "Sholeh",
]
NAMA_PEREMPUAN = [
    "Siti", "Aminah", "Ani", "Dewi", "Endang", "Fatimah", "Hartini", "Indah", "Juwariyah", "Khotimah",
    "Lestari", "Maimunah", "Marfuah", "Mariyam", "Nur", "Nurul", "Puji", "Rina", "Rohmah", "Sri",
    "Suminah", "Sulastri", "Sumiati", "Suryani", "Tutik", "Umi", "Wahyuni", "Yuliana", "Zubaidah",
    "Rukmini", "Salamah", "Mutmainah", "Asiyah", "Rahayu", "Ningsih", "Nabila", "Aisyah", "Putri",
    "Anisa", "Dinda", "Salsabila", "Zahra", "Laila", "Khoirunnisa", "Wulan", "Fitri", "Ratna", "Mega",
]
NAMA_BELAKANG = [
    "Hidayat", "Santoso", "Wibowo", "Setiawan", "Prasetyo", "Saputra", "Hartono", "Suryadi",
    "Kurniawan", "Rahman", "Hakim", "Ansori", "Mahmud", "Ismail", "Ma'ruf", "Syafi'i", "Hasyim",
    "Subekti", "Utomo", "Wijaya", "Purnomo", "Fauzi", "Rosyid", "Zainuddin", "Maulana", "Ramadhan",
    "Anwar", "Efendi", "Nugroho", "Susanto", "Rohim", "Ghofur", "Fathoni", "Arifin", "Kholili",
]
NAMA_TENGAH_P = ["Nur", "Sri", "Siti", "Dwi", "Tri", "Eka", "Ayu", "Dewi", "Ratna", "Indah"]
JALAN = [
    "Jl. Suroyo", "Jl. Panglima Sudirman", "Jl. Mastrip", "Jl. Brantas", "Jl. Bengawan Solo",
    "Jl. KH. Hasyim Asyari", "Jl. Ikan Tongkol", "Jl. Sunan Ampel", "Jl. Ahmad Yani", "Jl. Cokroaminoto",
    "Jl. Slamet Riyadi", "Jl. Semeru", "Jl. Bromo", "Jl. Anggrek", "Jl. Mawar", "Jl. Kenanga",
    "Jl. Soekarno Hatta", "Jl. Hayam Wuruk", "Jl. Gajah Mada", "Jl. Mayjen Sungkono", "Jl. Lumajang",
    "Jl. Pahlawan", "Jl. Dr. Sutomo", "Jl. Mangga", "Gg. Melati", "Gg. Kamboja", "Gg. Masjid",
]
TEMPAT_LAHIR = ["Probolinggo"] * 8 + ["Lumajang", "Pasuruan", "Jember", "Situbondo", "Surabaya", "Malang", "Bondowoso"]
PEKERJAAN_DEWASA = [
    "Buruh harian lepas", "Buruh tani", "Nelayan", "Pedagang kecil", "Tukang becak", "Pengemudi ojek",
    "Buruh bangunan", "Tidak bekerja", "Mengurus rumah tangga", "Pemulung", "Karyawan swasta",
    "Wiraswasta", "Petani", "Tukang jahit", "Pembantu rumah tangga",
]

# Where NIKs were first issued: mostly the kecamatan of Kota Probolinggo itself, some from
# Kabupaten Probolinggo and other Jawa Timur kabupaten (people move in).
KODE_ASAL_LUAR = ["351301", "351322", "350801", "350901", "351201", "351418", "357801", "350701"]


def kode_polos(kode_wilayah: str) -> str:
    return kode_wilayah.replace(".", "")


def nik_untuk(kode6: str, tanggal_lahir: date, jenis_kelamin: str, nomor_urut: int) -> str:
    """A NIK whose date part matches ``tanggal_lahir`` and ``jenis_kelamin`` (P: day + 40)."""
    hari = tanggal_lahir.day + (40 if jenis_kelamin == c.JenisKelamin.PEREMPUAN else 0)
    return f"{kode6}{hari:02d}{tanggal_lahir:%m%y}{nomor_urut:04d}"


def no_kk_untuk(kode6: str, tanggal_catat: date, nomor_urut: int) -> str:
    return f"{kode6}{tanggal_catat:%d%m%y}{nomor_urut:04d}"


class PenomoranUnik:
    """Hands out NIK / No. KK serial numbers, never repeating a number already taken."""

    def __init__(self, terpakai: set[str] | None = None, mulai: int = 1):
        self.terpakai = set(terpakai or ())
        self._berikut: dict[str, int] = {}
        self.mulai = mulai

    def ambil(self, awalan12: str) -> str:
        n = self._berikut.get(awalan12, self.mulai)
        while f"{awalan12}{n:04d}" in self.terpakai:
            n += 1
        if n > 9999:
            raise ValueError(f"Nomor urut habis untuk awalan {awalan12}")
        nomor = f"{awalan12}{n:04d}"
        # the per-prefix counter never hands out a number twice: ``terpakai`` holds only the numbers
        # taken before (keeps memory at one entry per prefix for millions of members)
        self._berikut[awalan12] = n + 1
        return nomor

    def nik(self, kode6: str, tanggal_lahir: date, jenis_kelamin: str) -> str:
        return self.ambil(nik_untuk(kode6, tanggal_lahir, jenis_kelamin, 0)[:12])

    def no_kk(self, kode6: str, tanggal_catat: date) -> str:
        return self.ambil(no_kk_untuk(kode6, tanggal_catat, 0)[:12])


@dataclass
class RencanaAnggota:
    nik: str
    nama: str
    tempat_lahir: str
    tanggal_lahir: date
    jenis_kelamin: str
    hubungan: str
    status_perkawinan: str
    pendidikan: str
    pekerjaan: str
    disabilitas: str = c.Disabilitas.TIDAK_ADA


@dataclass
class RencanaKeluarga:
    no_kk: str
    alamat: str
    rt: str
    rw: str
    kondisi: dict
    desil: int | None
    perkiraan_penghasilan: int
    anggota: list[RencanaAnggota] = field(default_factory=list)
    jenis_pmks: list[str] = field(default_factory=list)  # singkatan JenisPMKS for the household


def nama_orang(rng: random.Random, jenis_kelamin: str, belakang: str | None = None) -> str:
    if jenis_kelamin == c.JenisKelamin.LAKI_LAKI:
        depan = rng.choice(NAMA_LAKI)
    else:
        depan = rng.choice(NAMA_PEREMPUAN)
        if rng.random() < 0.3:
            depan = f"{rng.choice(NAMA_TENGAH_P)} {depan}" if depan not in NAMA_TENGAH_P else depan
    if rng.random() < 0.25:
        return depan  # many older Javanese/Madurese people carry a single name
    return f"{depan} {belakang or rng.choice(NAMA_BELAKANG)}"


def tanggal_acak(rng: random.Random, awal: date, akhir: date) -> date:
    return awal + timedelta(days=rng.randint(0, max(0, (akhir - awal).days)))


# cumulative weights computed once (``choices(weights=…)`` accumulates them on every call; same draws)
_KUM_UKURAN = list(accumulate([13, 18, 23, 20, 12, 7, 4, 3]))
_KUM_DESIL = list(accumulate([20, 18, 15, 12, 10, 8, 6, 5, 3, 3]))
_KUM_PENDIDIKAN = list(accumulate([15, 35, 25, 22, 3]))


def _pendidikan(rng: random.Random, umur: int) -> str:
    if umur < 7:
        return c.Pendidikan.TIDAK_SEKOLAH
    if umur < 13:
        return c.Pendidikan.TIDAK_TAMAT_SD
    if umur < 16:
        return c.Pendidikan.SD
    return rng.choices(
        [c.Pendidikan.TIDAK_TAMAT_SD, c.Pendidikan.SD, c.Pendidikan.SMP, c.Pendidikan.SMA, c.Pendidikan.D1_D3],
        cum_weights=_KUM_PENDIDIKAN,
    )[0]


def _kode_asal(rng: random.Random, kode6_kecamatan: str) -> str:
    return kode6_kecamatan if rng.random() < 0.85 else rng.choice(KODE_ASAL_LUAR)


def rencana_keluarga(
    rng: random.Random, *, kode_kecamatan: str, nomor: PenomoranUnik, hari_ini: date | None = None,
    peluang_miskin: float = 0.6,
) -> RencanaKeluarga:
    """One realistic household: 1–8 members, a head, valid NIKs/No. KK, housing and PMKS types."""
    hari_ini = hari_ini or timezone.localdate()
    kode6 = kode_polos(kode_kecamatan)
    belakang = rng.choice(NAMA_BELAKANG)
    ukuran = rng.choices(range(1, 9), cum_weights=_KUM_UKURAN)[0]  # mean ≈ 3.5

    kepala_jk = c.JenisKelamin.LAKI_LAKI if rng.random() < 0.82 else c.JenisKelamin.PEREMPUAN
    lansia_sendiri = ukuran == 1 and rng.random() < 0.6
    lahir_kepala = tanggal_acak(
        rng,
        tahun_mundur(hari_ini, 85 if lansia_sendiri else 68),
        tahun_mundur(hari_ini, USIA_LANSIA if lansia_sendiri else 24),
    )
    anggota: list[RencanaAnggota] = []

    def tambah(jk: str, lahir: date, hubungan: str, kawin: str, nama: str | None = None) -> None:
        umur = (hari_ini - lahir).days // 365
        pekerjaan = rng.choice(PEKERJAAN_DEWASA) if umur >= 18 else ("Pelajar" if umur >= 7 else "")
        anggota.append(
            RencanaAnggota(
                nik=nomor.nik(_kode_asal(rng, kode6), lahir, jk),
                nama=nama or nama_orang(rng, jk, belakang if jk == c.JenisKelamin.LAKI_LAKI else None),
                tempat_lahir=rng.choice(TEMPAT_LAHIR),
                tanggal_lahir=lahir,
                jenis_kelamin=jk,
                hubungan=hubungan,
                status_perkawinan=kawin,
                pendidikan=_pendidikan(rng, umur),
                pekerjaan=pekerjaan,
                disabilitas=(
                    rng.choice([c.Disabilitas.FISIK, c.Disabilitas.NETRA, c.Disabilitas.MENTAL])
                    if rng.random() < 0.04 else c.Disabilitas.TIDAK_ADA
                ),
            )
        )

    bercerai = kepala_jk == c.JenisKelamin.PEREMPUAN or (ukuran > 1 and rng.random() < 0.08)
    tambah(
        kepala_jk, lahir_kepala, c.Hubungan.KEPALA,
        rng.choice([c.StatusPerkawinan.CERAI_MATI, c.StatusPerkawinan.CERAI_HIDUP]) if bercerai or ukuran == 1
        else c.StatusPerkawinan.KAWIN,
    )
    sisa = ukuran - 1
    if sisa and not bercerai:
        jk = c.JenisKelamin.PEREMPUAN if kepala_jk == c.JenisKelamin.LAKI_LAKI else c.JenisKelamin.LAKI_LAKI
        lahir = min(hari_ini - timedelta(days=17 * 366),
                    lahir_kepala + timedelta(days=rng.randint(-3 * 365, 6 * 365)))
        tambah(jk, lahir, c.Hubungan.ISTRI_SUAMI, c.StatusPerkawinan.KAWIN)
        sisa -= 1
    if sisa and rng.random() < 0.12 and lahir_kepala.year > hari_ini.year - 50:
        jk = rng.choice([c.JenisKelamin.LAKI_LAKI, c.JenisKelamin.PEREMPUAN])
        lahir = lahir_kepala - timedelta(days=rng.randint(20 * 365, 30 * 365))
        tambah(jk, lahir, c.Hubungan.ORANG_TUA, c.StatusPerkawinan.CERAI_MATI)
        sisa -= 1
    # Children born when the head was 19–45, never in the future.
    awal_anak = lahir_kepala + timedelta(days=19 * 365)
    akhir_anak = min(hari_ini - timedelta(days=30), lahir_kepala + timedelta(days=45 * 365))
    for _ in range(sisa):
        jk = rng.choice([c.JenisKelamin.LAKI_LAKI, c.JenisKelamin.PEREMPUAN])
        lahir = tanggal_acak(rng, awal_anak, akhir_anak) if akhir_anak > awal_anak else akhir_anak
        umur = (hari_ini - lahir).days // 365
        tambah(
            jk, lahir, c.Hubungan.ANAK,
            c.StatusPerkawinan.KAWIN if umur > 24 and rng.random() < 0.4 else c.StatusPerkawinan.BELUM_KAWIN,
        )

    miskin = rng.random() < peluang_miskin
    kondisi = _kondisi_rumah(rng, miskin, ukuran)
    jenis: list[str] = []
    if miskin:
        jenis.append("FM")
    if kondisi["lantai"] == c.Lantai.TANAH or kondisi["dinding"] in (c.Dinding.BAMBU, c.Dinding.ANYAMAN_BAMBU):
        jenis.append("RTLH")
    if any(a.disabilitas != c.Disabilitas.TIDAK_ADA for a in anggota):
        jenis.append("PD")
    if lansia_sendiri:
        jenis.append("LUT")
    if kepala_jk == c.JenisKelamin.PEREMPUAN and miskin:
        jenis.append("PRSE")
    if not jenis and rng.random() < 0.7:
        jenis.append("KR")

    tanggal_catat = tanggal_acak(rng, date(2012, 1, 1), hari_ini - timedelta(days=1))
    rw = rng.randint(1, 12)
    return RencanaKeluarga(
        no_kk=nomor.no_kk(kode6, tanggal_catat),
        alamat=f"{rng.choice(JALAN)} No. {rng.randint(1, 150)}",
        rt=f"{rng.randint(1, 8):03d}",
        rw=f"{rw:03d}",
        kondisi=kondisi,
        desil=rng.choices(range(1, 11), cum_weights=_KUM_DESIL)[0] if miskin
        else rng.choice([None, 5, 6, 7, 8]),
        perkiraan_penghasilan=rng.randrange(300_000, 1_800_000 if miskin else 4_000_000, 50_000),
        anggota=anggota,
        jenis_pmks=jenis,
    )


def _kondisi_rumah(rng: random.Random, miskin: bool, ukuran: int) -> dict:
    def pilih(pilihan_miskin, pilihan_lain):
        return rng.choice(pilihan_miskin if miskin and rng.random() < 0.6 else pilihan_lain)

    return {
        "status_kepemilikan_rumah": rng.choice(
            [c.StatusKepemilikanRumah.MILIK_SENDIRI] * 6
            + [c.StatusKepemilikanRumah.KONTRAK_SEWA, c.StatusKepemilikanRumah.BEBAS_SEWA]
        ),
        "luas_lantai": rng.randint(max(12, 5 * ukuran), 36 + 12 * ukuran) if not miskin
        else rng.randint(12, 8 * ukuran + 24),
        "lantai": pilih([c.Lantai.TANAH, c.Lantai.SEMEN, c.Lantai.BAMBU], [c.Lantai.KERAMIK, c.Lantai.UBIN]),
        "dinding": pilih([c.Dinding.ANYAMAN_BAMBU, c.Dinding.BAMBU, c.Dinding.KAYU], [c.Dinding.TEMBOK]),
        "atap": pilih([c.Atap.SENG, c.Atap.ASBES, c.Atap.GENTENG], [c.Atap.GENTENG]),
        "sumber_air_minum": pilih(
            [c.SumberAirMinum.SUMUR_TAK_TERLINDUNG, c.SumberAirMinum.SUMUR_TERLINDUNG],
            [c.SumberAirMinum.ISI_ULANG, c.SumberAirMinum.LEDING, c.SumberAirMinum.SUMUR_BOR],
        ),
        "penerangan": pilih(
            [c.Penerangan.PLN_TANPA_METERAN, c.Penerangan.PLN_METERAN], [c.Penerangan.PLN_METERAN]
        ),
        "fasilitas_bab": pilih(
            [c.FasilitasBAB.BERSAMA, c.FasilitasBAB.MCK_UMUM, c.FasilitasBAB.TIDAK_ADA], [c.FasilitasBAB.SENDIRI]
        ),
    }


KODE_KECAMATAN_MISKIN = "35.74.04"  # Kanigaran: the city's highest number of poor residents


def peluang_miskin_untuk(kode_kelurahan: str) -> float:
    return 0.85 if kode_kelurahan.startswith(KODE_KECAMATAN_MISKIN + ".") else 0.45


def sebaran_kelurahan(rng: random.Random, kelurahan: list[tuple[int, str]]) -> list[float]:
    """Cumulative weights that give kecamatan and desa/kelurahan realistic, unequal sizes.

    A kecamatan's weight is log-normal (σ 0.8: the largest ones hold several times the median),
    a desa's weight within its kecamatan log-normal too (σ 0.5); the seed fixes the shape.
    """
    bobot_kec: dict[str, float] = {}
    mentah = []
    for _, kode in kelurahan:
        kec = kode[:8]
        if kec not in bobot_kec:
            bobot_kec[kec] = rng.lognormvariate(0, 0.8)
        mentah.append(rng.lognormvariate(0, 0.5))
    jumlah_kec: dict[str, float] = {}
    for (_, kode), b in zip(kelurahan, mentah, strict=True):
        jumlah_kec[kode[:8]] = jumlah_kec.get(kode[:8], 0.0) + b
    kumulatif, total = [], 0.0
    for (_, kode), b in zip(kelurahan, mentah, strict=True):
        total += bobot_kec[kode[:8]] * b / jumlah_kec[kode[:8]]
        kumulatif.append(total)
    return kumulatif
