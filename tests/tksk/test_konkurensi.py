"""The safe-saving building blocks (tksk.konkurensi): version check and one-time tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pmks.models import Keluarga
from tests.factories import KeluargaFactory, wilayah
from tksk.konkurensi import (
    PESAN_KONFLIK,
    PESAN_TOKEN,
    UMUR_TOKEN,
    SudahTersimpan,
    token_pakai,
    token_terbitkan,
    versi_periksa_naikkan,
)
from tksk.models import TokenFormulir

pytestmark = pytest.mark.django_db


@pytest.fixture
def keluarga():
    return KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))


@pytest.mark.parametrize("versi", [None, "", "abc", "1", "٠", " 0x", 0.5])
def test_version_other_than_the_stored_one_is_refused(keluarga, versi):
    with transaction.atomic(), pytest.raises(ValidationError, match="baru saja diubah") as exc:
        versi_periksa_naikkan(Keluarga.objects.select_for_update().get(pk=keluarga.pk), versi)
    assert exc.value.messages == [PESAN_KONFLIK]


def test_matching_version_passes_and_goes_up_by_one(keluarga):
    with transaction.atomic():
        obj = Keluarga.objects.select_for_update().get(pk=keluarga.pk)
        versi_periksa_naikkan(obj, "0")
        obj.save()
    assert Keluarga.objects.get(pk=keluarga.pk).versi == 1


def test_issuing_a_token_deletes_expired_tokens_only(tksk_kanigaran):
    lama = token_terbitkan(pengguna=tksk_kanigaran, tujuan="/a/")
    muda = token_terbitkan(pengguna=tksk_kanigaran, tujuan="/a/")
    TokenFormulir.objects.filter(token=lama).update(dibuat_pada=timezone.now() - UMUR_TOKEN - timedelta(minutes=1))
    token_terbitkan(pengguna=tksk_kanigaran, tujuan="/b/")
    sisa = set(TokenFormulir.objects.values_list("token", flat=True))
    assert lama not in {str(t) for t in sisa} and muda in {str(t) for t in sisa} and len(sisa) == 2


def test_token_is_consumed_once_and_then_answers_with_the_first_record(tksk_kanigaran):
    token = token_terbitkan(pengguna=tksk_kanigaran, tujuan="/a/")
    with token_pakai(pengguna=tksk_kanigaran, token=token, tujuan="/a/") as hasil:
        hasil.url = "/rekaman/1/"
    with pytest.raises(SudahTersimpan) as exc, token_pakai(pengguna=tksk_kanigaran, token=token, tujuan="/a/"):
        pytest.fail("the body must not run twice")
    assert exc.value.url == "/rekaman/1/"


def test_a_failed_create_leaves_the_token_unused(tksk_kanigaran):
    token = token_terbitkan(pengguna=tksk_kanigaran, tujuan="/a/")
    with pytest.raises(ValidationError), token_pakai(pengguna=tksk_kanigaran, token=token, tujuan="/a/"):
        raise ValidationError("isian salah")
    with token_pakai(pengguna=tksk_kanigaran, token=token, tujuan="/a/") as hasil:
        hasil.url = "/rekaman/2/"
    assert TokenFormulir.objects.get(token=token).url_hasil == "/rekaman/2/"


@pytest.mark.parametrize("token", [None, "", "x", "00000000-0000-0000-0000-000000000000"])
def test_unknown_token_is_refused(tksk_kanigaran, token):
    with pytest.raises(ValidationError) as exc, token_pakai(pengguna=tksk_kanigaran, token=token, tujuan="/a/"):
        pytest.fail("must not run")
    assert exc.value.messages == [PESAN_TOKEN]


def test_token_of_another_user_or_form_is_refused(tksk_kanigaran, tksk_mayangan):
    token = token_terbitkan(pengguna=tksk_kanigaran, tujuan="/a/")
    for pengguna, tujuan in ((tksk_mayangan, "/a/"), (tksk_kanigaran, "/b/")):
        with pytest.raises(ValidationError), token_pakai(pengguna=pengguna, token=token, tujuan=tujuan):
            pytest.fail("must not run")
