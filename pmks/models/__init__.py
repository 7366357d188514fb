from ..pendampingan.models import (
    PSKS,
    FotoKunjungan,
    Kunjungan,
    RencanaTindakLanjut,
    RiwayatStatusRujukan,
    Rujukan,
)
from .registri import (
    Anggota,
    JenisPMKS,
    Keluarga,
    KlasifikasiPMKS,
    PerpindahanAnggota,
    RiwayatNoKK,
)

__all__ = [
    "Anggota",
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
