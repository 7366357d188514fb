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
from .rollup import FaktaRegistri, RollupRegistri

__all__ = [
    "AksesData",
    "JenisAkses",
    "Ekspor",
    "FaktaRegistri",
    "RollupRegistri",
    "Impor",
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
