"""The one shape of a status change (``tksk.transisi``), tried on the household map."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from pmks.models import Keluarga
from pmks.registri import choices as c
from tests.factories import KeluargaFactory, wilayah
from tksk.permissions import Aksi
from tksk.transisi import aksi_menuju, bisa_pindah, pindah_status, tujuan_dari

pytestmark = pytest.mark.django_db
K = c.StatusKeluarga


def _pindah(keluarga, ke, user, catatan: list, **kwargs):
    with transaction.atomic():
        return pindah_status(
            keluarga, ke, user, transisi=c.TRANSISI, wilayah=keluarga.kelurahan,
            pesan_status=lambda obj, ke: f"Tidak bisa dari {obj.status} ke {ke}.",
            riwayat=lambda dari, ke: catatan.append((dari, ke)), **kwargs,
        )


def test_an_allowed_move_sets_status_saves_extra_fields_bumps_version_and_writes_history(tksk_kanigaran):
    keluarga = KeluargaFactory()
    riwayat: list = []
    _pindah(keluarga, K.PINDAH, tksk_kanigaran, riwayat, ubah={"alasan_status": "Pindah ke Malang"})
    segar = Keluarga.objects.get(pk=keluarga.pk)
    assert (segar.status, segar.alasan_status, segar.versi) == (K.PINDAH, "Pindah ke Malang", 1)
    assert riwayat == [(K.AKTIF, K.PINDAH)]


def test_a_pair_not_in_the_map_is_refused_with_the_status_message_and_nothing_written(tksk_kanigaran):
    keluarga = KeluargaFactory(status=K.PINDAH)
    riwayat: list = []
    with pytest.raises(ValidationError, match="Tidak bisa dari pindah ke tidak_ditemukan"):
        _pindah(keluarga, K.TIDAK_DITEMUKAN, tksk_kanigaran, riwayat)
    assert Keluarga.objects.get(pk=keluarga.pk).status == K.PINDAH and riwayat == []


def test_the_status_is_read_under_the_lock_not_from_a_stale_object(tksk_kanigaran):
    keluarga = KeluargaFactory()
    Keluarga.objects.filter(pk=keluarga.pk).update(status=K.MENINGGAL_SEMUA)  # someone else was quicker
    with pytest.raises(ValidationError, match="dari meninggal_semua"):
        _pindah(keluarga, K.PINDAH, tksk_kanigaran, [])


def test_a_role_without_the_action_gets_403_whatever_the_status(pejabat_kota):
    keluarga = KeluargaFactory(status=K.PINDAH)
    with pytest.raises(PermissionDenied, match="^Bukan untuk Anda$"):
        _pindah(keluarga, K.TIDAK_DITEMUKAN, pejabat_kota, [], pesan_peran="Bukan untuk Anda")


def test_outside_the_area_gets_403(tksk_mayangan):
    keluarga = KeluargaFactory()
    with pytest.raises(PermissionDenied):
        _pindah(keluarga, K.PINDAH, tksk_mayangan, [])
    assert Keluarga.objects.get(pk=keluarga.pk).status == K.AKTIF


def test_business_rules_run_after_the_guards_and_their_refusal_writes_nothing(tksk_kanigaran, pejabat_kota):
    keluarga = KeluargaFactory()
    dipanggil = []

    def gagal():
        dipanggil.append(1)
        raise ValidationError("Aturan bisnis menolak.")

    with pytest.raises(PermissionDenied):
        _pindah(keluarga, K.PINDAH, pejabat_kota, [], prasyarat=gagal)
    assert dipanggil == []  # never reached for a refused role
    riwayat: list = []
    with pytest.raises(ValidationError, match="Aturan bisnis"):
        _pindah(keluarga, K.PINDAH, tksk_kanigaran, riwayat, prasyarat=gagal)
    assert Keluarga.objects.get(pk=keluarga.pk).status == K.AKTIF and riwayat == []
    assert _pindah(keluarga, K.PINDAH, tksk_kanigaran, [], prasyarat=lambda: "hasil") == "hasil"


def test_outside_a_transaction_the_helper_refuses_to_run(transactional_db, tksk_kanigaran):
    keluarga = KeluargaFactory()
    with pytest.raises(RuntimeError):
        pindah_status(keluarga, K.PINDAH, tksk_kanigaran, transisi=c.TRANSISI, riwayat=None, pesan_status=str)


def test_map_questions_answer_from_the_same_map(tksk_kanigaran, tksk_mayangan, pejabat_kota):
    assert tujuan_dari(c.TRANSISI, K.TIDAK_DITEMUKAN) == {K.AKTIF, K.PINDAH}
    assert aksi_menuju(c.TRANSISI, K.AKTIF) == {Aksi.UBAH_DATA}
    keluarga = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    assert bisa_pindah(tksk_kanigaran, keluarga, K.PINDAH, transisi=c.TRANSISI, wilayah=keluarga.kelurahan)
    assert not bisa_pindah(tksk_mayangan, keluarga, K.PINDAH, transisi=c.TRANSISI, wilayah=keluarga.kelurahan)
    assert not bisa_pindah(pejabat_kota, keluarga, K.PINDAH, transisi=c.TRANSISI)
    assert not bisa_pindah(tksk_kanigaran, keluarga, K.AKTIF, transisi=c.TRANSISI)  # already active
