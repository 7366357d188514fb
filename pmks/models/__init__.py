from ..ganda.models import PasanganDuplikat
from ..impor.models import Ekspor, Impor
from ..pendampingan.models import (
    PSKS,
    FotoKunjungan,
    Kunjungan,
    RencanaTindakLanjut,
    RiwayatStatusRujukan,
    Rujukan,
)
from .akses import AksesData, JenisAkses
from .cari import IndeksNama
from .registri import (
    Anggota,
    JenisPMKS,
    Keluarga,
    KlasifikasiPMKS,
    PerpindahanAnggota,
    RiwayatNoKK,
)

__all__ = [
    "AksesData",
    "JenisAkses",
    "Ekspor",
    "Impor",
    "PasanganDuplikat",
    "Anggota",
    "IndeksNama",
    "JenisPMKS",
    "Keluarga",
    "KlasifikasiPMKS",
    "PerpindahanAnggota",
    "RiwayatNoKK",
    "PSKS",
    "FotoKunjungan",
    "Kunjungan",
    "RencanaTindakLanjut",
    "RiwayatStatusRujukan",
    "Rujukan",
]
