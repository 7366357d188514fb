"""The referral page offers exactly the statuses ``rujukan_ubah_status`` accepts, for every status × role."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from pmks.pendampingan import choices as pc
from pmks.pendampingan import services
from pmks.pendampingan.models import Rujukan
from tests.factories import KeluargaFactory
from tests.pmks.pendampingan.test_pendampingan_bantu import rujukan

pytestmark = pytest.mark.django_db
PERSONA = ["tksk_kanigaran", "dinsos", "pejabat_kota", "admin"]


class _Batal(Exception):
    pass


def diterima_layanan(rj: Rujukan, user) -> set[str]:
    hasil = set()
    for ke in pc.StatusRujukan.values:
        segar = Rujukan.objects.get(pk=rj.pk)
        try:
            with transaction.atomic():
                services.rujukan_ubah_status(rujukan=segar, oleh=user, status=ke, versi=segar.versi, catatan="Uji")
                raise _Batal
        except _Batal:
            hasil.add(ke)
        except (ValidationError, PermissionDenied):
            pass
    return hasil


def pilihan_di_halaman(client, user, rj: Rujukan) -> set[str]:
    client.force_login(user)
    html = client.get(reverse("pmks:rujukan_detail", args=[rj.pk])).content.decode()
    if "pmks:rujukan_status" not in html and reverse("pmks:rujukan_status", args=[rj.pk]) not in html:
        return set()
    return set(re.findall(r'<option value="(\w+)"', html)) & set(pc.StatusRujukan.values)


@pytest.mark.parametrize("persona", PERSONA)
@pytest.mark.parametrize("status", pc.StatusRujukan.values)
def test_statuses_offered_equal_the_statuses_the_service_accepts(client, personas, kel_kanigaran, status, persona):
    user = personas[persona]
    rj = rujukan(KeluargaFactory(kelurahan=kel_kanigaran), oleh=personas["tksk_kanigaran"])
    Rujukan.objects.filter(pk=rj.pk).update(status=status)
    rj.refresh_from_db()
    tersedia = services.tindakan_tersedia(user, rj)
    assert pilihan_di_halaman(client, user, rj) == tersedia
    assert diterima_layanan(rj, user) == tersedia
