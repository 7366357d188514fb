from .penyaluran import MonitoringBantuan, PenerimaanEksternal, Penyaluran
from .program import KuotaKecamatan, ProgramBantuan
from .usulan import LampiranUsulan, RiwayatStatusUsulan, Usulan

__all__ = [
    "KuotaKecamatan",
    "LampiranUsulan",
    "MonitoringBantuan",
    "PenerimaanEksternal",
    "Penyaluran",
    "ProgramBantuan",
    "RiwayatStatusUsulan",
    "Usulan",
]
