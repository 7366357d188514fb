"""Every status transition, allowed and refused, by role and by current status."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bantuan import choices as c
from bantuan import services as s
from bantuan.models import RiwayatStatusUsulan
from tests.simpan_aman import versi_kini
from tksk.permissions import Aksi

from .conftest import usulan_status

S = c.StatusUsulan
pytestmark = pytest.mark.django_db

# verb → (target status, service call)
VERBA = {
    "ajukan": (S.DIAJUKAN, lambda u, oleh: s.usulan_ajukan(usulan=u, oleh=oleh)),
    "verifikasi": (S.DIVERIFIKASI, lambda u, oleh: s.usulan_verifikasi(usulan=u, oleh=oleh)),
    "setujui": (S.DISETUJUI, lambda u, oleh: s.usulan_setujui(usulan=u, oleh=oleh)),
    "tolak": (S.DITOLAK, lambda u, oleh: s.usulan_tolak(usulan=u, oleh=oleh, alasan="Tidak memenuhi")),
    "kembalikan": (S.DIKEMBALIKAN, lambda u, oleh: s.usulan_kembalikan(usulan=u, oleh=oleh, catatan="Lengkapi foto")),
    "batalkan": (S.DIBATALKAN, lambda u, oleh: s.usulan_batalkan(usulan=u, oleh=oleh, alasan="Pindah")),
}
PERSONA_VERBA = {"tksk_kanigaran", "dinsos", "pejabat_kota"}


def _harapan(dari: str, verba: str, persona: str) -> bool:
    ke = VERBA[verba][0]
    aksi = c.TRANSISI.get((dari, ke))
    if aksi is None:
        return False
    return {
        "tksk_kanigaran": aksi in {Aksi.AJUKAN_USULAN, Aksi.CATAT_PENYALURAN},
        "dinsos": aksi in {Aksi.VERIFIKASI_USULAN, Aksi.CATAT_PENYALURAN},
        "pejabat_kota": False,
    }[persona]


@pytest.mark.parametrize("persona", sorted(PERSONA_VERBA))
@pytest.mark.parametrize("verba", sorted(VERBA))
@pytest.mark.parametrize("dari", [x for x in S.values])
def test_each_transition_is_allowed_only_for_the_right_role_and_status(
    personas, sembako, keluarga, dari, verba, persona
):
    user = personas[persona]
    u = usulan_status(sembako, keluarga, dari, oleh=personas["tksk_kanigaran"])
    ke, fungsi = VERBA[verba]
    boleh = _harapan(dari, verba, persona)
    if boleh:
        fungsi(u, user)
        u.refresh_from_db()
        assert u.status == ke
        akhir = RiwayatStatusUsulan.objects.filter(usulan=u).latest("id")
        assert (akhir.dari, akhir.ke, akhir.oleh) == (dari, ke, user)
    else:
        with pytest.raises((ValidationError, PermissionDenied)):
            fungsi(u, user)
        u.refresh_from_db()
        assert u.status == dari
        assert RiwayatStatusUsulan.objects.filter(usulan=u).count() == 1


def test_transition_map_matches_the_documented_flow():
    assert (S.DRAFT, S.DIAJUKAN) in c.TRANSISI
    assert (S.DIAJUKAN, S.DISETUJUI) not in c.TRANSISI  # must be verified first
    assert (S.DISALURKAN, S.DIBATALKAN) not in c.TRANSISI  # no cancel after distribution
    assert all(ke != S.DRAFT for (_, ke) in c.TRANSISI)


def test_reject_requires_a_reason(dinsos, tksk_kanigaran, sembako, keluarga):
    u = usulan_status(sembako, keluarga, S.DIVERIFIKASI, oleh=tksk_kanigaran)
    with pytest.raises(ValidationError, match="Alasan penolakan wajib"):
        s.usulan_tolak(usulan=u, oleh=dinsos, alasan="  ")
    u.refresh_from_db()
    assert u.status == S.DIVERIFIKASI


def test_return_requires_a_note_and_tksk_can_edit_and_resubmit(dinsos, tksk_kanigaran, sembako, keluarga):
    u = usulan_status(sembako, keluarga, S.DIAJUKAN, oleh=tksk_kanigaran)
    with pytest.raises(ValidationError, match="Catatan perbaikan wajib"):
        s.usulan_kembalikan(usulan=u, oleh=dinsos, catatan="")
    s.usulan_kembalikan(usulan=u, oleh=dinsos, catatan="Tambahkan foto rumah")
    s.usulan_ubah(usulan=u, oleh=tksk_kanigaran, versi=versi_kini(u), justifikasi="Sudah dilengkapi", asesmen={"x": 1})
    s.usulan_ajukan(usulan=u, oleh=tksk_kanigaran)
    u.refresh_from_db()
    assert u.status == S.DIAJUKAN and u.justifikasi == "Sudah dilengkapi"
    assert [r.ke for r in u.riwayat.all()] == [S.DIAJUKAN, S.DIKEMBALIKAN, S.DIAJUKAN]


def test_submitted_proposal_cannot_be_edited(tksk_kanigaran, sembako, keluarga):
    u = usulan_status(sembako, keluarga, S.DIAJUKAN, oleh=tksk_kanigaran)
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        s.usulan_ubah(usulan=u, oleh=tksk_kanigaran, versi=versi_kini(u), justifikasi="x")


def test_tksk_cannot_propose_household_of_other_kecamatan(tksk_kanigaran, sembako, keluarga_mayangan):
    with pytest.raises(PermissionDenied):
        s.usulan_buat(oleh=tksk_kanigaran, keluarga=keluarga_mayangan, program=sembako, justifikasi="x")


def test_tksk_cannot_submit_proposal_of_other_kecamatan(tksk_mayangan, tksk_kanigaran, sembako, keluarga):
    u = usulan_status(sembako, keluarga, S.DRAFT, oleh=tksk_kanigaran)
    with pytest.raises(PermissionDenied):
        s.usulan_ajukan(usulan=u, oleh=tksk_mayangan)


def test_approval_freezes_household_data_against_later_edits(dinsos, tksk_kanigaran, sembako, keluarga):
    u = usulan_status(sembako, keluarga, S.DIVERIFIKASI, oleh=tksk_kanigaran)
    s.usulan_setujui(usulan=u, oleh=dinsos)
    keluarga.alamat = "Alamat baru setelah disetujui"
    keluarga.desil = 7
    keluarga.save()
    u.refresh_from_db()
    assert u.data_keluarga_beku["desil"] == 2
    assert u.data_keluarga_beku["alamat"] != "Alamat baru setelah disetujui"
    assert u.data_keluarga_beku["kepala"] == keluarga.kepala_uji.nama
    assert u.diputuskan_oleh == dinsos


def test_second_approval_of_same_proposal_gets_clear_message(dinsos, tksk_kanigaran, sembako, keluarga):
    u = usulan_status(sembako, keluarga, S.DIVERIFIKASI, oleh=tksk_kanigaran)
    s.usulan_setujui(usulan=u, oleh=dinsos)
    with pytest.raises(ValidationError, match="statusnya sekarang “Disetujui”"):
        s.usulan_setujui(usulan=u, oleh=dinsos)
    assert u.riwayat.filter(ke=S.DISETUJUI).count() == 1


def test_proposal_created_by_tksk_starts_as_draft_with_history(tksk_kanigaran, sembako, keluarga):
    u = s.usulan_buat(oleh=tksk_kanigaran, keluarga=keluarga, program=sembako, justifikasi="Lansia sebatang kara")
    assert u.status == S.DRAFT
    u2 = s.usulan_buat(
        oleh=tksk_kanigaran, keluarga=keluarga_pmks_lain(), program=sembako, justifikasi="x", ajukan=True
    )
    assert u2.status == S.DIAJUKAN and u2.diajukan_pada is not None


def keluarga_pmks_lain():
    from .conftest import keluarga_pmks

    return keluarga_pmks()


def test_duplicate_open_proposal_for_same_program_is_refused(tksk_kanigaran, sembako, keluarga):
    s.usulan_buat(oleh=tksk_kanigaran, keluarga=keluarga, program=sembako, justifikasi="x")
    with pytest.raises(ValidationError, match="sudah memiliki usulan aktif"):
        s.usulan_buat(oleh=tksk_kanigaran, keluarga=keluarga, program=sembako, justifikasi="y")


def test_external_program_takes_no_proposals(tksk_kanigaran, keluarga):
    from .conftest import buat_program

    pkh = buat_program("pkh-uji", c.JenisProgram.PKH, dikelola_dinas=False)
    with pytest.raises(ValidationError, match="tidak menerima usulan"):
        s.usulan_buat(oleh=tksk_kanigaran, keluarga=keluarga, program=pkh, justifikasi="x")
