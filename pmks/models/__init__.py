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
]
