"""Demo accounts (DEMO ONLY — never use these passwords in production)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from .models import Pengguna, Peran, Wilayah

KODE_KOTA = "35.74"
KECAMATAN = {
    "kademangan": "35.74.01",
    "wonoasih": "35.74.02",
    "mayangan": "35.74.03",
    "kanigaran": "35.74.04",
    "kedopok": "35.74.05",
}


def _akun(username: str, *, peran: str, wilayah: Wilayah | None, nama: str, **extra) -> Pengguna:
    user, dibuat = Pengguna.objects.get_or_create(
        username=username,
        defaults={"peran": peran, "wilayah": wilayah, "first_name": nama, **extra},
    )
    if dibuat:
        user.set_password(settings.SIDAMPING_DEMO_PASSWORD)
        user.save()
    return user


@transaction.atomic
def isi_demo(stdout=None) -> None:
    kota = Wilayah.objects.get(kode=KODE_KOTA)
    _akun("admin", peran=Peran.ADMIN, wilayah=None, nama="Administrator Demo", is_staff=True, is_superuser=True)
    _akun("dinsos", peran=Peran.DINSOS, wilayah=kota, nama="Staf Dinsos Demo", nip="198001012006041001")
    _akun("pejabat.kota", peran=Peran.PEJABAT, wilayah=kota, nama="Kepala Dinas Demo", nip="197501012000031001")
    _akun(
        "pejabat.kanigaran",
        peran=Peran.PEJABAT,
        wilayah=Wilayah.objects.get(kode=KECAMATAN["kanigaran"]),
        nama="Camat Kanigaran Demo",
    )
    for nama, kode in KECAMATAN.items():
        _akun(
            f"tksk.{nama}",
            peran=Peran.TKSK,
            wilayah=Wilayah.objects.get(kode=kode),
            nama=f"TKSK {nama.title()} (demo)",
        )
