"""The one guard API: ``wajib`` refuses with 403 (and its message), ``boleh_di`` answers yes/no,
both from the role table and the area of ``tksk.scoping``."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views.defaults import permission_denied

from tksk.permissions import WILAYAH_TUGAS, Aksi, boleh_di, wajib

pytestmark = pytest.mark.django_db


def test_tksk_may_write_own_kelurahan_but_not_the_neighbouring_kecamatan(tksk_kanigaran, kel_kanigaran, kel_mayangan):
    assert boleh_di(tksk_kanigaran, Aksi.UBAH_DATA, kel_kanigaran)
    assert not boleh_di(tksk_kanigaran, Aksi.UBAH_DATA, kel_mayangan)
    wajib(tksk_kanigaran, Aksi.UBAH_DATA, wilayah=kel_kanigaran)
    with pytest.raises(PermissionDenied, match="di luar wilayah"):
        wajib(tksk_kanigaran, Aksi.UBAH_DATA, wilayah=kel_mayangan)


def test_role_is_checked_before_area_with_its_own_message(dinsos, kel_kanigaran):
    with pytest.raises(PermissionDenied, match="^Bukan peran Anda$"):
        wajib(dinsos, Aksi.PENDAMPINGAN, wilayah=kel_kanigaran, pesan="Bukan peran Anda", pesan_wilayah="x")


def test_area_message_names_the_first_area_outside(tksk_kanigaran, kel_kanigaran, kel_mayangan):
    with pytest.raises(PermissionDenied, match=f"^{kel_mayangan} berada di luar"):
        wajib(
            tksk_kanigaran, Aksi.PENDAMPINGAN, wilayah=[kel_kanigaran, kel_mayangan],
            pesan_wilayah="{wilayah} berada di luar wilayah tugas Anda.",
        )


def test_one_of_several_actions_is_enough(tksk_kanigaran, dinsos, pejabat_kota, kel_kanigaran):
    lampiran = (Aksi.AJUKAN_USULAN, Aksi.VERIFIKASI_USULAN)
    assert boleh_di(tksk_kanigaran, lampiran, kel_kanigaran)
    assert boleh_di(dinsos, lampiran, kel_kanigaran)
    assert not boleh_di(pejabat_kota, lampiran, kel_kanigaran)


def test_reading_actions_use_the_read_area_writing_actions_the_write_area(pejabat_kota, kel_kanigaran):
    assert boleh_di(pejabat_kota, Aksi.LIHAT_DATA, kel_kanigaran)
    assert not boleh_di(pejabat_kota, Aksi.UBAH_DATA, kel_kanigaran)


def test_wilayah_tugas_means_somewhere_in_the_users_area(tksk_kanigaran, dinsos, pejabat_kota, admin_user):
    assert boleh_di(tksk_kanigaran, Aksi.IMPOR_DATA, WILAYAH_TUGAS)
    assert boleh_di(dinsos, Aksi.IMPOR_DATA, WILAYAH_TUGAS)
    assert boleh_di(admin_user, Aksi.IMPOR_DATA, WILAYAH_TUGAS)
    assert not boleh_di(pejabat_kota, Aksi.IMPOR_DATA, WILAYAH_TUGAS)
    tksk_kanigaran.wilayah = None  # an account without an area: nothing to write
    assert not boleh_di(tksk_kanigaran, Aksi.UBAH_DATA, WILAYAH_TUGAS)


def test_anonymous_and_inactive_users_may_do_nothing(tksk_kanigaran, kel_kanigaran):
    from django.contrib.auth.models import AnonymousUser

    assert not boleh_di(AnonymousUser(), Aksi.LIHAT_DATA, kel_kanigaran)
    tksk_kanigaran.is_active = False
    assert not boleh_di(tksk_kanigaran, Aksi.LIHAT_DATA, kel_kanigaran)


def test_a_refusal_renders_the_indonesian_403_page_with_its_message(tksk_kanigaran, kel_mayangan):
    with pytest.raises(PermissionDenied) as info:
        wajib(tksk_kanigaran, Aksi.UBAH_DATA, wilayah=kel_mayangan, pesan_wilayah="Keluarga ini di luar wilayah.")
    respons = permission_denied(RequestFactory().get("/"), info.value)
    assert respons.status_code == 403
    teks = respons.content.decode()
    assert "Akses ditolak" in teks and "Keluarga ini di luar wilayah." in teks
