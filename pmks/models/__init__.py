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
from .cari import IndeksNama, KamusNama
from .desil import RiwayatDesil, SumberDesil
from .insiden import InsidenKebocoran, PihakPemberitahuan
from .pdp import (
    PemberitahuanKeluarga,
    PemberitahuanPrivasi,
    PenarikanPersetujuan,
    PermintaanSubjekData,
    RiwayatPermintaan,
)
from .registri import (
    Anggota,
    JenisPMKS,
    Keluarga,
    KlasifikasiPMKS,
    PerpindahanAnggota,
    RiwayatNoKK,
)
from .rollup import FaktaRegistri, JenisAktifKeluarga, RollupRegistri
from .rollup_kunjungan_terakhir import FaktaKunjunganTerakhir, RollupKunjunganTerakhir
from .rollup_pendampingan import FaktaPendampingan, RollupKunjungan, RollupPendampingan

__all__ = [
    "AksesData",
    "JenisAkses",
    "Ekspor",
    "FaktaRegistri",
    "JenisAktifKeluarga",
    "FaktaPendampingan",
    "RollupKunjungan",
    "RollupPendampingan",
    "RollupRegistri",
    "FaktaKunjunganTerakhir",
    "RollupKunjunganTerakhir",
    "Impor",
    "PasanganDuplikat",
    "Anggota",
    "IndeksNama",
    "KamusNama",
    "InsidenKebocoran",
    "PihakPemberitahuan",
    "JenisPMKS",
    "Keluarga",
    "KlasifikasiPMKS",
    "PerpindahanAnggota",
    "RiwayatNoKK",
    "RiwayatDesil",
    "SumberDesil",
    "PemberitahuanKeluarga",
    "PemberitahuanPrivasi",
    "PenarikanPersetujuan",
    "PermintaanSubjekData",
    "RiwayatPermintaan",
    "PSKS",
    "FotoKunjungan",
    "Kunjungan",
    "RencanaTindakLanjut",
    "RiwayatStatusRujukan",
    "Rujukan",
]
