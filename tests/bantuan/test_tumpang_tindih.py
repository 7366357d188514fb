"""The overlap rule (tumpang tindih): distinct programs from proposals + distinct programs from
external lists in the period > 1, listed per household and counted per kelurahan."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from bantuan import choices as c
from bantuan.cakupan import tumpang_tindih, tumpang_tindih_per_kelurahan
from bantuan.services import penerima as penerima_svc
from bantuan.services import penyaluran as penyaluran_svc
from tests.conftest import KODE
from tests.simpan_aman import versi_kini

from .conftest import TAHUN, buat_program, keluarga_pmks, usulan_status

S = c.StatusUsulan
pytestmark = pytest.mark.django_db
SETAHUN = {"mulai": date(TAHUN, 1, 1), "selesai": date(TAHUN, 12, 31)}
TRIWULAN_2 = {"mulai": date(TAHUN, 4, 1), "selesai": date(TAHUN, 6, 30)}


@pytest.fixture
def dunia(tksk_kanigaran, dinsos, sembako, ternak):
    """One household per branch of the rule; ``ganda`` = expected overlap with program counts."""
    pkh = buat_program("pkh-tt", c.JenisProgram.PKH, dikelola_dinas=False)
    bpnt = buat_program("bpnt-tt", c.JenisProgram.BPNT, dikelola_dinas=False)

    def eksternal(program, k, mulai=date(TAHUN, 1, 1), selesai=date(TAHUN, 12, 31)):
        return penyaluran_svc.penerimaan_eksternal_catat(
            program=program, keluarga=k, periode_mulai=mulai, periode_selesai=selesai, sumber="BNBA"
        )[0]

    d = {name: keluarga_pmks(KODE[kel]) for name, kel in [
        ("dua_usulan", "kel_sukoharjo"), ("dua_eksternal", "kel_kanigaran"), ("campur", "kel_kanigaran"),
        ("tiga", "kel_mayangan"), ("satu", "kel_kanigaran"), ("program_sama", "kel_kanigaran"),
        ("tidak_berlaku", "kel_kanigaran"), ("triwulan_1", "kel_sukoharjo"),
    ]}
    usulan_status(sembako, d["dua_usulan"], S.DISETUJUI, oleh=tksk_kanigaran)
    usulan_status(ternak, d["dua_usulan"], S.DISALURKAN, oleh=tksk_kanigaran)
    eksternal(pkh, d["dua_eksternal"])
    eksternal(bpnt, d["dua_eksternal"])
    usulan_status(sembako, d["campur"], S.DISETUJUI, oleh=tksk_kanigaran)
    eksternal(pkh, d["campur"])
    for p in (sembako, ternak):
        usulan_status(p, d["tiga"], S.DISETUJUI, oleh=tksk_kanigaran)
    eksternal(pkh, d["tiga"])
    usulan_status(sembako, d["satu"], S.DISETUJUI, oleh=tksk_kanigaran)
    # The same external program in two periods is one program.
    eksternal(pkh, d["program_sama"], date(TAHUN, 1, 1), date(TAHUN, 6, 30))
    eksternal(pkh, d["program_sama"], date(TAHUN, 7, 1), date(TAHUN, 12, 31))
    # Pending, rejected, deactivated-recipient proposals and inactive external receipts don't count.
    usulan_status(sembako, d["tidak_berlaku"], S.DIAJUKAN, oleh=tksk_kanigaran)
    usulan_status(ternak, d["tidak_berlaku"], S.DITOLAK, oleh=tksk_kanigaran)
    u = usulan_status(buat_program("modal-tt"), d["tidak_berlaku"], S.DISETUJUI, oleh=tksk_kanigaran)
    penerima_svc.penerima_nonaktifkan(usulan=u, oleh=dinsos, versi=versi_kini(u), alasan="pindah", keterangan="Pindah")
    mati = eksternal(bpnt, d["tidak_berlaku"])
    mati.aktif = False
    mati.save(update_fields=["aktif"])
    eksternal(pkh, d["tidak_berlaku"])
    # Two programs, but PKH only in the first quarter.
    usulan_status(sembako, d["triwulan_1"], S.DISETUJUI, oleh=tksk_kanigaran)
    eksternal(pkh, d["triwulan_1"], date(TAHUN, 1, 1), date(TAHUN, 3, 31))
    d["ganda"] = {d["dua_usulan"].pk: 2, d["dua_eksternal"].pk: 2, d["campur"].pk: 2, d["tiga"].pk: 3,
                  d["triwulan_1"].pk: 2}
    return d


def test_every_branch_of_the_rule_and_program_count(dunia, dinsos):
    hasil = {k.pk: k.jumlah_program for k in tumpang_tindih(user=dinsos, **SETAHUN)}
    assert hasil == dunia["ganda"]


def test_receipts_outside_the_period_do_not_count(dunia, dinsos):
    hasil = {k.pk for k in tumpang_tindih(user=dinsos, **TRIWULAN_2)}
    assert dunia["triwulan_1"].pk not in hasil
    assert dunia["dua_usulan"].pk in hasil


def test_list_is_ordered_by_kelurahan_then_most_programs_and_carries_head_name(dunia, dinsos):
    baris = list(tumpang_tindih(user=dinsos, **SETAHUN))
    kunci = [(k.kelurahan.kode, -k.jumlah_program, k.pk) for k in baris]
    assert kunci == sorted(kunci)
    assert all(k.nama_kepala for k in baris)


def test_tksk_sees_only_own_kecamatan_and_kelurahan_filter_narrows(dunia, tksk_kanigaran, kel_sukoharjo):
    d = dunia
    assert {k.pk for k in tumpang_tindih(user=tksk_kanigaran, **SETAHUN)} == set(d["ganda"]) - {d["tiga"].pk}
    di_sukoharjo = tumpang_tindih(user=tksk_kanigaran, kelurahan=kel_sukoharjo.pk, **SETAHUN)
    assert {k.pk for k in di_sukoharjo} == {d["dua_usulan"].pk, d["triwulan_1"].pk}


@pytest.mark.parametrize("periode", [SETAHUN, TRIWULAN_2])
def test_counts_per_kelurahan_are_the_list_counted_per_kelurahan(dunia, dinsos, tksk_kanigaran, periode):
    for user in (dinsos, tksk_kanigaran):
        daftar = Counter(k.kelurahan_id for k in tumpang_tindih(user=user, **periode))
        assert tumpang_tindih_per_kelurahan(user=user, **periode) == dict(daftar)


def test_counts_per_kelurahan_can_be_limited_to_given_kelurahan(dunia, dinsos, kel_kanigaran, kel_mayangan):
    hasil = tumpang_tindih_per_kelurahan(user=dinsos, kelurahan_ids=[kel_kanigaran.pk, kel_mayangan.pk], **SETAHUN)
    assert hasil == {kel_kanigaran.pk: 2, kel_mayangan.pk: 1}


def test_counts_per_kelurahan_take_one_query(dunia, dinsos, django_assert_num_queries):
    with django_assert_num_queries(1):
        tumpang_tindih_per_kelurahan(user=dinsos, **SETAHUN)
