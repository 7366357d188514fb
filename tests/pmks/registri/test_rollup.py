"""The registry rollup (``pmks.models.rollup``) equals the figures counted from scratch after every
kind of change: a random sequence of registry services (status of households and members, moves of
members, classifications added and revoked) and plain writes (a household moved to another
kelurahan, re-dated, deleted), checked against ``pmks.registri.angka.angka_registri_dari_awal``
for every month the data touches, after every step."""

from __future__ import annotations

import io
import random
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q

from pmks.models import (
    Anggota,
    FaktaRegistri,
    JenisPMKS,
    Keluarga,
    KlasifikasiPMKS,
    PerpindahanAnggota,
    RollupRegistri,
)
from pmks.models.rollup import jenis_aktif_berbeda
from pmks.registri import services
from pmks.registri.angka import SEMUA_JENIS, angka_registri, angka_registri_dari_awal
from pmks.registri.choices import Hubungan, StatusAnggota, StatusKeluarga
from tests.factories import AnggotaFactory, KeluargaFactory, KlasifikasiPMKSFactory

pytestmark = pytest.mark.django_db

BULAN = [date(2026, m, 1) for m in range(6, 13)]  # the months the data spans (June – December 2026)
JENIS = ("FM", "LUT", "PD", "AT")


def _tanggal(rng: random.Random) -> date:
    return date(2026, rng.randint(6, 12), rng.randint(1, 28))


def _dibuat(rng: random.Random) -> datetime:
    # 16:00–17:59 UTC = 23:00–00:59 WIB: some land on the next WIB day/month than their UTC date
    return datetime(2026, rng.randint(6, 11), rng.choice([28, 30]), rng.choice([16, 17]), tzinfo=UTC)


def _sama_dengan_dari_awal(kelurahan_ids: list[int]) -> None:
    for bulan in BULAN:
        assert angka_registri(bulan=bulan, kelurahan_ids=kelurahan_ids) == angka_registri_dari_awal(
            bulan=bulan, kelurahan_ids=kelurahan_ids
        ), bulan
    with connection.cursor() as cur:  # and the facts are exactly each household's contribution now
        cur.execute(
            "SELECT keluarga_id, bulan, jenis_id, kk, kk_baru, jiwa, jiwa_baru, pmks, pmks_baru "
            "FROM sidamping_fakta_registri(ARRAY(SELECT id FROM pmks_keluarga))"
        )
        dari_awal = sorted(cur.fetchall())
    tersimpan = sorted(FaktaRegistri.objects.values_list(
        "keluarga_id", "bulan", "jenis_id", "kk", "kk_baru", "jiwa", "jiwa_baru", "pmks", "pmks_baru"
    ))
    assert tersimpan == dari_awal
    assert not jenis_aktif_berbeda()  # and each household's active types are read from its new facts


def _keluarga_baru(rng, kelurahan, user) -> Keluarga:
    k = KeluargaFactory(kelurahan=rng.choice(kelurahan), kepala=False)
    for i in range(rng.randint(0, 3)):
        AnggotaFactory(
            keluarga=k, hubungan=Hubungan.KEPALA if i == 0 else Hubungan.ANAK,
            tanggal_lahir=date(1990, 1, 1 + rng.randint(0, 27)),
        )
    Keluarga.objects.filter(pk=k.pk).update(dibuat_pada=_dibuat(rng))
    return k


def _langkah(rng: random.Random, kelurahan, user, jenis) -> str:
    """One random change; returns its name (for the failure message)."""
    aktif = list(Keluarga.objects.filter(status=StatusKeluarga.AKTIF).order_by("id"))
    semua = list(Keluarga.objects.order_by("id"))
    pilihan = rng.choice([
        "daftar", "daftar", "klasifikasi_keluarga", "klasifikasi_anggota", "klasifikasi_anggota", "cabut",
        "status_keluarga", "status_anggota", "pindah_anggota", "pindah_kelurahan", "anggota_baru",
        "ubah_tanggal", "hapus",
    ])
    if pilihan == "daftar" or not aktif:
        _keluarga_baru(rng, kelurahan, user)
        return "daftar"
    k = rng.choice(aktif)
    anggota = list(k.anggota.filter(status=StatusAnggota.AKTIF).order_by("id"))
    if pilihan in ("klasifikasi_keluarga", "klasifikasi_anggota"):
        orang = rng.choice(anggota) if pilihan == "klasifikasi_anggota" and anggota else None
        try:
            services.klasifikasi_tambah(user=user, keluarga=k, jenis=rng.choice(jenis), tanggal_asesmen=_tanggal(rng),
                                        anggota=orang)
        except services.ValidationError:
            pass  # already classified for that jenis: nothing changes
    elif pilihan == "cabut":
        kl = KlasifikasiPMKS.objects.filter(keluarga=k, aktif=True).order_by("id").first()
        if kl:
            services.klasifikasi_cabut(user=user, klasifikasi=kl, alasan="uji")
    elif pilihan == "status_keluarga":
        k2 = rng.choice(semua)
        ke = StatusKeluarga.AKTIF if k2.status != StatusKeluarga.AKTIF else rng.choice(
            [StatusKeluarga.PINDAH, StatusKeluarga.MENINGGAL_SEMUA, StatusKeluarga.TIDAK_DITEMUKAN])
        services.keluarga_ubah_status(user=user, keluarga=k2, status=ke, alasan="uji")
    elif pilihan == "status_anggota" and anggota:
        a = rng.choice(list(k.anggota.order_by("id")))
        ke = StatusAnggota.AKTIF if a.status != StatusAnggota.AKTIF else StatusAnggota.PINDAH
        try:
            services.anggota_ubah_status(user=user, anggota=a, status=ke, alasan="uji")
        except services.ValidationError:
            pass  # e.g. the head needs a successor
    elif pilihan == "pindah_anggota" and anggota and len(aktif) > 1:
        a = rng.choice(anggota)
        ke = rng.choice([x for x in aktif if x.pk != k.pk])
        try:
            services.anggota_pindahkan(user=user, anggota=a, ke_keluarga=ke, hubungan=Hubungan.ANAK, alasan="uji")
        except services.ValidationError:
            pass
    elif pilihan == "pindah_kelurahan":
        Keluarga.objects.filter(pk=k.pk).update(kelurahan=rng.choice(kelurahan))
    elif pilihan == "anggota_baru":
        a = AnggotaFactory(keluarga=k, tanggal_lahir=date(2001, 2, rng.randint(1, 28)))
        Anggota.objects.filter(pk=a.pk).update(dibuat_pada=_dibuat(rng))
    elif pilihan == "ubah_tanggal":
        Keluarga.objects.filter(pk=k.pk).update(dibuat_pada=_dibuat(rng))
    elif pilihan == "hapus":  # not a service (nothing is deleted), but the admin or a restore may
        kosong = Keluarga.objects.filter(pk=k.pk, anggota__isnull=True, riwayat_no_kk__isnull=True)
        KlasifikasiPMKS.objects.filter(keluarga=k).delete()
        if kosong.exists() and not PerpindahanAnggota.objects.filter(Q(dari_keluarga=k) | Q(ke_keluarga=k)).exists():
            k.delete()
    return pilihan


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rollup_equals_counting_from_scratch_after_every_change(seed, kel_kanigaran, kel_sukoharjo, kel_mayangan,
                                                                 admin_user):
    rng = random.Random(seed)
    kelurahan = [kel_kanigaran, kel_sukoharjo, kel_mayangan]
    ids = [k.pk for k in kelurahan]
    jenis = list(JenisPMKS.objects.filter(singkatan__in=JENIS))
    for _ in range(4):
        _keluarga_baru(rng, kelurahan, admin_user)
    _sama_dengan_dari_awal(ids)
    langkah = []
    for _ in range(45):
        langkah.append(_langkah(rng, kelurahan, admin_user, jenis))
        try:
            _sama_dengan_dari_awal(ids)
        except AssertionError as exc:
            raise AssertionError(f"setelah langkah {langkah}: {exc}") from exc
    assert {"klasifikasi_anggota", "cabut", "status_keluarga", "pindah_kelurahan"} <= set(langkah)


def test_figures_of_a_month_read_the_rollup_not_the_households(kel_kanigaran, tksk_kanigaran,
                                                                django_assert_num_queries):
    k = KeluargaFactory(kelurahan=kel_kanigaran)
    KlasifikasiPMKSFactory(keluarga=k, tanggal_asesmen=date(2026, 9, 15), dinilai_oleh=tksk_kanigaran)
    Keluarga.objects.filter(pk=k.pk).update(dibuat_pada=datetime(2026, 9, 1, 3, tzinfo=UTC))
    Anggota.objects.filter(keluarga=k).update(dibuat_pada=datetime(2026, 9, 1, 3, tzinfo=UTC))
    with django_assert_num_queries(1):
        angka = angka_registri(bulan=date(2026, 11, 1), kelurahan_ids=[kel_kanigaran.pk])
    fm = JenisPMKS.objects.get(singkatan="FM").pk
    assert angka[kel_kanigaran.pk][SEMUA_JENIS] == {"kk": 1, "kk_baru": 0, "jiwa": 1, "jiwa_baru": 0, "pmks": 1,
                                                    "pmks_baru": 0}
    assert angka[kel_kanigaran.pk][fm]["kk"] == 1
    assert angka_registri(bulan=date(2026, 9, 1), kelurahan_ids=[kel_kanigaran.pk])[kel_kanigaran.pk][fm] == {
        "kk": 1, "kk_baru": 1, "jiwa": 1, "jiwa_baru": 1, "pmks": 0, "pmks_baru": 0,
    }
    assert angka_registri(bulan=date(2026, 8, 1), kelurahan_ids=[kel_kanigaran.pk]) == {}


def test_bangun_rollup_rebuilds_both_tables_from_scratch(kel_kanigaran, tksk_kanigaran):
    for _ in range(3):
        k = KeluargaFactory(kelurahan=kel_kanigaran)
        KlasifikasiPMKSFactory(keluarga=k, tanggal_asesmen=date(2026, 10, 2), dinilai_oleh=tksk_kanigaran)
    def isi():
        return sorted(RollupRegistri.objects.values_list("kelurahan_id", "bulan", "jenis_id", "kk", "jiwa", "pmks"))

    benar = isi()
    RollupRegistri.objects.update(kk=99)
    FaktaRegistri.objects.all().delete()
    call_command("bangun_rollup", stdout=io.StringIO())
    assert isi() == benar
    assert FaktaRegistri.objects.count() > 0
