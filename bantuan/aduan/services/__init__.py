"""Writes of complaints. Every status change goes through ``tksk.transisi.pindah_status`` with
``choices.TRANSISI``; role and area through ``tksk.permissions.wajib``. Every service is
keyword-only, atomic, and raises ``ValidationError`` with a message a user understands
(``PermissionDenied`` for role / area, checked before the status so an outsider learns nothing).

Lock order: aduan → usulan (the recipient a sanggah deactivates) → keluarga.

Split by purpose (callers keep ``from bantuan.aduan import services as svc``):
- ``umum``: the shared pieces (row lock, guarded status change, checks, evidence storage);
- ``terima``: intake and evidence; ``alur``: verification, decision, action, close, reassign, escalate;
- ``tenggat``: the daily deadline scan.
"""

from .alur import (
    PESAN_KELOLA,
    aduan_alihkan,
    aduan_eskalasi,
    aduan_putuskan,
    aduan_selesaikan,
    aduan_tindak_lanjuti,
    aduan_verifikasi,
)
from .tenggat import aduan_pindai_tenggat, pindai_harian
from .terima import aduan_terima, lampiran_aduan_tambah
from .umum import (
    MAKS_LAMPIRAN,
    NAMA_AKSI,
    PESAN_WILAYAH,
    BerkasAduan,
    normalisasi_telepon,
    pesan_peran_menuju,
    petugas_kecamatan,
)

__all__ = [
    "MAKS_LAMPIRAN", "NAMA_AKSI", "PESAN_KELOLA", "PESAN_WILAYAH", "BerkasAduan", "aduan_alihkan", "aduan_eskalasi",
    "aduan_pindai_tenggat", "aduan_putuskan", "aduan_selesaikan", "aduan_terima", "aduan_tindak_lanjuti",
    "aduan_verifikasi", "lampiran_aduan_tambah", "normalisasi_telepon", "pesan_peran_menuju", "petugas_kecamatan",
    "pindai_harian",
]
