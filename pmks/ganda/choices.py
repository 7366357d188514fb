"""Coded values of the duplicate-candidate queue and the pair's transition map."""

from django.db import models

from tksk.permissions import Aksi


class StatusPasangan(models.TextChoices):
    BARU = "baru", "Belum diputus"
    BERBEDA = "berbeda", "Orang berbeda"
    DIGABUNG = "digabung", "Digabung"


class AlasanPasangan(models.TextChoices):
    """Why the scan proposed a pair (stored on the pair, several at once)."""

    NAMA_MIRIP = "nama_mirip", "Tanggal lahir dan jenis kelamin sama, nama mirip"
    NAMA_TEMPAT_TANGGAL = "nama_tempat_tanggal", "Nama, tempat dan tanggal lahir sama, NIK berbeda"
    NIK_TERTUKAR = "nik_tertukar", "NIK sama kecuali dua angka tanggal yang bertukar"


# A pair is decided once: the two records are different people (remembered, never proposed
# again) or they are merged (``pmks.ganda.services``). Both through ``tksk.transisi.pindah_status``.
TRANSISI: dict[tuple[str, str], Aksi] = {
    (StatusPasangan.BARU, StatusPasangan.BERBEDA): Aksi.PUTUSKAN_DUPLIKAT,
    (StatusPasangan.BARU, StatusPasangan.DIGABUNG): Aksi.PUTUSKAN_DUPLIKAT,
}
