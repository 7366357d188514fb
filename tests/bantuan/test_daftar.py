"""Lists and pages: constant query counts, overlap list, bulk actions, letters, registry hooks."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from bantuan import choices as c
from bantuan.cakupan import tumpang_tindih
from bantuan.integrasi import filter_ada_bantuan, peristiwa_linimasa
from bantuan.services import penerima as penerima_svc
from bantuan.services import penyaluran as penyaluran_svc
from pmks import ekstensi
from pmks.models import Keluarga
from tests.conftest import KODE
from tests.simpan_aman import dengan_token, versi_kini

from .conftest import TAHUN, buat_program, keluarga_pmks, usulan_status

S = c.StatusUsulan
pytestmark = pytest.mark.django_db


def _jumlah_query(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200, url
    return len(ctx.captured_queries)


def _isi(program, n, oleh, pkh=None):
    for _ in range(n):
        k = keluarga_pmks()
        usulan_status(program, k, S.DISETUJUI, oleh=oleh)
        if pkh is not None:
            penyaluran_svc.penerimaan_eksternal_catat(program=pkh, keluarga=k, periode_mulai=date(TAHUN, 1, 1),
                                           periode_selesai=date(TAHUN, 12, 31), sumber="BNBA")
        keluarga_pmks()  # an eligible one without aid (gap list)


@pytest.mark.parametrize("url", ["/bantuan/", "/bantuan/tumpang-tindih/", "/bantuan/belum-terjangkau/",
                                 "/bantuan/program/"])
def test_list_pages_use_constant_number_of_queries(client, dinsos, tksk_kanigaran, sembako, url):
    pkh = buat_program("pkh-n1", c.JenisProgram.PKH, dikelola_dinas=False)
    client.force_login(dinsos)
    _isi(sembako, 2, tksk_kanigaran, pkh)
    sedikit = _jumlah_query(client, url)
    _isi(sembako, 8, tksk_kanigaran, pkh)
    assert _jumlah_query(client, url) == sedikit


def test_proposal_detail_uses_constant_number_of_queries(client, dinsos, tksk_kanigaran, sembako, ternak, keluarga):
    u = usulan_status(sembako, keluarga, S.DISETUJUI, oleh=tksk_kanigaran)
    client.force_login(dinsos)
    sedikit = _jumlah_query(client, f"/bantuan/usulan/{u.pk}/")
    usulan_status(ternak, keluarga, S.DIAJUKAN, oleh=tksk_kanigaran)
    for tanggal in [date(TAHUN, b, 5) for b in (1, 2, 3) if date(TAHUN, b, 5) <= date.today()]:
        penyaluran_svc.penyaluran_catat(usulan=u, oleh=dinsos, tanggal=tanggal, diterima_oleh="Siti")
    assert _jumlah_query(client, f"/bantuan/usulan/{u.pk}/") == sedikit


def test_overlap_list_counts_internal_and_external_programs_in_period(tksk_kanigaran, dinsos, sembako, ternak):
    pkh = buat_program("pkh-overlap", c.JenisProgram.PKH, dikelola_dinas=False)
    dua = keluarga_pmks()
    usulan_status(sembako, dua, S.DISALURKAN, oleh=tksk_kanigaran)
    penyaluran_svc.penerimaan_eksternal_catat(program=pkh, keluarga=dua, periode_mulai=date(TAHUN, 1, 1),
                                   periode_selesai=date(TAHUN, 3, 31), sumber="BNBA")
    satu = keluarga_pmks()
    usulan_status(sembako, satu, S.DISETUJUI, oleh=tksk_kanigaran)
    nonaktif = keluarga_pmks()
    a = usulan_status(sembako, nonaktif, S.DISETUJUI, oleh=tksk_kanigaran)
    usulan_status(ternak, nonaktif, S.DISETUJUI, oleh=tksk_kanigaran)
    penerima_svc.penerima_nonaktifkan(usulan=a, oleh=dinsos, versi=versi_kini(a), alasan="pindah", keterangan="Pindah")
    mayangan = keluarga_pmks(KODE["kel_mayangan"])
    usulan_status(sembako, mayangan, S.DISETUJUI, oleh=tksk_kanigaran)
    usulan_status(ternak, mayangan, S.DISETUJUI, oleh=tksk_kanigaran)

    setahun = {"mulai": date(TAHUN, 1, 1), "selesai": date(TAHUN, 12, 31)}
    hasil = {k.pk: k.jumlah_program for k in tumpang_tindih(user=tksk_kanigaran, **setahun)}
    assert hasil == {dua.pk: 2}
    assert set(k.pk for k in tumpang_tindih(user=dinsos, **setahun)) == {dua.pk, mayangan.pk}
    # PKH ended in March: from April on, only one program
    assert not tumpang_tindih(user=tksk_kanigaran, mulai=date(TAHUN, 4, 1), selesai=date(TAHUN, 12, 31)).exists()


def test_bulk_approve_reports_result_per_item(client, dinsos, tksk_kanigaran):
    program = buat_program("massal", kuota_total=1)
    a = usulan_status(program, keluarga_pmks(), S.DIVERIFIKASI, oleh=tksk_kanigaran)
    b = usulan_status(program, keluarga_pmks(), S.DIVERIFIKASI, oleh=tksk_kanigaran)
    d = usulan_status(program, keluarga_pmks(), S.DIAJUKAN, oleh=tksk_kanigaran)
    client.force_login(dinsos)
    resp = client.post("/bantuan/usulan/massal/", {"usulan": [a.pk, b.pk, d.pk], "aksi": "setujui"}, follow=True)
    html = resp.content.decode()
    assert "1 dari 3 usulan berhasil diproses" in html
    assert f"Usulan #{a.pk}: Berhasil." in html
    assert f"Usulan #{b.pk}: Kuota program" in html
    assert f"Usulan #{d.pk}: Tidak dapat menyetujui" in html
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == (S.DISETUJUI, S.DIVERIFIKASI)


def test_bulk_reject_requires_reason_for_each(client, dinsos, tksk_kanigaran, sembako):
    a = usulan_status(sembako, keluarga_pmks(), S.DIAJUKAN, oleh=tksk_kanigaran)
    client.force_login(dinsos)
    html = client.post("/bantuan/usulan/massal/", {"usulan": [a.pk], "aksi": "tolak"}, follow=True).content.decode()
    assert "Alasan penolakan wajib" in html
    a.refresh_from_db()
    assert a.status == S.DIAJUKAN


def test_proposal_letter_pdf_for_one_and_for_a_batch(client, tksk_kanigaran, sembako):
    k1, k2 = keluarga_pmks(), keluarga_pmks()
    u1 = usulan_status(sembako, k1, S.DIAJUKAN, oleh=tksk_kanigaran)
    u2 = usulan_status(sembako, k2, S.DRAFT, oleh=tksk_kanigaran)
    client.force_login(tksk_kanigaran)
    satu = client.get(f"/bantuan/usulan/{u1.pk}/surat/")
    assert satu["Content-Type"] == "application/pdf"
    teks = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(satu.content)).pages)
    assert "Permohonan Bantuan" in teks and k1.kepala_uji.nama in teks and k1.no_kk in teks
    assert "Kecamatan Kanigaran".upper() in teks.upper()
    banyak = client.get(f"/bantuan/usulan/surat/?usulan={u1.pk}&usulan={u2.pk}")
    teks = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(banyak.content)).pages)
    assert "2 keluarga" in teks and k2.no_kk in teks


def test_registry_hooks_panel_timeline_and_has_aid_filter(client, tksk_kanigaran, dinsos, sembako):
    penerima = keluarga_pmks()
    u = usulan_status(sembako, penerima, S.DISETUJUI, oleh=tksk_kanigaran)
    penyaluran_svc.penyaluran_catat(usulan=u, oleh=dinsos, tanggal=sembako.periode_mulai, diterima_oleh="Siti")
    tanpa = keluarga_pmks()
    ditolak = keluarga_pmks()
    usulan_status(sembako, ditolak, S.DITOLAK, oleh=tksk_kanigaran)

    fn = ekstensi.filter_bantuan()
    assert fn is filter_ada_bantuan
    qs = Keluarga.objects.filter(pk__in=[penerima.pk, tanpa.pk, ditolak.pk])
    assert set(fn(qs, True).values_list("pk", flat=True)) == {penerima.pk}
    assert set(fn(qs, False).values_list("pk", flat=True)) == {tanpa.pk, ditolak.pk}

    judul = [p.judul for p in peristiwa_linimasa(penerima, dinsos)]
    assert any("Disalurkan" in j for j in judul) and any(j.startswith("Penyaluran") for j in judul)
    assert "bantuan" in [p.kode for p in ekstensi.panel_keluarga()]
    client.force_login(tksk_kanigaran)
    html = client.get(f"/pmks/keluarga/{penerima.pk}/").content.decode()
    assert 'data-testid="panel-bantuan"' in html and sembako.nama in html


def test_tksk_form_shows_overlap_warning_before_submitting(client, tksk_kanigaran, ternak, modal, keluarga):
    usulan_status(ternak, keluarga, S.DISALURKAN, oleh=tksk_kanigaran)
    client.force_login(tksk_kanigaran)
    html = client.get(f"/bantuan/usulan/peringatan/?keluarga={keluarga.pk}&program={modal.pk}").content.decode()
    assert "tidak boleh digabung" in html
    html = client.get(f"/bantuan/usulan/baru/?keluarga={keluarga.pk}&program={modal.pk}").content.decode()
    assert "tidak boleh digabung" in html


def test_rtlh_proposal_requires_house_assessment(client, tksk_kanigaran, keluarga):
    rtlh = buat_program("rtlh-form", c.JenisProgram.RTLH)
    client.force_login(tksk_kanigaran)
    baru = "/bantuan/usulan/baru/"
    resp = client.post(baru, dengan_token(tksk_kanigaran, baru, {"keluarga": keluarga.pk, "program": rtlh.pk,
                                                                "justifikasi": "x"}))
    assert resp.status_code == 200 and "Wajib diisi untuk program RTLH" in resp.content.decode()
    resp = client.post(baru, dengan_token(tksk_kanigaran, baru, {
        "keluarga": keluarga.pk, "program": rtlh.pk, "justifikasi": "x", "kondisi_atap": "bocor",
        "kondisi_dinding": "bambu", "kondisi_lantai": "tanah", "status_tanah": "milik_sendiri", "ajukan": "1",
    }))
    assert resp.status_code == 302
    u = rtlh.usulan.get()
    assert u.status == S.DIAJUKAN and u.asesmen["kondisi_lantai"] == "tanah"


def test_dashboard_pending_tile_links_to_a_list_with_the_same_count(client, dinsos, tksk_kanigaran, sembako):
    for status in (S.DIAJUKAN, S.DIVERIFIKASI, S.DISETUJUI, S.DRAFT):
        usulan_status(sembako, keluarga_pmks(), status, oleh=tksk_kanigaran)
    client.force_login(dinsos)
    ubin = next(a for a in client.get("/").context["dasbor"].ekstra if a.kode == "usulan_menunggu")
    halaman = client.get(ubin.url).context["halaman"]
    assert not halaman.has_other_pages()  # the queue counts nothing: every row is on this one page
    assert ubin.nilai == len(halaman.object_list) == 2


def test_proposal_form_names_households_by_head_and_address_not_by_no_kk(client, tksk_kanigaran):
    k = keluarga_pmks(alamat="Jl. Anggrek No. 9")
    client.force_login(tksk_kanigaran)
    html = client.get("/bantuan/usulan/baru/").content.decode()
    assert f"{k.kepala_uji.nama} — Jl. Anggrek No. 9, {k.kelurahan.nama}" in html
    assert f"Keluarga {k.no_kk}" not in html


def test_propose_button_on_household_page_opens_the_form_for_that_household(client, tksk_kanigaran, keluarga):
    client.force_login(tksk_kanigaran)
    html = client.get(f"/pmks/keluarga/{keluarga.pk}/").content.decode()
    assert f'href="/bantuan/usulan/baru/?keluarga={keluarga.pk}"' in html
    resp = client.get(f"/bantuan/usulan/baru/?keluarga={keluarga.pk}")
    assert resp.context["form"].initial["keluarga"] == keluarga


def test_kecamatan_filter_only_for_users_with_more_than_one_kecamatan(client, tksk_kanigaran, dinsos):
    client.force_login(tksk_kanigaran)
    assert 'name="kecamatan"' not in client.get("/bantuan/").content.decode()
    client.force_login(dinsos)
    assert 'name="kecamatan"' in client.get("/bantuan/").content.decode()


def test_quota_figures_use_indonesian_thousand_separators(client, dinsos, tksk_kanigaran, sembako):
    sembako.kuota_total = 12500
    sembako.save()
    u = usulan_status(sembako, keluarga_pmks(), S.DIAJUKAN, oleh=tksk_kanigaran)
    client.force_login(dinsos)
    assert "0 dari 12.500 (sisa 12.500)" in client.get(f"/bantuan/usulan/{u.pk}/").content.decode()
    html = client.get(f"/bantuan/program/{sembako.pk}/").content.decode()
    assert "12.500" in html and "12500" not in html
