"""The daily deadline scan (07:00 WIB, ``tksk.jadwal``): warnings and notifications, once per state."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from tksk.models import Pengguna, Peran
from tksk.notifikasi import beri_tahu

from ...models import Aduan, PeringatanTenggatAduan
from .. import choices as ac
from ..selectors import keadaan_tenggat, pengaturan_tenggat


# --- The daily deadline scan --------------------------------------------------------------------------
def _penerima_peringatan(aduan: Aduan, keadaan: str) -> list[Pengguna]:
    """The assigned TKSK; for an overdue complaint also Dinas Sosial staff whose area covers it."""
    hasil = [aduan.petugas] if aduan.petugas_id else []
    if keadaan == ac.StatusTenggat.TERLAMBAT:
        kode = aduan.kelurahan.kode
        awalan = [kode[: i] for i in range(2, len(kode)) if kode[i] == "."]
        hasil += list(Pengguna.objects.filter(peran=Peran.DINSOS, is_active=True, wilayah__kode__in=awalan))
    return hasil


def aduan_pindai_tenggat(now: datetime | None = None) -> list[PeringatanTenggatAduan]:
    """Daily scan (07:00 WIB, ``tksk.jadwal``): every undecided complaint that is now *hampir jatuh
    tempo* or *terlambat* gets one ``PeringatanTenggatAduan`` row per state and one notification per
    recipient (assigned TKSK; Dinas Sosial too when overdue). Idempotent: a second run the same day
    (or later) creates nothing new for a state already recorded, and ``beri_tahu``'s ``kunci`` makes
    each notification once. Returns the rows created by this run."""
    hari_ini = timezone.localdate(now) if now is not None else timezone.localdate()
    pengaturan = pengaturan_tenggat()
    baru = []
    qs = Aduan.objects.belum_diputuskan().filter(
        tenggat__lte=hari_ini + timedelta(days=max(p for _h, p in pengaturan.values()))
    ).select_related("petugas", "kelurahan")
    for aduan in qs:
        keadaan = keadaan_tenggat(aduan, hari_ini=hari_ini, pengaturan=pengaturan)
        if keadaan == ac.StatusTenggat.TEPAT_WAKTU:
            continue
        obj, dibuat = PeringatanTenggatAduan.objects.get_or_create(
            aduan_id=aduan.pk, keadaan=keadaan, defaults={"tanggal": hari_ini}
        )
        if not dibuat:
            continue
        baru.append(obj)
        jenis, kata = (("aduan_terlambat", "melewati tenggat") if keadaan == ac.StatusTenggat.TERLAMBAT
                       else ("aduan_hampir_tenggat", "hampir jatuh tempo"))
        for penerima in _penerima_peringatan(aduan, keadaan):
            beri_tahu(
                penerima, jenis, f"Aduan {aduan.kode_tiket} {kata} (tenggat {aduan.tenggat:%d-%m-%Y})",
                reverse("aduan:detail", args=[aduan.pk]), kunci=f"aduan:{aduan.pk}:{keadaan}",
            )
    return baru


def pindai_harian(sekarang: datetime) -> int:
    """``tksk.jadwal`` entry: how many deadline warnings the scan created."""
    return len(aduan_pindai_tenggat(sekarang))
