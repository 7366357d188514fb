from .aduan import Aduan, LampiranAduan, PeringatanTenggatAduan, RiwayatStatusAduan, TenggatAduan
from .desil import TandaDesil
from .fakta import FaktaPenerimaan, RingkasanPenerimaan
from .penyaluran import MonitoringBantuan, PenerimaanEksternal, Penyaluran
from .program import KuotaKecamatan, ProgramBantuan
from .rollup import FaktaBantuan, RollupBantuan
from .siksng import PengaturanSiksNg
from .usulan import LampiranUsulan, RiwayatStatusUsulan, Usulan

__all__ = [
    "Aduan",
    "LampiranAduan",
    "PeringatanTenggatAduan",
    "RiwayatStatusAduan",
    "TenggatAduan",
    "FaktaPenerimaan",
    "RingkasanPenerimaan",
    "KuotaKecamatan",
    "LampiranUsulan",
    "MonitoringBantuan",
    "PenerimaanEksternal",
    "Penyaluran",
    "PengaturanSiksNg",
    "ProgramBantuan",
    "RiwayatStatusUsulan",
    "FaktaBantuan",
    "RollupBantuan",
    "TandaDesil",
    "Usulan",
]
