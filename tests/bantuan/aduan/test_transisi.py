"""Every transition of a complaint, allowed and refused, by role and status (choices.TRANSISI).

Refusals: a role that may never take the step → PermissionDenied (403 in the views); an allowed
role at the wrong status → ValidationError with the current status; outside the area → PermissionDenied.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bantuan.aduan import choices as ac
from bantuan.aduan import services as svc
from bantuan.models import RiwayatStatusAduan

from .helpers import aduan_pada

pytestmark = pytest.mark.django_db
S = ac.StatusAduan
K = ac.Keputusan

# Where a complaint can stand before a step: (label, status, decision)
AWAL = [
    ("diterima", S.DITERIMA, K.DIKABULKAN),
    ("diverifikasi", S.DIVERIFIKASI, K.DIKABULKAN),
    ("dikabulkan", S.DIPUTUSKAN, K.DIKABULKAN),
    ("ditolak", S.DIPUTUSKAN, K.DITOLAK),
    ("ditindaklanjuti", S.DITINDAKLANJUTI, K.DIKABULKAN),
    ("selesai", S.SELESAI, K.DIKABULKAN),
]


def _verifikasi(a, user):
    return svc.aduan_verifikasi(aduan=a, oleh=user, tanggal=timezone.localdate(), hasil="Sesuai")


def _putuskan(a, user):
    return svc.aduan_putuskan(aduan=a, oleh=user, keputusan=K.DITOLAK, alasan="Tidak terbukti")


def _tindak_lanjut(a, user):
    return svc.aduan_tindak_lanjuti(aduan=a, oleh=user, jenis=ac.JenisTindakLanjut.LAINNYA, keterangan="Dicek")


def _selesai(a, user):
    return svc.aduan_selesaikan(aduan=a, oleh=user)


LANGKAH = {
    "verifikasi": (_verifikasi, S.DIVERIFIKASI),
    "putuskan": (_putuskan, S.DIPUTUSKAN),
    "tindak_lanjut": (_tindak_lanjut, S.DITINDAKLANJUTI),
    "selesai": (_selesai, S.SELESAI),
}
# The only allowed (step, starting point) pairs and the roles that may take them.
BOLEH = {
    ("verifikasi", "diterima"): {"tksk_kanigaran", "admin"},
    ("putuskan", "diverifikasi"): {"dinsos", "admin"},
    ("tindak_lanjut", "dikabulkan"): {"tksk_kanigaran", "dinsos", "admin"},
    ("selesai", "ditolak"): {"dinsos", "admin"},
    ("selesai", "ditindaklanjuti"): {"dinsos", "admin"},
}
# Roles that can never take the step (whatever the status): refused with PermissionDenied.
PERAN_DITOLAK = {
    "verifikasi": {"dinsos", "pejabat_kanigaran", "pejabat_kota"},
    "putuskan": {"tksk_kanigaran", "tksk_mayangan", "pejabat_kanigaran", "pejabat_kota"},
    "tindak_lanjut": {"pejabat_kanigaran", "pejabat_kota"},
    "selesai": {"tksk_kanigaran", "tksk_mayangan", "pejabat_kanigaran", "pejabat_kota"},
}
PERSONA = ["tksk_kanigaran", "tksk_mayangan", "dinsos", "pejabat_kanigaran", "pejabat_kota", "admin"]


@pytest.mark.parametrize("persona", PERSONA)
@pytest.mark.parametrize(("label", "status", "keputusan"), AWAL, ids=[a[0] for a in AWAL])
@pytest.mark.parametrize("langkah", list(LANGKAH))
def test_every_step_is_allowed_only_for_its_role_at_its_status(
    personas, langkah, label, status, keputusan, persona
):
    aduan = aduan_pada(status, tksk=personas["tksk_kanigaran"], dinsos=personas["dinsos"], keputusan=keputusan)
    fungsi, ke = LANGKAH[langkah]
    user = personas[persona]
    riwayat_awal = RiwayatStatusAduan.objects.filter(aduan=aduan).count()
    if persona in BOLEH.get((langkah, label), set()):
        hasil = fungsi(aduan, user)
        assert hasil.status == ke
        baris = RiwayatStatusAduan.objects.filter(aduan=aduan).order_by("-id").first()
        assert (baris.dari, baris.ke, baris.oleh) == (status, ke, user)
        return
    with pytest.raises((PermissionDenied, ValidationError)) as exc:
        fungsi(aduan, user)
    if persona in PERAN_DITOLAK[langkah] or persona == "tksk_mayangan":
        assert exc.type is PermissionDenied, f"{persona} harus ditolak karena peran/wilayah"
    else:
        assert exc.type is ValidationError
    aduan.refresh_from_db()
    assert aduan.status == status
    assert RiwayatStatusAduan.objects.filter(aduan=aduan).count() == riwayat_awal


def test_the_map_lists_exactly_the_allowed_steps():
    assert set(ac.TRANSISI) == {
        (S.DITERIMA, S.DIVERIFIKASI), (S.DIVERIFIKASI, S.DIPUTUSKAN), (S.DIPUTUSKAN, S.DITINDAKLANJUTI),
        (S.DIPUTUSKAN, S.SELESAI), (S.DITINDAKLANJUTI, S.SELESAI),
    }


def test_a_decision_needs_a_reason(personas):
    aduan = aduan_pada(S.DIVERIFIKASI, tksk=personas["tksk_kanigaran"], dinsos=personas["dinsos"])
    with pytest.raises(ValidationError, match="Alasan keputusan wajib"):
        svc.aduan_putuskan(aduan=aduan, oleh=personas["dinsos"], keputusan=K.DIKABULKAN, alasan="  ")


def test_only_the_assigned_tksk_verifies(personas, tksk_kanigaran):
    from tests.factories import PenggunaFactory, wilayah

    kedua = PenggunaFactory(username="tksk.kedua", peran="tksk", wilayah=wilayah("35.74.04"))
    aduan = aduan_pada(S.DITERIMA, tksk=tksk_kanigaran, dinsos=personas["dinsos"])
    with pytest.raises(ValidationError, match="ditugaskan kepada"):
        _verifikasi(aduan, kedua)
    svc.aduan_alihkan(aduan=aduan, oleh=personas["dinsos"], petugas=kedua)
    assert _verifikasi(aduan, kedua).status == S.DIVERIFIKASI


def test_dinsos_reassigns_and_escalates_with_history_and_a_tksk_may_not(personas, tksk_kanigaran):
    from tests.factories import PenggunaFactory, wilayah

    kedua = PenggunaFactory(username="tksk.kedua", peran="tksk", wilayah=wilayah("35.74.04"))
    aduan = aduan_pada(S.DITERIMA, tksk=tksk_kanigaran, dinsos=personas["dinsos"])
    with pytest.raises(PermissionDenied):
        svc.aduan_alihkan(aduan=aduan, oleh=tksk_kanigaran, petugas=kedua)
    with pytest.raises(PermissionDenied):
        svc.aduan_eskalasi(aduan=aduan, oleh=tksk_kanigaran, catatan="Ke Kepala Dinas")
    with pytest.raises(ValidationError, match="kecamatan aduan ini"):
        svc.aduan_alihkan(aduan=aduan, oleh=personas["dinsos"], petugas=personas["tksk_mayangan"])
    svc.aduan_alihkan(aduan=aduan, oleh=personas["dinsos"], petugas=kedua, catatan="Cuti")
    svc.aduan_eskalasi(aduan=aduan, oleh=personas["dinsos"], catatan="Ke Kepala Dinas")
    aduan.refresh_from_db()
    assert aduan.petugas == kedua and aduan.dieskalasi
    catatan = list(aduan.riwayat.values_list("catatan", flat=True))
    assert any("Dialihkan kepada" in c for c in catatan) and any("Dieskalasi" in c for c in catatan)
    with pytest.raises(ValidationError, match="sudah dieskalasi"):
        svc.aduan_eskalasi(aduan=aduan, oleh=personas["dinsos"], catatan="Lagi")


def test_every_change_is_in_the_pghistory_with_the_user(personas):
    from bantuan.models import Aduan

    aduan = aduan_pada(S.DIPUTUSKAN, tksk=personas["tksk_kanigaran"], dinsos=personas["dinsos"])
    events = Aduan.pgh_event_model.objects.filter(pgh_obj_id=aduan.pk).order_by("pgh_id")
    assert [e.status for e in events][-1] == S.DIPUTUSKAN
    assert {e.pgh_context.metadata.get("user") for e in events if e.pgh_context} >= {
        personas["tksk_kanigaran"].pk, personas["dinsos"].pk,
    }
