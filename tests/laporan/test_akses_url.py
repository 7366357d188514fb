"""URL × role matrix for the laporan app (tests/akses.py conventions).

Reads: TKSK only the own kecamatan; Pejabat Kanigaran only Kanigaran; Dinsos, Pejabat kota and
admin the whole kota. Writes: the narrative/submission is the TKSK's (Dinsos and Pejabat: 403),
accept/return is Dinas Sosial's (TKSK and Pejabat: 403). Out of area → 404.
"""

from datetime import date

import pytest

from laporan.models import LaporanBulanan, StatusLaporan, buat_kode_verifikasi
from laporan.periode import Periode
from laporan.selectors import angka_laporan
from tests.akses import PERSONA, Kasus, periksa, semua

KAN = "/laporan/35.74.04/2026-10"
MAY = "/laporan/35.74.03/2026-10"
REKAP = "/laporan/rekap/35.74/2026-10"
NARASI = {"kondisi_sosial": "a", "kendala": "b", "rencana_tindak_lanjut": "c"}
BACA_KAN = semua(200, tksk_mayangan=404)
BACA_MAY = semua(200, tksk_kanigaran=404, pejabat_kanigaran=404)
BACA_KOTA = semua(200, tksk_kanigaran=404, tksk_mayangan=404, pejabat_kanigaran=404)
SUSUN_KAN = semua(302, tksk_mayangan=404, dinsos=403, pejabat_kota=403, pejabat_kanigaran=403)
PERIKSA_KAN = semua(302, tksk_mayangan=404, tksk_kanigaran=403, pejabat_kota=403, pejabat_kanigaran=403)

KASUS = [
    Kasus("list", lambda d: "/laporan/", semua(200)),
    Kasus("detail_kanigaran", lambda d: f"{KAN}/", BACA_KAN),
    Kasus("detail_mayangan", lambda d: f"{MAY}/", BACA_MAY),
    Kasus("detail_bulan_depan", lambda d: "/laporan/35.74.04/2099-01/", semua(404)),
    Kasus("detail_periode_rusak", lambda d: "/laporan/35.74.04/oktober/", semua(404)),
    Kasus("detail_bukan_kecamatan", lambda d: "/laporan/35.74/2026-10/", semua(404)),
    Kasus("unduh_pdf_kanigaran", lambda d: f"{KAN}/unduh.pdf", BACA_KAN),
    Kasus("unduh_xlsx_kanigaran", lambda d: f"{KAN}/unduh.xlsx", BACA_KAN),
    Kasus("unduh_xlsx_mayangan", lambda d: f"{MAY}/unduh.xlsx", BACA_MAY),
    Kasus("unduh_format_lain", lambda d: f"{KAN}/unduh.docx", semua(404, tksk_mayangan=404)),
    Kasus("rekap", lambda d: f"{REKAP}/", BACA_KOTA),
    Kasus("rekap_xlsx", lambda d: f"{REKAP}/unduh.xlsx", BACA_KOTA),
    Kasus("rekap_pdf", lambda d: f"{REKAP}/unduh.pdf", BACA_KOTA),
    # A province's recap (composed by the worker): only the province's own staff and admin; no
    # persona here works at province level, so kota staff get 404 like any area outside theirs.
    Kasus("rekap_provinsi", lambda d: "/laporan/rekap/35/2026-10/", semua(404, admin=200)),
    Kasus("rekap_provinsi_status", lambda d: "/laporan/rekap/35/2026-10/status/", semua(404, admin=200)),
    Kasus("rekap_provinsi_pdf_belum_ada", lambda d: "/laporan/rekap/35/2026-10/unduh.pdf", semua(404, admin=302)),
    Kasus("rekap_provinsi_susun", lambda d: "/laporan/rekap/35/2026-10/susun/", semua(404, admin=302),
          method="post"),
    Kasus("rekap_kota_susun_tidak_perlu", lambda d: f"{REKAP}/susun/", {**BACA_KOTA, **{
        p: 302 for p, kode in BACA_KOTA.items() if kode == 200}}, method="post"),
    Kasus("rekap_kota_status", lambda d: f"{REKAP}/status/", BACA_KOTA),
    Kasus("rekap_susun_get_tidak_boleh", lambda d: "/laporan/rekap/35/2026-10/susun/", semua(405)),
    Kasus("verifikasi_kanigaran", lambda d: f"/laporan/verifikasi/{d['kode']}/", BACA_KAN),
    Kasus("verifikasi_kode_asing", lambda d: "/laporan/verifikasi/tidak-ada-kode/", semua(404)),
    Kasus("narasi_kanigaran", lambda d: f"{KAN}/narasi/", SUSUN_KAN, method="post", data=lambda d: NARASI),
    Kasus("ajukan_mayangan", lambda d: f"{MAY}/ajukan/", semua(
        302, tksk_kanigaran=404, pejabat_kanigaran=404, dinsos=403, pejabat_kota=403
    ), method="post"),
    Kasus("terima_kanigaran", lambda d: f"{KAN}/terima/", PERIKSA_KAN, method="post"),
    Kasus("kembalikan_kanigaran", lambda d: f"{KAN}/kembalikan/", PERIKSA_KAN, method="post",
          data=lambda d: {"catatan": "perbaiki"}),
    # Role before status: on a report not yet submitted TKSK/Pejabat get 403, Dinas Sosial a message.
    Kasus("terima_mayangan_belum_diajukan", lambda d: f"{MAY}/terima/", semua(
        302, tksk_kanigaran=404, pejabat_kanigaran=404, tksk_mayangan=403, pejabat_kota=403
    ), method="post"),
    Kasus("kembalikan_mayangan_belum_diajukan", lambda d: f"{MAY}/kembalikan/", semua(
        302, tksk_kanigaran=404, pejabat_kanigaran=404, tksk_mayangan=403, pejabat_kota=403
    ), method="post", data=lambda d: {"catatan": "perbaiki"}),
    Kasus("narasi_get_tidak_boleh", lambda d: f"{KAN}/narasi/", semua(405, tksk_mayangan=405)),
]


@pytest.fixture
def dunia_akses(personas, kec_kanigaran):
    """A submitted October report for Kanigaran (so the verification code exists).

    Built directly (status + snapshot, no stored PDF) to keep this 140-case matrix fast; the real
    submission path is covered in test_siklus.py. Without a stored file the PDF download renders
    from the snapshot.
    """
    periode = Periode(date(2026, 10, 1))
    dok = angka_laporan(kecamatan=kec_kanigaran, periode=periode)
    lap = LaporanBulanan.objects.create(
        kecamatan=kec_kanigaran, periode=periode.awal, penyusun=personas["tksk_kanigaran"],
        status=StatusLaporan.DIAJUKAN, kode_verifikasi=buat_kode_verifikasi(),
        snapshot={**dok, "narasi": NARASI, "penyusun": {"nama": "TKSK", "nip": ""}},
    )
    return {"kode": lap.kode_verifikasi}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA)
@pytest.mark.parametrize("kasus", KASUS, ids=lambda k: k.nama)
def test_url_answers_each_role_as_designed(client, personas, dunia_akses, kasus, persona):
    periksa(client, kasus, persona, personas, dunia_akses)
