"""Coded answers of the household/member questionnaire (Regsosek 2022 / DTKS verivali).

Stored as short slugs so that reports and imports can use readable values.
"""

from django.db import models

from tksk.permissions import Aksi


class StatusKeluarga(models.TextChoices):
    AKTIF = "aktif", "Aktif"
    PINDAH = "pindah", "Pindah"
    MENINGGAL_SEMUA = "meninggal_semua", "Meninggal semua"
    TIDAK_DITEMUKAN = "tidak_ditemukan", "Tidak ditemukan"
    # Set only by the merge of duplicate records (pmks.ganda.services), never through TRANSISI.
    DIGABUNG = "digabung", "Digabung (data ganda)"


_K = StatusKeluarga
# (from, to) → the action the user's role must allow (``tksk.transisi.pindah_status``).
# Archival is a status, never a delete.
TRANSISI: dict[tuple[str, str], Aksi] = {
    (_K.AKTIF, _K.PINDAH): Aksi.UBAH_DATA,
    (_K.AKTIF, _K.MENINGGAL_SEMUA): Aksi.UBAH_DATA,
    (_K.AKTIF, _K.TIDAK_DITEMUKAN): Aksi.UBAH_DATA,
    (_K.PINDAH, _K.AKTIF): Aksi.UBAH_DATA,
    (_K.MENINGGAL_SEMUA, _K.AKTIF): Aksi.UBAH_DATA,
    (_K.TIDAK_DITEMUKAN, _K.AKTIF): Aksi.UBAH_DATA,
    (_K.TIDAK_DITEMUKAN, _K.PINDAH): Aksi.UBAH_DATA,
}


class StatusKepemilikanRumah(models.TextChoices):
    MILIK_SENDIRI = "milik_sendiri", "Milik sendiri"
    KONTRAK_SEWA = "kontrak_sewa", "Kontrak/sewa"
    BEBAS_SEWA = "bebas_sewa", "Bebas sewa"
    DINAS = "dinas", "Dinas"
    LAINNYA = "lainnya", "Lainnya"


class Lantai(models.TextChoices):
    MARMER = "marmer", "Marmer/granit"
    KERAMIK = "keramik", "Keramik"
    PARKET = "parket", "Parket/vinil/karpet"
    UBIN = "ubin", "Ubin/tegel/teraso"
    KAYU = "kayu", "Kayu/papan"
    SEMEN = "semen", "Semen/bata merah"
    BAMBU = "bambu", "Bambu"
    TANAH = "tanah", "Tanah"
    LAINNYA = "lainnya", "Lainnya"


class Dinding(models.TextChoices):
    TEMBOK = "tembok", "Tembok"
    PLESTERAN_BAMBU = "plesteran_bambu", "Plesteran anyaman bambu/kawat"
    KAYU = "kayu", "Kayu/papan/gypsum/GRC/calciboard"
    ANYAMAN_BAMBU = "anyaman_bambu", "Anyaman bambu"
    BATANG_KAYU = "batang_kayu", "Batang kayu"
    BAMBU = "bambu", "Bambu"
    LAINNYA = "lainnya", "Lainnya"


class Atap(models.TextChoices):
    BETON = "beton", "Beton"
    GENTENG = "genteng", "Genteng"
    SENG = "seng", "Seng"
    ASBES = "asbes", "Asbes"
    BAMBU = "bambu", "Bambu"
    KAYU_SIRAP = "kayu_sirap", "Kayu/sirap"
    JERAMI = "jerami", "Jerami/ijuk/daun/rumbia"
    LAINNYA = "lainnya", "Lainnya"


class SumberAirMinum(models.TextChoices):
    KEMASAN = "kemasan", "Air kemasan bermerk"
    ISI_ULANG = "isi_ulang", "Air isi ulang"
    LEDING = "leding", "Leding"
    SUMUR_BOR = "sumur_bor", "Sumur bor/pompa"
    SUMUR_TERLINDUNG = "sumur_terlindung", "Sumur terlindung"
    SUMUR_TAK_TERLINDUNG = "sumur_tak_terlindung", "Sumur tak terlindung"
    MATA_AIR_TERLINDUNG = "mata_air_terlindung", "Mata air terlindung"
    MATA_AIR_TAK_TERLINDUNG = "mata_air_tak_terlindung", "Mata air tak terlindung"
    AIR_PERMUKAAN = "air_permukaan", "Air permukaan (sungai/danau)"
    AIR_HUJAN = "air_hujan", "Air hujan"
    LAINNYA = "lainnya", "Lainnya"


class Penerangan(models.TextChoices):
    PLN_METERAN = "pln_meteran", "Listrik PLN dengan meteran"
    PLN_TANPA_METERAN = "pln_tanpa_meteran", "Listrik PLN tanpa meteran"
    NON_PLN = "non_pln", "Listrik non-PLN"
    BUKAN_LISTRIK = "bukan_listrik", "Bukan listrik"


class FasilitasBAB(models.TextChoices):
    SENDIRI = "sendiri", "Ada, milik sendiri"
    BERSAMA = "bersama", "Ada, bersama rumah tangga lain"
    MCK_KOMUNAL = "mck_komunal", "MCK komunal"
    MCK_UMUM = "mck_umum", "MCK umum"
    TIDAK_DIPAKAI = "tidak_dipakai", "Ada, tidak dipakai"
    TIDAK_ADA = "tidak_ada", "Tidak ada"


class JenisKelamin(models.TextChoices):
    LAKI_LAKI = "L", "Laki-laki"
    PEREMPUAN = "P", "Perempuan"


class Hubungan(models.TextChoices):
    KEPALA = "kepala", "Kepala keluarga"
    ISTRI_SUAMI = "istri_suami", "Istri/suami"
    ANAK = "anak", "Anak"
    MENANTU = "menantu", "Menantu"
    CUCU = "cucu", "Cucu"
    ORANG_TUA = "orang_tua", "Orang tua/mertua"
    PEMBANTU = "pembantu", "Pembantu/sopir"
    LAINNYA = "lainnya", "Lainnya"


class StatusPerkawinan(models.TextChoices):
    BELUM_KAWIN = "belum_kawin", "Belum kawin"
    KAWIN = "kawin", "Kawin"
    CERAI_HIDUP = "cerai_hidup", "Cerai hidup"
    CERAI_MATI = "cerai_mati", "Cerai mati"


class Pendidikan(models.TextChoices):
    TIDAK_SEKOLAH = "tidak_sekolah", "Tidak/belum sekolah"
    TIDAK_TAMAT_SD = "tidak_tamat_sd", "Tidak tamat SD"
    SD = "sd", "SD/sederajat"
    SMP = "smp", "SMP/sederajat"
    SMA = "sma", "SMA/SMK/sederajat"
    D1_D3 = "d1_d3", "Diploma I-III"
    S1 = "s1", "D4/S1"
    S2_S3 = "s2_s3", "S2/S3"


class Disabilitas(models.TextChoices):
    TIDAK_ADA = "tidak_ada", "Tidak ada"
    FISIK = "fisik", "Disabilitas fisik"
    INTELEKTUAL = "intelektual", "Disabilitas intelektual"
    MENTAL = "mental", "Disabilitas mental"
    NETRA = "netra", "Disabilitas sensorik netra"
    RUNGU_WICARA = "rungu_wicara", "Disabilitas sensorik rungu/wicara"
    GANDA = "ganda", "Disabilitas ganda/multi"


class StatusHidup(models.TextChoices):
    HIDUP = "hidup", "Hidup"
    MENINGGAL = "meninggal", "Meninggal"


class StatusAnggota(models.TextChoices):
    """Whether the person is still counted in this household (keberadaan ART)."""

    AKTIF = "aktif", "Tinggal bersama"
    PINDAH = "pindah", "Pindah"
    MENINGGAL = "meninggal", "Meninggal"
    TIDAK_DITEMUKAN = "tidak_ditemukan", "Tidak ditemukan"
    # The archived record of a merged duplicate (pmks.ganda.services): set and kept only by the merge.
    DIGABUNG = "digabung", "Digabung (data ganda)"


# Job names as the Kartu Keluarga prints them (Dukcapil's list), the ones a TKSK meets most: offered as
# one-tap answers on the registration form; the field stays free text.
PEKERJAAN_SARAN = (
    "Belum/tidak bekerja", "Mengurus rumah tangga", "Pelajar/mahasiswa", "Buruh harian lepas",
    "Buruh tani/perkebunan", "Wiraswasta",
)
PEKERJAAN_KK = (
    *PEKERJAAN_SARAN, "Pensiunan", "Pegawai negeri sipil", "Karyawan swasta", "Petani/pekebun",
    "Nelayan/perikanan", "Pedagang", "Sopir", "Tukang batu", "Tukang kayu", "Pembantu rumah tangga",
    "Guru", "Perangkat desa", "Karyawan honorer", "Lainnya",
)


# --- UU 27/2022 PDP: data subjects' requests (pmks.registri.permintaan) ---------------------------
class JenisPermintaan(models.TextChoices):
    AKSES = "akses", "Akses (salinan data pribadi)"
    PERBAIKAN = "perbaikan", "Perbaikan data"
    PENGHAPUSAN = "penghapusan", "Penghapusan (anonimisasi)"
    PENARIKAN = "penarikan", "Penarikan persetujuan"


class StatusPermintaan(models.TextChoices):
    DITERIMA = "diterima", "Diterima (belum dijawab)"
    SELESAI = "selesai", "Selesai"
    DITOLAK = "ditolak", "Ditolak"


_P = StatusPermintaan
# The TKSK of the kecamatan or Dinas Sosial answer (UBAH_DATA in the household's area).
TRANSISI_PERMINTAAN: dict[tuple[str, str], Aksi] = {
    (_P.DITERIMA, _P.SELESAI): Aksi.UBAH_DATA,
    (_P.DITERIMA, _P.DITOLAK): Aksi.UBAH_DATA,
}
