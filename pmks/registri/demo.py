"""DEMO households (clearly marked, never real people): 8–15 per kelurahan of Kota Probolinggo.

Idempotent: a kelurahan that already has demo households is skipped. Households are registered
through the same services as the screens, by the demo TKSK of their kecamatan, so they carry
history, validation and classification like real entries. Fakir miskin dominates in Kanigaran.

So that monthly reports of earlier months are not empty, each household's registration is then
backdated (``dibuat_pada`` of the household, its members, its classifications and their
history-insert rows) to a deterministic day within the last ~6 months (Asia/Jakarta), older
registrations more frequent (the initial data collection). Assessment dates never fall after it.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import pgtrigger
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from pmks.models import Anggota, JenisPMKS, Keluarga, KlasifikasiPMKS
from tksk.demo import KECAMATAN
from tksk.models import Pengguna, Wilayah

from . import services
from .sintetis import PenomoranUnik, peluang_miskin_untuk, rencana_keluarga

PENANDA_DEMO = "DATA DEMO — bukan data orang sebenarnya."
RENTANG_HARI = 182  # the demo registry spans about the last six months

# Backdating must not add "update" rows to the change history of the demo records.
_TRIGGER_UBAH = ("pmks.Keluarga:update_update", "pmks.Anggota:update_update", "pmks.KlasifikasiPMKS:update_update")


def waktu_demo(tanggal: date, rng: random.Random) -> datetime:
    """An office-hours moment (08:00–15:59 Asia/Jakarta) on ``tanggal``, for backdated demo rows."""
    jam = time(rng.randint(8, 15), rng.randint(0, 59))
    return timezone.make_aware(datetime.combine(tanggal, jam), timezone.get_current_timezone())


def tanggal_daftar(keluarga: Keluarga) -> date:
    """The (local) registration day of a household; demo records of later steps never precede it."""
    return timezone.localdate(keluarga.dibuat_pada)


def _mundurkan_pendaftaran(keluarga: Keluarga, *, pada: datetime) -> None:
    """Backdate one demo household's registration (household, members, classifications)."""
    with pgtrigger.ignore(*_TRIGGER_UBAH):
        Keluarga.objects.filter(pk=keluarga.pk).update(dibuat_pada=pada)
        Anggota.objects.filter(keluarga=keluarga).update(dibuat_pada=pada)
        KlasifikasiPMKS.objects.filter(keluarga=keluarga).update(dibuat_pada=pada)
    # The "registered" rows of the change history tell the same (backdated) moment.
    for model, filter_ in (("KeluargaEvent", {"pgh_obj_id": keluarga.pk}),
                           ("AnggotaEvent", {"keluarga_id": keluarga.pk}),
                           ("KlasifikasiPMKSEvent", {"keluarga_id": keluarga.pk})):
        apps.get_model("pmks", model).objects.filter(pgh_label="insert", **filter_).update(
            dibuat_pada=pada, pgh_created_at=pada
        )
    keluarga.dibuat_pada = pada


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
            # Days before today: skewed towards the start of the span (initial data collection).
            lalu = int(rng.triangular(0, RENTANG_HARI, RENTANG_HARI * 0.8))
            terdaftar = hari_ini - timedelta(days=lalu)
            r = rencana_keluarga(rng, kode_kecamatan=kelurahan.kode[:8], nomor=nomor, hari_ini=terdaftar,
                                 peluang_miskin=peluang_miskin_untuk(kelurahan.kode))
            keluarga = services.keluarga_daftarkan(
                user=user,
                data={
                    "no_kk": r.no_kk, "kelurahan": kelurahan, "alamat": r.alamat, "rt": r.rt, "rw": r.rw,
                    **r.kondisi, "desil": r.desil, "sumber_desil": "DTSEN (demo)" if r.desil else "",
                    "tanggal_desil": terdaftar - timedelta(days=rng.randint(10, 80)) if r.desil else None,
                    "perkiraan_penghasilan": r.perkiraan_penghasilan, "catatan": PENANDA_DEMO,
                },
                anggota=[vars(a) for a in r.anggota],
                konfirmasi_duplikat=True,
            )
            for singkatan in r.jenis_pmks:
                services.klasifikasi_tambah(
                    user=user, keluarga=keluarga, jenis=jenis[singkatan],
                    tanggal_asesmen=terdaftar - timedelta(days=rng.randint(0, 30)),
                    catatan="Asesmen demo",
                )
            _mundurkan_pendaftaran(keluarga, pada=min(waktu_demo(terdaftar, rng), timezone.now()))
            dibuat += 1
    if stdout is not None:
        stdout.write(f"  keluarga demo baru: {dibuat}")
