"""The "Belum terjangkau" rule: eligible, no aid, no pending proposal; most vulnerable first."""

from __future__ import annotations

from datetime import date

import pytest

from bantuan import choices as c
from bantuan.cakupan import belum_terjangkau
from bantuan.services import penyaluran as svc
from pmks.models import JenisPMKS
from tests.conftest import KODE
from tests.factories import AnggotaFactory, KlasifikasiPMKSFactory

from .conftest import TAHUN, buat_program, keluarga_pmks, usulan_status

S = c.StatusUsulan
pytestmark = pytest.mark.django_db


@pytest.fixture
def program_fm(db):
    p = buat_program("gap-fm", c.JenisProgram.SEMBAKO, desil_maksimum=4)
    p.jenis_pmks.set([JenisPMKS.objects.get(singkatan="FM")])
    return p


def _ids(user, **kw):
    return [k.pk for k in belum_terjangkau(user=user, **kw)]


def test_only_eligible_households_without_aid_or_pending_proposal_are_listed(
    program_fm, tksk_kanigaran, dinsos
):
    layak = keluarga_pmks()
    jenis_lain = keluarga_pmks(singkatan="ADK")  # not a target type
    desil_tinggi = keluarga_pmks(desil=8)
    menunggu = keluarga_pmks()
    usulan_status(program_fm, menunggu, S.DIAJUKAN, oleh=tksk_kanigaran)
    menerima = keluarga_pmks()
    usulan_status(program_fm, menerima, S.DISALURKAN, oleh=tksk_kanigaran)
    ditolak = keluarga_pmks()
    usulan_status(program_fm, ditolak, S.DITOLAK, oleh=tksk_kanigaran)
    eksternal = keluarga_pmks()
    pkh = buat_program("gap-pkh", c.JenisProgram.PKH, dikelola_dinas=False)
    svc.penerimaan_eksternal_catat(program=pkh, keluarga=eksternal, periode_mulai=date(TAHUN, 1, 1),
                                   periode_selesai=date(TAHUN, 12, 31), sumber="BNBA")
    mayangan = keluarga_pmks(KODE["kel_mayangan"])

    hasil = set(_ids(tksk_kanigaran))
    assert hasil == {layak.pk, ditolak.pk}
    assert jenis_lain.pk not in hasil and desil_tinggi.pk not in hasil
    assert mayangan.pk in set(_ids(dinsos))  # scope: Dinsos sees the whole city


def test_inactive_or_ended_programs_make_nobody_eligible(tksk_kanigaran):
    p = buat_program("gap-lama", c.JenisProgram.SEMBAKO, tahun=TAHUN - 1)
    p.jenis_pmks.set([JenisPMKS.objects.get(singkatan="FM")])
    keluarga_pmks()
    assert _ids(tksk_kanigaran) == []


def test_program_without_pmks_types_accepts_any_classified_household(tksk_kanigaran):
    buat_program("gap-semua", c.JenisProgram.LAINNYA)
    k = keluarga_pmks(singkatan="ADK")
    from tests.factories import KeluargaFactory

    tanpa_pmks = KeluargaFactory()
    hasil = _ids(tksk_kanigaran)
    assert k.pk in hasil and tanpa_pmks.pk not in hasil


def test_ordering_lowest_desil_then_more_pmks_then_more_vulnerable_members_then_oldest(program_fm, tksk_kanigaran):
    penilai = tksk_kanigaran
    d3_tua = keluarga_pmks(desil=3)
    d3_baru = keluarga_pmks(desil=3)
    d3_dua_pmks = keluarga_pmks(desil=3)
    KlasifikasiPMKSFactory(keluarga=d3_dua_pmks, jenis=JenisPMKS.objects.get(singkatan="LUT"), dinilai_oleh=penilai)
    d3_lansia = keluarga_pmks(desil=3)
    AnggotaFactory(keluarga=d3_lansia, hubungan="orang_tua", tanggal_lahir=date(1950, 1, 1))
    d1 = keluarga_pmks(desil=1)
    tanpa_desil = keluarga_pmks(desil=None)
    assert _ids(tksk_kanigaran) == [d1.pk, d3_dua_pmks.pk, d3_lansia.pk, d3_tua.pk, d3_baru.pk, tanpa_desil.pk]


def test_page_documents_the_ordering_rule_and_offers_one_click_proposal(client, program_fm, tksk_kanigaran):
    k = keluarga_pmks()
    client.force_login(tksk_kanigaran)
    html = client.get("/bantuan/belum-terjangkau/").content.decode()
    assert "desil DTSEN terendah" in html
    assert f"/bantuan/usulan/baru/?keluarga={k.pk}" in html


def test_eligibility_combines_programs_with_different_types_and_desil_limits(tksk_kanigaran, dinsos):
    from tests.factories import KeluargaFactory, wilayah

    def program(kode, jenis, desil, **kw):
        p = buat_program(kode, c.JenisProgram.LAINNYA, desil_maksimum=desil, **kw)
        p.jenis_pmks.set(JenisPMKS.objects.filter(singkatan__in=jenis))

    program("fm-d2", ["FM"], 2)
    program("lut-bebas", ["LUT"], None)
    program("semua-d5", [], 5)
    program("adk-pusat", ["ADK"], 9, dikelola_dinas=False)  # central program: no proposals here
    program("adk-mati", ["ADK"], 9, aktif=False)
    k = {
        "fm_d2": keluarga_pmks(desil=2), "fm_d4": keluarga_pmks(desil=4), "fm_d7": keluarga_pmks(desil=7),
        "lut_d9": keluarga_pmks(singkatan="LUT", desil=9), "adk_d8": keluarga_pmks(singkatan="ADK", desil=8),
        "adk_tanpa_desil": keluarga_pmks(singkatan="ADK", desil=None),
    }
    k["fm_nonaktif"] = KeluargaFactory(kelurahan=wilayah(KODE["kel_kanigaran"]), desil=1)
    KlasifikasiPMKSFactory(keluarga=k["fm_nonaktif"], jenis=JenisPMKS.objects.get(singkatan="FM"), aktif=False,
                           dinilai_oleh=dinsos)
    layak = {nama for nama, kel in k.items() if kel.pk in set(_ids(tksk_kanigaran))}
    assert layak == {"fm_d2", "fm_d4", "lut_d9", "adk_tanpa_desil"}


def test_aid_older_than_a_year_does_not_count_as_reached(program_fm, tksk_kanigaran):
    lama = buat_program("gap-lama-2", c.JenisProgram.SEMBAKO, tahun=TAHUN - 2)
    pkh_lama = buat_program("gap-pkh-lama", c.JenisProgram.PKH, tahun=TAHUN - 2, dikelola_dinas=False)
    usulan_lama = keluarga_pmks()
    usulan_status(lama, usulan_lama, S.DISALURKAN, oleh=tksk_kanigaran)
    eksternal_lama = keluarga_pmks()
    svc.penerimaan_eksternal_catat(program=pkh_lama, keluarga=eksternal_lama, periode_mulai=date(TAHUN - 2, 1, 1),
                                   periode_selesai=date(TAHUN - 2, 12, 31), sumber="BNBA")
    assert {usulan_lama.pk, eksternal_lama.pk} <= set(_ids(tksk_kanigaran))


def test_no_running_program_lists_nobody_without_querying_households(tksk_kanigaran, django_assert_num_queries):
    keluarga_pmks()
    with django_assert_num_queries(1):  # the running programs only
        assert list(belum_terjangkau(user=tksk_kanigaran)) == []
