""""Belum terjangkau" read from the per-household facts (#16): the set equals the recount from the
programs, classifications, proposals and external receipts after every kind of change (its plans, on
a generated city: ``test_belum_terjangkau_jumlah``)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from bantuan import choices as c
from bantuan.cakupan import belum_terjangkau, keluarga_belum_terjangkau, keluarga_belum_terjangkau_dari_awal
from bantuan.models.fakta import ringkasan_berbeda
from bantuan.services import penyaluran as svc
from pmks.models import JenisPMKS, Keluarga, KlasifikasiPMKS
from pmks.models.rollup import jenis_aktif_berbeda
from tests.conftest import KODE
from tests.factories import AnggotaFactory, KlasifikasiPMKSFactory, wilayah
from tksk.models import Wilayah

from .conftest import TAHUN, buat_program, keluarga_pmks, usulan_status

S = c.StatusUsulan
pytestmark = pytest.mark.django_db
KELURAHAN = (KODE["kel_kanigaran"], KODE["kel_sukoharjo"], KODE["kel_mayangan"])


def _program(kode, jenis, desil, **kw):
    p = buat_program(kode, c.JenisProgram.LAINNYA, desil_maksimum=desil, **kw)
    p.jenis_pmks.set(JenisPMKS.objects.filter(singkatan__in=jenis))
    return p


def _sama(hari_ini: date) -> None:
    kel_ids = list(Wilayah.objects.filter(kode__in=KELURAHAN).values_list("id", flat=True))
    area = Keluarga.objects.filter(kelurahan_id__in=kel_ids)
    dari_fakta = set(keluarga_belum_terjangkau(area, hari_ini=hari_ini, kelurahan_ids=kel_ids).values_list(
        "pk", flat=True))
    dihitung = set(keluarga_belum_terjangkau_dari_awal(area, hari_ini=hari_ini).values_list("pk", flat=True))
    assert dari_fakta == dihitung
    assert not jenis_aktif_berbeda() and not ringkasan_berbeda()  # the per-household rows it reads
    for kel in kel_ids:  # one kelurahan's area never sees another's households
        satu = Keluarga.objects.filter(kelurahan_id=kel)
        assert set(keluarga_belum_terjangkau(satu, hari_ini=hari_ini, kelurahan_ids=[kel]).values_list(
            "pk", flat=True)) == set(keluarga_belum_terjangkau_dari_awal(satu, hari_ini=hari_ini).values_list(
                "pk", flat=True))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_belum_terjangkau_from_facts_equals_recount_after_every_change(seed, tksk_kanigaran, dinsos):
    rng = random.Random(seed)
    hari_ini = timezone.localdate()
    program = [
        _program("fm-d2", ["FM"], 2), _program("lut-bebas", ["LUT"], None), _program("fm-lut-d6", ["FM", "LUT"], 6),
        _program("adk-pusat", ["ADK"], 9, dikelola_dinas=False),
    ]
    if seed == 2:
        _program("semua-d5", [], 5)
    if seed == 3:
        _program("semua-bebas", [], None)
    pkh = buat_program("pkh-uji", c.JenisProgram.PKH, dikelola_dinas=False)
    jenis = list(JenisPMKS.objects.filter(singkatan__in=["FM", "LUT", "ADK"]))
    keluarga = [
        keluarga_pmks(rng.choice(KELURAHAN), singkatan=rng.choice(["FM", "LUT", "ADK"]),
                      desil=rng.choice([None, 1, 2, 3, 5, 6, 8, 10]))
        for _ in range(14)
    ]
    _sama(hari_ini)
    for _ in range(25):
        k = rng.choice(keluarga)
        k.refresh_from_db()
        langkah = rng.choice(["klasifikasi", "cabut", "desil", "usulan", "eksternal", "status", "pindah"])
        if langkah == "klasifikasi":
            j = rng.choice(jenis)
            if not KlasifikasiPMKS.objects.filter(keluarga=k, jenis=j, aktif=True, anggota=None).exists():
                KlasifikasiPMKSFactory(keluarga=k, jenis=j, dinilai_oleh=dinsos)
        elif langkah == "cabut":
            KlasifikasiPMKS.objects.filter(keluarga=k).update(aktif=False)
        elif langkah == "desil":
            Keluarga.objects.filter(pk=k.pk).update(desil=rng.choice([None, 1, 4, 7]))
        elif langkah == "usulan":
            usulan_status(rng.choice(program[:3]), k, rng.choice([S.DRAFT, S.DIAJUKAN, S.DISALURKAN, S.DITOLAK]),
                          oleh=tksk_kanigaran)
        elif langkah == "eksternal":
            tahun = rng.choice([TAHUN, TAHUN - 2])
            svc.penerimaan_eksternal_catat(program=pkh, keluarga=k, periode_mulai=date(tahun, 1, 1),
                                           periode_selesai=date(tahun, 12, 31), sumber="BNBA")
        elif langkah == "status":
            Keluarga.objects.filter(pk=k.pk).update(status=rng.choice(["aktif", "pindah"]))
        else:
            Keluarga.objects.filter(pk=k.pk).update(kelurahan=wilayah(rng.choice(KELURAHAN)))
        _sama(hari_ini)
        _sama(hari_ini + timedelta(days=400))  # a later day: last year's aid no longer counts


def test_member_level_classification_makes_the_household_eligible(tksk_kanigaran):
    _program("fm-d4", ["FM"], 4)
    k = keluarga_pmks(singkatan="ADK", desil=3)
    anggota = AnggotaFactory(keluarga=k, hubungan="anak")
    KlasifikasiPMKSFactory(keluarga=k, anggota=anggota, jenis=JenisPMKS.objects.get(singkatan="FM"),
                           dinilai_oleh=tksk_kanigaran)
    assert k.pk in {x.pk for x in belum_terjangkau(user=tksk_kanigaran)}


# --- the plan -------------------------------------------------------------------------------------
AREA_TABEL = {"pmks_keluarga", "pmks_faktaregistri", "bantuan_faktapenerimaan", "pmks_klasifikasipmks",
              "pmks_anggota", "pmks_jenisaktifkeluarga", "bantuan_ringkasanpenerimaan"}
# what the rule reads: one row per household of the area from each
PER_KELUARGA = {"pmks_jenisaktifkeluarga", "bantuan_ringkasanpenerimaan"}


def _simpul(node: dict):
    yield node
    for anak in node.get("Plans", []):
        yield from _simpul(anak)


def _rencana(sql: str) -> dict:
    with connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")  # what the plan CAN do without reading whole tables
        cur.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        r = cur.fetchone()[0]
        cur.execute("RESET enable_seqscan")
    return (r[0] if isinstance(r, list) else r)["Plan"]
