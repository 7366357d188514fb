"""The one scoping mechanism: which kelurahan may each persona read / write."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tksk.models import Wilayah
from tksk.permissions import Aksi, boleh, hanya_baca
from tksk.scoping import boleh_tulis_wilayah, get_for_user, kelurahan_untuk

pytestmark = pytest.mark.django_db


def kode_set(qs):
    return set(qs.values_list("kode", flat=True))


def test_reference_data_has_five_kecamatan_and_29_kelurahan_of_kota_probolinggo():
    kota = Wilayah.objects.get(kode="35.74")
    assert kota.nama == "Kota Probolinggo"
    assert Wilayah.objects.di_dalam(kota).kecamatan().count() == 5
    assert Wilayah.objects.di_dalam(kota).kelurahan().count() == 29
    assert Wilayah.objects.get(kode="35.74.04.1003").induk.nama == "Kanigaran"


def test_tksk_reads_and_writes_exactly_the_six_kelurahan_of_own_kecamatan(tksk_kanigaran):
    expected = {f"35.74.04.100{i}" for i in range(1, 7)}
    assert kode_set(kelurahan_untuk(tksk_kanigaran)) == expected
    assert kode_set(kelurahan_untuk(tksk_kanigaran, write=True)) == expected


def test_dinsos_reads_every_kelurahan_of_the_kota(dinsos):
    assert kelurahan_untuk(dinsos).count() == 29


def test_pejabat_reads_own_area_but_writes_nothing(pejabat_kanigaran, pejabat_kota):
    assert kelurahan_untuk(pejabat_kanigaran).count() == 6
    assert kelurahan_untuk(pejabat_kota).count() == 29
    assert kelurahan_untuk(pejabat_kota, write=True).count() == 0
    assert hanya_baca(pejabat_kota)
    assert not boleh(pejabat_kota, Aksi.UBAH_DATA)


def test_tksk_may_not_write_a_kelurahan_of_another_kecamatan(tksk_kanigaran, kel_mayangan, kel_kanigaran):
    assert boleh_tulis_wilayah(tksk_kanigaran, kel_kanigaran)
    assert not boleh_tulis_wilayah(tksk_kanigaran, kel_mayangan)


def test_get_for_user_answers_404_outside_area_and_403_for_read_only_write(
    tksk_kanigaran, pejabat_kanigaran, kel_mayangan, kel_kanigaran
):
    qs = Wilayah.objects.all()
    with pytest.raises(Http404):
        get_for_user(qs, tksk_kanigaran, "", pk=kel_mayangan.pk)
    assert get_for_user(qs, tksk_kanigaran, "", pk=kel_kanigaran.pk, write=True) == kel_kanigaran
    assert get_for_user(qs, pejabat_kanigaran, "", pk=kel_kanigaran.pk) == kel_kanigaran
    with pytest.raises(PermissionDenied):
        get_for_user(qs, pejabat_kanigaran, "", pk=kel_kanigaran.pk, write=True)


def test_only_dinsos_verifies_proposals_and_only_tksk_submits_them(tksk_kanigaran, dinsos, pejabat_kota):
    assert boleh(dinsos, Aksi.VERIFIKASI_USULAN) and not boleh(tksk_kanigaran, Aksi.VERIFIKASI_USULAN)
    assert boleh(tksk_kanigaran, Aksi.AJUKAN_USULAN) and not boleh(dinsos, Aksi.AJUKAN_USULAN)
    assert not boleh(pejabat_kota, Aksi.AJUKAN_USULAN)


def test_inactive_or_arealess_user_sees_nothing(tksk_kanigaran):
    tksk_kanigaran.wilayah = None
    assert kelurahan_untuk(tksk_kanigaran).count() == 0
    tksk_kanigaran.is_active = False
    assert kelurahan_untuk(tksk_kanigaran).count() == 0


def test_role_area_mismatch_is_refused_with_indonesian_message(tksk_kanigaran, kota):
    from django.core.exceptions import ValidationError

    tksk_kanigaran.wilayah = kota
    with pytest.raises(ValidationError) as exc:
        tksk_kanigaran.full_clean()
    assert "harus bertugas di tingkat" in str(exc.value)
