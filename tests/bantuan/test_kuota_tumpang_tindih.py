"""Quota, overlap (tumpang tindih), repeat-limit and eligibility rules."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from bantuan import choices as c
from bantuan.models import KuotaKecamatan
from bantuan.peringatan import LARANGAN, peringatan_untuk
from bantuan.services import penerima as penerima_svc
from bantuan.services import penyaluran as penyaluran_svc
from bantuan.services import usulan as usulan_svc
from tests.conftest import KODE
from tests.factories import wilayah
from tests.simpan_aman import versi_kini

from .conftest import TAHUN, buat_program, keluarga_pmks, usulan_status

S = c.StatusUsulan
pytestmark = pytest.mark.django_db


def _kode(peringatan):
    return {p.kode for p in peringatan}


def test_approval_beyond_total_quota_is_refused(dinsos, tksk_kanigaran):
    program = buat_program("kuota-dua", kuota_total=2)
    usulan = [usulan_status(program, keluarga_pmks(), S.DIVERIFIKASI, oleh=tksk_kanigaran) for _ in range(3)]
    usulan_svc.usulan_setujui(usulan=usulan[0], oleh=dinsos)
    usulan_svc.usulan_setujui(usulan=usulan[1], oleh=dinsos)
    with pytest.raises(ValidationError, match=r"Kuota program .* sudah penuh \(2 dari 2"):
        usulan_svc.usulan_setujui(usulan=usulan[2], oleh=dinsos)
    usulan[2].refresh_from_db()
    assert usulan[2].status == S.DIVERIFIKASI


def test_deactivated_recipient_frees_a_quota_place(dinsos, tksk_kanigaran):
    program = buat_program("kuota-satu", kuota_total=1)
    a = usulan_status(program, keluarga_pmks(), S.DIVERIFIKASI, oleh=tksk_kanigaran)
    b = usulan_status(program, keluarga_pmks(), S.DIVERIFIKASI, oleh=tksk_kanigaran)
    usulan_svc.usulan_setujui(usulan=a, oleh=dinsos)
    penerima_svc.penerima_nonaktifkan(
        usulan=a, oleh=dinsos, versi=versi_kini(a), alasan=c.AlasanNonaktif.MENINGGAL, keterangan="Wafat Maret"
    )
    usulan_svc.usulan_setujui(usulan=b, oleh=dinsos)
    a.refresh_from_db()
    assert a.status == S.DISETUJUI and a.status_penerima == c.StatusPenerima.NONAKTIF  # kept, not deleted


def test_kecamatan_quota_is_enforced_separately(dinsos, tksk_kanigaran, tksk_mayangan):
    program = buat_program("kuota-kec", kuota_total=10)
    KuotaKecamatan.objects.create(program=program, kecamatan=wilayah(KODE["kanigaran"]), kuota=1)
    a = usulan_status(program, keluarga_pmks(), S.DIVERIFIKASI, oleh=tksk_kanigaran)
    b = usulan_status(program, keluarga_pmks(KODE["kel_sukoharjo"]), S.DIVERIFIKASI, oleh=tksk_kanigaran)
    m = usulan_status(program, keluarga_pmks(KODE["kel_mayangan"]), S.DIVERIFIKASI, oleh=tksk_mayangan)
    usulan_svc.usulan_setujui(usulan=a, oleh=dinsos)
    with pytest.raises(ValidationError, match="Kuota Kecamatan Kanigaran"):
        usulan_svc.usulan_setujui(usulan=b, oleh=dinsos)
    usulan_svc.usulan_setujui(usulan=m, oleh=dinsos)  # Mayangan has no own quota row: total applies


def test_replacement_takes_the_place_and_keeps_old_recipient(dinsos, tksk_kanigaran):
    program = buat_program("ganti", kuota_total=1)
    lama = usulan_status(program, keluarga_pmks(), S.DISETUJUI, oleh=tksk_kanigaran)
    baru_kel = keluarga_pmks()
    baru = penerima_svc.penerima_ganti(
        usulan=lama, oleh=dinsos, versi=versi_kini(lama), keluarga_baru=baru_kel, alasan=c.AlasanNonaktif.PINDAH,
        keterangan="Pindah kota",
    )
    lama.refresh_from_db()
    assert lama.status_penerima == c.StatusPenerima.DIGANTI
    assert baru.status == S.DISETUJUI and baru.menggantikan == lama and baru.data_keluarga_beku
    assert program.usulan.penerima_aktif().count() == 1


def test_non_combinable_program_already_received_blocks_approval(dinsos, tksk_kanigaran, ternak, modal, keluarga):
    usulan_status(ternak, keluarga, S.DISALURKAN, oleh=tksk_kanigaran)
    u = usulan_status(modal, keluarga, S.DIVERIFIKASI, oleh=tksk_kanigaran)
    assert "tidak_boleh_bersamaan" in _kode(peringatan_untuk(keluarga=keluarga, program=modal))
    with pytest.raises(ValidationError, match="tidak boleh digabung"):
        usulan_svc.usulan_setujui(usulan=u, oleh=dinsos)


def test_non_combinable_rule_is_symmetric_and_pending_one_only_warns(tksk_kanigaran, ternak, modal, keluarga):
    usulan_status(modal, keluarga, S.DIAJUKAN, oleh=tksk_kanigaran)
    p = peringatan_untuk(keluarga=keluarga, program=ternak)
    assert "diusulkan_tidak_bersamaan" in _kode(p)
    assert not [x for x in p if x.tingkat == LARANGAN]


def test_combinable_aid_in_same_period_is_a_warning_not_a_block(dinsos, tksk_kanigaran, sembako, ternak, keluarga):
    usulan_status(sembako, keluarga, S.DISALURKAN, oleh=tksk_kanigaran)
    u = usulan_status(ternak, keluarga, S.DIVERIFIKASI, oleh=tksk_kanigaran)
    assert "tumpang_tindih" in _kode(peringatan_untuk(keluarga=keluarga, program=ternak))
    usulan_svc.usulan_setujui(usulan=u, oleh=dinsos)
    u.refresh_from_db()
    assert any(p["kode"] == "tumpang_tindih" for p in u.peringatan_saat_disetujui)


def test_external_receipt_counts_in_overlap(dinsos, tksk_kanigaran, modal, keluarga):
    bpnt = buat_program("bpnt-uji", c.JenisProgram.BPNT, dikelola_dinas=False)
    modal.tidak_boleh_bersamaan.add(bpnt)
    obj, dibuat = penyaluran_svc.penerimaan_eksternal_catat(
        program=bpnt, keluarga=keluarga, periode_mulai=date(TAHUN, 1, 1), periode_selesai=date(TAHUN, 6, 30),
        sumber="BNBA BPNT Tahap 1", impor_ref="baris-12",
    )
    assert dibuat
    again, dibuat2 = penyaluran_svc.penerimaan_eksternal_catat(
        program=bpnt, keluarga=keluarga, periode_mulai=date(TAHUN, 1, 1), periode_selesai=date(TAHUN, 6, 30),
        sumber="BNBA BPNT Tahap 1", impor_ref="baris-12",
    )
    assert not dibuat2 and again.pk == obj.pk
    u = usulan_status(modal, keluarga, S.DIVERIFIKASI, oleh=tksk_kanigaran)
    with pytest.raises(ValidationError, match="BNBA|Bpnt|tidak boleh digabung"):
        usulan_svc.usulan_setujui(usulan=u, oleh=dinsos)


def test_external_receipt_in_other_period_does_not_overlap(modal, keluarga):
    bpnt = buat_program("bpnt-lama", c.JenisProgram.BPNT, dikelola_dinas=False, tahun=TAHUN - 2)
    modal.tidak_boleh_bersamaan.add(bpnt)
    penyaluran_svc.penerimaan_eksternal_catat(
        program=bpnt, keluarga=keluarga, periode_mulai=date(TAHUN - 2, 1, 1),
        periode_selesai=date(TAHUN - 2, 12, 31), sumber="BNBA lama",
    )
    assert not _kode(peringatan_untuk(keluarga=keluarga, program=modal)) & {"tidak_boleh_bersamaan", "tumpang_tindih"}


def test_rtlh_repeat_limit_blocks_second_house_within_n_years(dinsos, tksk_kanigaran, keluarga):
    lama = buat_program("rtlh-lama", c.JenisProgram.RTLH, tahun=TAHUN - 4)
    usulan_status(lama, keluarga, S.DISALURKAN, oleh=tksk_kanigaran)
    baru = buat_program("rtlh-baru", c.JenisProgram.RTLH, batas_ulang_tahun=10)
    u = usulan_status(baru, keluarga, S.DIVERIFIKASI, oleh=tksk_kanigaran)
    with pytest.raises(ValidationError, match="hanya sekali dalam 10 tahun"):
        usulan_svc.usulan_setujui(usulan=u, oleh=dinsos)


def test_rtlh_repeat_limit_allows_after_n_years(dinsos, tksk_kanigaran, keluarga):
    lama = buat_program("rtlh-kuno", c.JenisProgram.RTLH, tahun=TAHUN - 11)
    usulan_status(lama, keluarga, S.DISALURKAN, oleh=tksk_kanigaran)
    baru = buat_program("rtlh-kini", c.JenisProgram.RTLH, batas_ulang_tahun=10)
    u = usulan_status(baru, keluarga, S.DIVERIFIKASI, oleh=tksk_kanigaran)
    usulan_svc.usulan_setujui(usulan=u, oleh=dinsos)


def test_eligibility_warnings_for_pmks_type_and_desil(sembako):
    from pmks.models import JenisPMKS

    sembako.jenis_pmks.set([JenisPMKS.objects.get(singkatan="FM")])
    sembako.desil_maksimum = 4
    sembako.save()
    cocok = keluarga_pmks(desil=3)
    assert not _kode(peringatan_untuk(keluarga=cocok, program=sembako))
    tidak_cocok = keluarga_pmks(singkatan="ADK", desil=6)
    assert {"pmks_tidak_sesuai", "desil_tinggi"} <= _kode(peringatan_untuk(keluarga=tidak_cocok, program=sembako))
    tanpa_desil = keluarga_pmks(desil=None)
    assert "desil_kosong" in _kode(peringatan_untuk(keluarga=tanpa_desil, program=sembako))
