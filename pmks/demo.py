"""DEMO households (clearly marked, never real people): 8–15 per kelurahan of Kota Probolinggo.

Idempotent: a kelurahan that already has demo households is skipped. Households are registered
through the same services as the screens, by the demo TKSK of their kecamatan, so they carry
history, validation and classification like real entries. Fakir miskin dominates in Kanigaran.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tksk.demo import KECAMATAN
from tksk.models import Pengguna, Wilayah

from . import services
from .models import Anggota, JenisPMKS, Keluarga
from .sintetis import PenomoranUnik, peluang_miskin_untuk, rencana_keluarga

PENANDA_DEMO = "DATA DEMO — bukan data orang sebenarnya."


@transaction.atomic
def isi_demo(stdout=None) -> None:
    tksk = {kode: Pengguna.objects.get(username=f"tksk.{nama}") for nama, kode in KECAMATAN.items()}
    jenis = {j.singkatan: j for j in JenisPMKS.objects.filter(aktif=True)}
    sudah = set(
        Keluarga.objects.filter(catatan=PENANDA_DEMO).values_list("kelurahan__kode", flat=True).distinct()
    )
    nomor = PenomoranUnik(
        set(Anggota.objects.values_list("nik", flat=True)) | set(Keluarga.objects.values_list("no_kk", flat=True))
    )
    hari_ini = timezone.localdate()
    dibuat = 0
    for kelurahan in Wilayah.objects.kelurahan().filter(kode__startswith="35.74.").order_by("kode"):
        if kelurahan.kode in sudah:
            continue
        user = tksk[kelurahan.kode[:8]]
        rng = random.Random(f"demo-{kelurahan.kode}")  # the same demo data on every machine
        for _ in range(rng.randint(8, 15)):
            r = rencana_keluarga(rng, kode_kecamatan=kelurahan.kode[:8], nomor=nomor, hari_ini=hari_ini,
                                 peluang_miskin=peluang_miskin_untuk(kelurahan.kode))
            keluarga = services.keluarga_daftarkan(
                user=user,
                data={
                    "no_kk": r.no_kk, "kelurahan": kelurahan, "alamat": r.alamat, "rt": r.rt, "rw": r.rw,
                    **r.kondisi, "desil": r.desil, "sumber_desil": "DTSEN (demo)" if r.desil else "",
                    "tanggal_desil": hari_ini - timedelta(days=rng.randint(10, 80)) if r.desil else None,
                    "perkiraan_penghasilan": r.perkiraan_penghasilan, "catatan": PENANDA_DEMO,
                },
                anggota=[vars(a) for a in r.anggota],
                konfirmasi_duplikat=True,
            )
            for singkatan in r.jenis_pmks:
                services.klasifikasi_tambah(
                    user=user, keluarga=keluarga, jenis=jenis[singkatan],
                    tanggal_asesmen=hari_ini - timedelta(days=rng.randint(0, 400)),
                    catatan="Asesmen demo",
                )
            dibuat += 1
    if stdout is not None:
        stdout.write(f"  keluarga demo baru: {dibuat}")
