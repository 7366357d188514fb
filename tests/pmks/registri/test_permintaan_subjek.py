"""UU 27/2022 PDP: data subjects' requests — deadline and overdue, the access PDF (one access-log
row), a linked correction, erasure as anonymisation that keeps report figures, withdrawal, roles
and scope (issue #15, "Data-subject requests")."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from bantuan import choices as bc
from bantuan.models import Usulan
from bantuan.services.usulan import snapshot_keluarga
from laporan.models import LaporanBulanan, StatusLaporan, buat_kode_verifikasi
from laporan.periode import Periode
from laporan.selectors import angka_laporan
from pmks.models import AksesData, Anggota, JenisAkses, Keluarga, PermintaanSubjekData
from pmks.pendampingan.models import FotoKunjungan
from pmks.registri import pdp
from pmks.registri import permintaan as pm
from tests.bantuan.conftest import buat_program, keluarga_pmks, usulan_status
from tests.conftest import KODE
from tests.factories import AnggotaFactory, wilayah
from tests.pmks.pendampingan.test_pendampingan_bantu import foto_uji, kunjungan
from tests.simpan_aman import dengan_token

pytestmark = pytest.mark.django_db
J = pm.J


def _pdf_teks(resp) -> str:
    isi = b"".join(resp.streaming_content) if resp.streaming else resp.content
    return "\n".join(h.extract_text() for h in PdfReader(io.BytesIO(isi)).pages)


def _catat(user, keluarga, jenis, anggota=None, **kw):
    return pm.permintaan_catat(user=user, keluarga=keluarga, jenis=jenis, anggota=anggota,
                               nama_pemohon="Wulan (subjek)", **kw)


# --- Deadline and overdue -------------------------------------------------------------------------
@pytest.mark.parametrize("jenis", list(J.values))
def test_request_deadline_is_three_days_after_receipt_by_default(tksk_kanigaran, jenis):
    k = keluarga_pmks()
    p = _catat(tksk_kanigaran, k, jenis)
    assert p.tenggat - p.diterima_pada == timedelta(days=3)
    assert p.dicatat_oleh == tksk_kanigaran and p.status == "diterima"
    assert list(p.riwayat.values_list("ke", flat=True)) == ["diterima"]


def test_request_deadline_per_kind_is_configurable(tksk_kanigaran, settings):
    settings.SIDAMPING_TENGGAT_PERMINTAAN_PDP = {"penghapusan": 14}
    k = keluarga_pmks()
    assert _catat(tksk_kanigaran, k, J.PENGHAPUSAN).tenggat - timezone.now() > timedelta(days=13)
    p = _catat(tksk_kanigaran, k, J.AKSES)
    assert p.tenggat - p.diterima_pada == timedelta(days=3)


def test_overdue_request_is_shown_overdue_until_answered(client, tksk_kanigaran):
    k = keluarga_pmks()
    lama = _catat(tksk_kanigaran, k, J.AKSES, diterima_pada=timezone.now() - timedelta(days=4))
    baru = _catat(tksk_kanigaran, k, J.PERBAIKAN)
    assert pm.terlambat(lama) and not pm.terlambat(baru)
    client.force_login(tksk_kanigaran)
    html = client.get("/pmks/permintaan-data/").content.decode()
    baris = {p.pk: html.split(f'data-testid="permintaan-{p.pk}"')[1].split("</tr>")[0] for p in (lama, baru)}
    assert 'data-testid="terlambat"' in baris[lama.pk] and 'data-testid="terlambat"' not in baris[baru.pk]
    assert 'data-testid="terlambat"' in client.get(f"/pmks/permintaan-data/{lama.pk}/").content.decode()
    pm.permintaan_tolak(user=tksk_kanigaran, permintaan=lama, alasan="Pemohon bukan subjek data")
    lama.refresh_from_db()
    assert not pm.terlambat(lama)


def test_request_is_recorded_from_the_household_page_once_per_form(client, tksk_kanigaran):
    k = keluarga_pmks()
    url = f"/pmks/keluarga/{k.pk}/permintaan-data/"
    client.force_login(tksk_kanigaran)
    data = dengan_token(tksk_kanigaran, url, {"jenis": "akses", "anggota": str(k.kepala_uji.pk),
                                              "nama_pemohon": "Budi", "uraian": "Minta salinan data"})
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double tap: the same record
    p = PermintaanSubjekData.objects.get()
    assert (p.jenis, p.anggota_id, p.nama_pemohon) == ("akses", k.kepala_uji.pk, "Budi")


# --- Roles and scope ------------------------------------------------------------------------------
def test_tksk_of_another_kecamatan_gets_404_and_pejabat_403_on_a_request(client, personas, tksk_kanigaran):
    k = keluarga_pmks()
    p = _catat(tksk_kanigaran, k, J.AKSES)
    client.force_login(personas["tksk_mayangan"])
    for url in (f"/pmks/permintaan-data/{p.pk}/", f"/pmks/permintaan-data/{p.pk}/data-pribadi.pdf",
                f"/pmks/permintaan-data/{p.pk}/jawab/", f"/pmks/keluarga/{k.pk}/permintaan-data/"):
        assert client.get(url).status_code == 404, url
    assert f"permintaan-{p.pk}" not in client.get("/pmks/permintaan-data/").content.decode()
    client.force_login(personas["pejabat_kota"])
    assert client.get(f"/pmks/permintaan-data/{p.pk}/").status_code == 200
    assert client.get(f"/pmks/permintaan-data/{p.pk}/data-pribadi.pdf").status_code == 403
    assert client.post(f"/pmks/permintaan-data/{p.pk}/jawab/", {"jawaban": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        _catat(personas["tksk_mayangan"], k, J.AKSES)


def test_dinas_sosial_answers_requests_of_the_whole_kota(dinsos, tksk_kanigaran):
    k = keluarga_pmks(KODE["kel_mayangan"])
    p = _catat(dinsos, k, J.PENARIKAN)
    pm.permintaan_selesaikan(user=dinsos, permintaan=p, jawaban="Dicatat")
    assert pdp.keluarga_dibatasi(k)


# --- Access: the PDF ------------------------------------------------------------------------------
def test_access_pdf_contains_everything_held_on_the_person_and_writes_one_access_log_row(client, tksk_kanigaran):
    k = keluarga_pmks()
    orang = AnggotaFactory(keluarga=k, nama="Wulandari Kusumaningtyas", tempat_lahir="Kraksaan")
    kunjungan(k, tanggal=date(2026, 3, 1), oleh=tksk_kanigaran)
    program = buat_program("sembako-akses")
    usulan_status(program, k, bc.StatusUsulan.DIAJUKAN, oleh=tksk_kanigaran)
    p = _catat(tksk_kanigaran, k, J.AKSES, anggota=orang)
    client.force_login(tksk_kanigaran)
    sebelum = AksesData.objects.count()
    resp = client.get(f"/pmks/permintaan-data/{p.pk}/data-pribadi.pdf")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    teks = _pdf_teks(resp)
    for isi in (orang.nik, "Wulandari Kusumaningtyas", "Kraksaan", k.no_kk, "Fakir Miskin", "Kunjungan",
                program.nama):
        assert isi in teks.replace("\n", " "), isi
    assert k.kepala_uji.nik not in teks  # another member's data is not the subject's
    assert AksesData.objects.count() == sebelum + 1
    log = AksesData.objects.latest("pada")
    assert (log.jenis, log.keluarga_id, log.oleh) == (JenisAkses.EKSPOR, k.pk, tksk_kanigaran)


def test_access_request_is_closed_only_after_its_pdf_was_downloaded(client, tksk_kanigaran):
    k = keluarga_pmks()
    p = _catat(tksk_kanigaran, k, J.AKSES)
    with pytest.raises(ValidationError, match="Unduh dulu PDF"):
        pm.permintaan_selesaikan(user=tksk_kanigaran, permintaan=p, jawaban="")
    client.force_login(tksk_kanigaran)
    client.get(f"/pmks/permintaan-data/{p.pk}/data-pribadi.pdf")
    resp = client.post(f"/pmks/permintaan-data/{p.pk}/jawab/", {"jawaban": "Diserahkan langsung"})
    assert resp.status_code == 302
    p.refresh_from_db()
    assert (p.status, p.diselesaikan_oleh, p.jawaban) == ("selesai", tksk_kanigaran, "Diserahkan langsung")
    assert list(p.riwayat.values_list("dari", "ke")) == [("", "diterima"), ("diterima", "selesai")]
    with pytest.raises(ValidationError, match="sudah berstatus"):
        pm.permintaan_tolak(user=tksk_kanigaran, permintaan=p, alasan="x")


def test_the_pdf_is_only_for_access_requests(client, tksk_kanigaran):
    p = _catat(tksk_kanigaran, keluarga_pmks(), J.PERBAIKAN)
    client.force_login(tksk_kanigaran)
    assert client.get(f"/pmks/permintaan-data/{p.pk}/data-pribadi.pdf").status_code == 404


# --- Correction -----------------------------------------------------------------------------------
def test_correction_request_is_closed_with_a_link_to_the_recorded_edit(client, tksk_kanigaran):
    from tests.korpus.daftar import data_keluarga_ubah

    k = keluarga_pmks()
    p = _catat(tksk_kanigaran, k, J.PERBAIKAN, uraian="Alamat salah")
    with pytest.raises(ValidationError, match="Belum ada perbaikan"):
        pm.permintaan_selesaikan(user=tksk_kanigaran, permintaan=p, jawaban="")
    client.force_login(tksk_kanigaran)
    data = data_keluarga_ubah(k)
    data["versi"] = str(Keluarga.objects.get(pk=k.pk).versi)
    assert client.post(f"/pmks/keluarga/{k.pk}/ubah/", data).status_code == 302
    pm.permintaan_selesaikan(user=tksk_kanigaran, permintaan=p, jawaban="Alamat diperbaiki")
    p.refresh_from_db()
    assert p.status == "selesai" and p.perbaikan_pada is not None and p.perbaikan_pada > p.diterima_pada
    assert "perubahan data" in client.get(f"/pmks/permintaan-data/{p.pk}/").content.decode()


# --- Withdrawal -----------------------------------------------------------------------------------
def test_withdrawal_request_answered_restricts_the_household(tksk_kanigaran):
    k = keluarga_pmks()
    p = _catat(tksk_kanigaran, k, J.PENARIKAN, uraian="Tidak bersedia lagi")
    assert not pdp.keluarga_dibatasi(k)
    pm.permintaan_selesaikan(user=tksk_kanigaran, permintaan=p, jawaban="")
    assert pdp.keluarga_dibatasi(k)
    assert k.penarikan_persetujuan.alasan == "Tidak bersedia lagi"


# --- Erasure = anonymisation ----------------------------------------------------------------------
def _tabel_yang_memuat(teks: str) -> list[str]:
    """Every table (partitions included) with a row whose text form contains ``teks``."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'"
        )
        tabel = [r[0] for r in cur.fetchall()]
        hasil = []
        for t in tabel:
            cur.execute(f"SELECT 1 FROM {t} x WHERE x::text LIKE %s LIMIT 1", [f"%{teks}%"])
            if cur.fetchone():
                hasil.append(t)
    return hasil


@pytest.fixture
def keluarga_lengkap(tksk_kanigaran):
    """A household with a named member, a visit that names her, a photo, and a frozen approval record."""
    k = keluarga_pmks()
    orang = AnggotaFactory(keluarga=k, nama="Wulandari Kusumaningtyas", tempat_lahir="Kraksaan")
    kj = kunjungan(k, tanggal=date(2026, 3, 1), oleh=tksk_kanigaran)
    kj.catatan = "Wulandari Kusumaningtyas jarang sekolah"
    kj.save()
    FotoKunjungan.objects.create(kunjungan=kj, berkas=foto_uji(), diunggah_oleh=tksk_kanigaran)
    u = usulan_status(buat_program("sembako-hapus"), k, bc.StatusUsulan.DITOLAK, oleh=tksk_kanigaran)
    Usulan.objects.filter(pk=u.pk).update(data_keluarga_beku=snapshot_keluarga(k))
    return k, Anggota.objects.get(pk=orang.pk)


def test_anonymising_a_person_removes_nik_and_name_everywhere_history_included(client, tksk_kanigaran,
                                                                               keluarga_lengkap):
    k, orang = keluarga_lengkap
    nik_lama = orang.nik
    assert _tabel_yang_memuat(nik_lama)  # the NIK is in the member row, its history, the frozen record
    p = _catat(tksk_kanigaran, k, J.PENGHAPUSAN, anggota=orang)
    pm.permintaan_selesaikan(user=tksk_kanigaran, permintaan=p, jawaban="Dianonimkan")
    assert _tabel_yang_memuat(nik_lama) == []
    assert _tabel_yang_memuat("Wulandari") == []
    assert _tabel_yang_memuat("Kraksaan") == []
    orang.refresh_from_db()
    assert orang.nik.startswith("00") and orang.nama == "Dianonimkan" and orang.tanggal_lahir.year == 2008
    assert orang.status == "aktif"  # still counted
    client.force_login(tksk_kanigaran)
    html = client.get(f"/pmks/?q={nik_lama}&status=semua").content.decode()
    assert f'href="/pmks/keluarga/{k.pk}/"' not in html
    # The other members and the household stay as they were.
    k.refresh_from_db()
    assert not k.no_kk.startswith("00") and Anggota.objects.get(pk=k.kepala_uji.pk).nik == k.kepala_uji.nik
    assert FotoKunjungan.objects.filter(kunjungan__keluarga=k).exists()


def test_anonymising_a_whole_household_removes_no_kk_address_and_photos(tksk_kanigaran, keluarga_lengkap):
    k, orang = keluarga_lengkap
    lama = [k.no_kk, k.alamat, k.kepala_uji.nik, orang.nik]
    foto = FotoKunjungan.objects.get(kunjungan__keluarga=k)
    berkas = foto.berkas.path
    p = _catat(tksk_kanigaran, k, J.PENGHAPUSAN)
    pm.permintaan_selesaikan(user=tksk_kanigaran, permintaan=p, jawaban="")
    for teks in lama:
        assert _tabel_yang_memuat(teks) == [], teks
    assert not FotoKunjungan.objects.filter(kunjungan__keluarga=k).exists()
    import os

    assert not os.path.exists(berkas)
    with pytest.raises(ValidationError, match="sudah dianonimkan"):
        pm.anonimkan(user=tksk_kanigaran, keluarga=k)


def test_anonymisation_keeps_report_figures_and_frozen_reports_unchanged(tksk_kanigaran, keluarga_lengkap):
    k, orang = keluarga_lengkap
    kec = wilayah(KODE["kanigaran"])
    periode = Periode(timezone.localdate().replace(day=1))
    sebelum = angka_laporan(kecamatan=kec, periode=periode)
    sebelum.pop("dihitung_pada")
    registri_sebelum = next(b for b in sebelum["bagian"] if b["kode"] == "registri")
    assert registri_sebelum  # households/persons by kelurahan, PMKS by jenis
    beku = LaporanBulanan.objects.create(
        kecamatan=kec, periode=periode.awal, penyusun=tksk_kanigaran, status=StatusLaporan.DIAJUKAN,
        kode_verifikasi=buat_kode_verifikasi(), snapshot={"bagian": sebelum["bagian"]},
    )
    p = _catat(tksk_kanigaran, k, J.PENGHAPUSAN)
    pm.permintaan_selesaikan(user=tksk_kanigaran, permintaan=p, jawaban="")
    sesudah = angka_laporan(kecamatan=kec, periode=periode)
    sesudah.pop("dihitung_pada")
    assert next(b for b in sesudah["bagian"] if b["kode"] == "registri") == registri_sebelum
    assert sesudah == sebelum  # every section of the month: registry, aid, pendampingan, coverage
    beku.refresh_from_db()
    assert beku.snapshot == {"bagian": sebelum["bagian"]}


def test_anonymising_an_active_aid_recipient_needs_dinas_sosial_confirmation(tksk_kanigaran, dinsos):
    k = keluarga_pmks()
    u = usulan_status(buat_program("sembako-aktif"), k, bc.StatusUsulan.DISETUJUI, oleh=tksk_kanigaran)
    Usulan.objects.filter(pk=u.pk).update(data_keluarga_beku=snapshot_keluarga(k))
    nik_lama = k.kepala_uji.nik
    p = _catat(tksk_kanigaran, k, J.PENGHAPUSAN, anggota=k.kepala_uji)
    with pytest.raises(ValidationError, match="penerima bantuan aktif"):
        pm.permintaan_selesaikan(user=tksk_kanigaran, permintaan=p, jawaban="")
    with pytest.raises(PermissionDenied, match="hanya Dinas Sosial"):
        pm.permintaan_selesaikan(user=tksk_kanigaran, permintaan=p, jawaban="", konfirmasi_dinsos=True)
    assert Anggota.objects.get(pk=k.kepala_uji.pk).nik == nik_lama  # nothing happened
    pm.permintaan_selesaikan(user=dinsos, permintaan=p, jawaban="Dikonfirmasi", konfirmasi_dinsos=True)
    u.refresh_from_db()
    assert nik_lama not in str(u.data_keluarga_beku)
    assert u.data_keluarga_beku["anggota"][0]["nama"] == "Dianonimkan"
    assert Usulan.objects.filter(pk=u.pk).penerima_aktif().exists()  # the aid itself stays accounted for


def test_the_confirmation_box_is_offered_to_dinas_sosial_only(client, tksk_kanigaran, dinsos):
    p = _catat(tksk_kanigaran, keluarga_pmks(), J.PENGHAPUSAN)
    client.force_login(tksk_kanigaran)
    assert "konfirmasi_dinsos" not in client.get(f"/pmks/permintaan-data/{p.pk}/jawab/").content.decode()
    client.force_login(dinsos)
    assert "konfirmasi_dinsos" in client.get(f"/pmks/permintaan-data/{p.pk}/jawab/").content.decode()


def test_household_with_an_anonymised_member_can_still_be_edited(client, tksk_kanigaran, keluarga_lengkap):
    from tests.korpus.daftar import _anggota_ada
    from tests.pmks.helpers import data_form

    k, orang = keluarga_lengkap
    pm.anonimkan(user=tksk_kanigaran, keluarga=k, anggota=orang)
    client.force_login(tksk_kanigaran)
    html = client.get(f"/pmks/keluarga/{k.pk}/ubah/").content.decode()
    assert "Dianonimkan" not in html  # the placeholder is not offered for editing
    k = Keluarga.objects.get(pk=k.pk)
    baris = [_anggota_ada(a) for a in k.anggota.aktif().exclude(pk=orang.pk).order_by("id")]
    data = data_form(kelurahan_id=k.kelurahan_id, anggota=baris, awal=len(baris), versi=str(k.versi))
    data.pop("no_kk")
    resp = client.post(f"/pmks/keluarga/{k.pk}/ubah/", data)
    assert resp.status_code == 302, re.findall(r'(?:invalid-feedback|alert)[^>]*>\s*(.{0,200})', resp.content.decode())
    assert Anggota.objects.get(pk=orang.pk).nama == "Dianonimkan"
