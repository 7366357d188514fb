"""Daily reminder (registered with ``tksk.jadwal``): follow-ups due today or overdue, to the kecamatan's TKSK.

One notification per follow-up and due date (``kunci``), however often the scan runs; a follow-up
whose due date is moved gets a new reminder when the new date comes. No NIK/No. KK in the title.
"""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from tksk.models import Pengguna, Peran
from tksk.notifikasi import beri_tahu

from .models import RencanaTindakLanjut


def tindak_lanjut_pindai_jatuh_tempo(sekarang: datetime) -> int:
    """Remind the active TKSK of the household's kecamatan of each open follow-up due by today (WIB)."""
    hari_ini = timezone.localdate(sekarang)
    jatuh_tempo = list(
        RencanaTindakLanjut.objects.terbuka().filter(batas_waktu__lte=hari_ini)
        .select_related("keluarga__kelurahan").order_by("id")
    )
    if not jatuh_tempo:
        return 0
    kecamatan_ids = {t.keluarga.kelurahan.induk_id for t in jatuh_tempo}
    tksk: dict[int, list[Pengguna]] = {}
    for p in Pengguna.objects.filter(peran=Peran.TKSK, is_active=True, wilayah_id__in=kecamatan_ids):
        tksk.setdefault(p.wilayah_id, []).append(p)
    url = reverse("pmks:tindak_lanjut_list")
    dibuat = 0
    for t in jatuh_tempo:
        kata = "jatuh tempo hari ini" if t.batas_waktu == hari_ini else f"terlambat (batas {t.batas_waktu:%d/%m/%Y})"
        judul = f"Tindak lanjut {kata}: {t.uraian} — {t.keluarga.kelurahan.nama}"
        for p in tksk.get(t.keluarga.kelurahan.induk_id, []):
            if beri_tahu(p, "tindak_lanjut_jatuh_tempo", judul, url,
                         kunci=f"tindak_lanjut:{t.pk}:{t.batas_waktu.isoformat()}"):
                dibuat += 1
    return dibuat
