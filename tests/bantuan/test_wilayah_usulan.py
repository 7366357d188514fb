"""The proposal's kelurahan code (``Usulan.kode_wilayah``, the queue's area key) is kept by triggers in
the writer's transaction: a new proposal, a household that moves, a merge that moves proposals to
another household, an ORM save that sends a stale value, a kelurahan whose code changes; the
rebuild refills it and the check finds a wrong one (``bantuan.models.wilayah_usulan``)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from bantuan import choices as c
from bantuan.models import Usulan
from bantuan.models.wilayah_usulan import isi_kode_wilayah, periksa_kode_wilayah
from pmks.models import Keluarga
from tests.conftest import KODE
from tests.factories import wilayah

from .conftest import keluarga_pmks, usulan_status

S = c.StatusUsulan
pytestmark = pytest.mark.django_db


def _kode(u: Usulan) -> str:
    return Usulan.objects.values_list("kode_wilayah", flat=True).get(pk=u.pk)


def test_a_new_proposal_carries_its_household_kelurahan_code(sembako, tksk_kanigaran):
    u = usulan_status(sembako, keluarga_pmks(), S.DIAJUKAN, oleh=tksk_kanigaran)
    assert _kode(u) == KODE["kel_kanigaran"]


def test_the_code_follows_a_household_that_moves_kelurahan_in_the_same_transaction(sembako, ternak, tksk_kanigaran):
    k = keluarga_pmks()
    a = usulan_status(sembako, k, S.DIAJUKAN, oleh=tksk_kanigaran)
    b = usulan_status(ternak, k, S.DRAFT, oleh=tksk_kanigaran)
    lain = usulan_status(sembako, keluarga_pmks(KODE["kel_sukoharjo"]), S.DIAJUKAN, oleh=tksk_kanigaran)
    with transaction.atomic():
        k.kelurahan = wilayah(KODE["kel_mayangan"])
        k.save()
        assert (_kode(a), _kode(b)) == (KODE["kel_mayangan"],) * 2  # before the commit
    assert _kode(lain) == KODE["kel_sukoharjo"]
    # a bulk move (one statement, many households) too
    Keluarga.objects.filter(pk__in=[k.pk, lain.keluarga_id]).update(kelurahan=wilayah(KODE["kel_kanigaran"]))
    assert {_kode(a), _kode(b), _kode(lain)} == {KODE["kel_kanigaran"]}


def test_the_code_follows_proposals_moved_to_another_household_by_a_merge(sembako, tksk_kanigaran):
    asal, tujuan = keluarga_pmks(), keluarga_pmks(KODE["kel_mayangan"])
    u = usulan_status(sembako, asal, S.DIAJUKAN, oleh=tksk_kanigaran)
    Usulan.objects.filter(keluarga=asal).update(keluarga=tujuan)  # what pmks.ganda's merge does
    assert _kode(u) == KODE["kel_mayangan"]


def test_the_code_follows_a_real_merge_of_duplicate_households(sembako, dinsos):
    from pmks.ganda.services import _gabungkan_keluarga
    from pmks.registri import choices as rc

    asal, tujuan = keluarga_pmks(), keluarga_pmks(KODE["kel_mayangan"])
    u = usulan_status(sembako, asal, S.DIAJUKAN, oleh=dinsos)
    asal.anggota.update(status=rc.StatusAnggota.DIGABUNG)  # its members were merged one by one before
    with transaction.atomic():
        _gabungkan_keluarga(dinsos, tujuan, asal, "uji", {})
    u.refresh_from_db()
    assert u.keluarga_id == tujuan.pk and u.kode_wilayah == KODE["kel_mayangan"]


def test_an_orm_save_cannot_store_another_code(sembako, tksk_kanigaran):
    u = usulan_status(sembako, keluarga_pmks(), S.DIAJUKAN, oleh=tksk_kanigaran)
    assert u.kode_wilayah is None  # the instance never saw the trigger's value
    u.justifikasi = "Diubah"
    u.save()  # a full save sends kode_wilayah = NULL
    assert _kode(u) == KODE["kel_kanigaran"]
    u.kode_wilayah = KODE["kel_mayangan"]
    u.save()
    assert _kode(u) == KODE["kel_kanigaran"]


def test_the_code_follows_a_kelurahan_whose_code_changes(sembako, tksk_kanigaran):
    u = usulan_status(sembako, keluarga_pmks(KODE["kel_sukoharjo"]), S.DIAJUKAN, oleh=tksk_kanigaran)
    kel = wilayah(KODE["kel_sukoharjo"])
    kel.kode = "35.74.04.1099"
    kel.save()
    assert _kode(u) == "35.74.04.1099"


def test_a_bulk_writer_with_triggers_off_that_forgets_the_code_fails(sembako, tksk_kanigaran):
    k = keluarga_pmks()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cur.execute("ALTER TABLE bantuan_usulan DISABLE TRIGGER USER")
        cur.execute(
            "INSERT INTO bantuan_usulan (program_id, keluarga_id, status, justifikasi, asesmen, diusulkan_oleh_id,"
            " dibuat_pada, diubah_pada, catatan_keputusan, peringatan_saat_disetujui, status_penerima,"
            " alasan_nonaktif, keterangan_nonaktif, versi) VALUES (%s, %s, 'draft', 'x', '{}', %s, now(), now(),"
            " '', '[]', 'aktif', '', '', 1)", [sembako.pk, k.pk, tksk_kanigaran.pk])


def test_the_rebuild_refills_a_wrong_code_and_the_check_finds_it(sembako, tksk_kanigaran):
    u = usulan_status(sembako, keluarga_pmks(), S.DIAJUKAN, oleh=tksk_kanigaran)
    ids = [wilayah(KODE["kel_kanigaran"]).pk]
    assert periksa_kode_wilayah(kelurahan_ids=ids) == []
    with connection.cursor() as cur:  # a writer with triggers off that wrote a wrong code
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cur.execute("ALTER TABLE bantuan_usulan DISABLE TRIGGER USER")
        cur.execute("UPDATE bantuan_usulan SET kode_wilayah = %s WHERE id = %s", [KODE["kel_mayangan"], u.pk])
        cur.execute("ALTER TABLE bantuan_usulan ENABLE TRIGGER USER")
    assert periksa_kode_wilayah(kelurahan_ids=ids) == ["kode_wilayah_usulan"]
    assert isi_kode_wilayah() == 1
    assert _kode(u) == KODE["kel_kanigaran"] and periksa_kode_wilayah(kelurahan_ids=ids) == []


def test_the_bulk_generator_fills_the_code(dinsos):
    from datetime import date

    from bantuan.sintetis import isi_bantuan_sintetis

    for kel in (KODE["kel_kanigaran"], KODE["kel_mayangan"], KODE["kel_sukoharjo"]):
        keluarga_pmks(kel)
    assert isi_bantuan_sintetis(porsi=1.0, awal=date(2026, 1, 1), akhir=date(2026, 6, 30))["usulan"] == 3
    assert periksa_kode_wilayah(kelurahan_ids=list(Keluarga.objects.values_list("kelurahan_id", flat=True))) == []
    assert not Usulan.objects.filter(kode_wilayah__isnull=True).exists()
