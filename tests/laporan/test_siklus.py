"""Lifecycle: draft → diajukan (snapshot + stored PDF) → diterima / dikembalikan → resubmitted."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from laporan import services
from laporan.models import LaporanBulanan, RiwayatStatusLaporan, StatusLaporan
from laporan.periode import Periode
from laporan.selectors import dokumen_laporan
from tests.factories import AnggotaFactory
from tests.laporan.conftest import KEL_KANIGARAN, isi_narasi, keluarga, versi_narasi
from tests.laporan.helpers import baris

NOVEMBER = Periode(date(2026, 11, 1))


@pytest.fixture
def kw(kec_kanigaran):
    return {"kecamatan": kec_kanigaran, "periode": NOVEMBER}


@pytest.mark.django_db
def test_tksk_saves_narrative_creating_the_draft(kw, tksk_kanigaran):
    isi_narasi(kw, tksk_kanigaran)
    lap = LaporanBulanan.objects.get(kecamatan=kw["kecamatan"], periode=NOVEMBER.awal)
    assert lap.status == StatusLaporan.DRAF and lap.kendala == "Satu TKSK untuk enam kelurahan."
    assert lap.penyusun == tksk_kanigaran and lap.snapshot is None


@pytest.mark.django_db
def test_submission_needs_a_narrative(kw, tksk_kanigaran):
    with pytest.raises(ValidationError, match="Isi narasi"):
        services.laporan_ajukan(**kw, oleh=tksk_kanigaran)
    assert not LaporanBulanan.objects.filter(status=StatusLaporan.DIAJUKAN).exists()


@pytest.mark.django_db
def test_submission_freezes_snapshot_and_stores_pdf_with_hash(dunia, kw, tksk_kanigaran):
    isi_narasi(kw, tksk_kanigaran)
    lap = services.laporan_ajukan(**kw, oleh=tksk_kanigaran, url_dasar="https://sidamping.contoh.go.id/")
    assert lap.status == StatusLaporan.DIAJUKAN
    assert lap.snapshot["narasi"]["kendala"] == "Satu TKSK untuk enam kelurahan."
    assert lap.snapshot["url_verifikasi"] == f"https://sidamping.contoh.go.id/laporan/verifikasi/{lap.kode_verifikasi}/"
    assert len(lap.kode_verifikasi) >= 20
    with lap.berkas_pdf.open("rb") as fh:
        pdf = fh.read()
    assert pdf.startswith(b"%PDF")
    import hashlib

    assert hashlib.sha256(pdf).hexdigest() == lap.sha256_pdf
    riwayat = RiwayatStatusLaporan.objects.get(laporan=lap)
    assert (riwayat.dari_status, riwayat.ke_status, riwayat.oleh) == ("draf", "diajukan", tksk_kanigaran)
    assert riwayat.sha256_pdf == lap.sha256_pdf


@pytest.mark.django_db
def test_frozen_snapshot_does_not_change_after_registry_edits(dunia, kw, tksk_kanigaran):
    isi_narasi(kw, tksk_kanigaran)
    lap = services.laporan_ajukan(**kw, oleh=tksk_kanigaran)
    sebelum = baris(lap.snapshot, "registri_ringkasan")["Kanigaran"]
    # Registry changes after submission: a new household with 3 members, one member added to K1.
    keluarga(KEL_KANIGARAN, jiwa=3, dibuat=NOVEMBER.mulai)
    AnggotaFactory(keluarga=dunia["k1"])
    lap.refresh_from_db()
    dok = dokumen_laporan(laporan=lap, **kw)
    assert baris(dok, "registri_ringkasan")["Kanigaran"] == sebelum == {**sebelum, "kk": 2, "jiwa": 5}
    assert dok["draf"] is False
    # ... while the live figures did move.
    live = dokumen_laporan(laporan=None, **kw)
    assert baris(live, "registri_ringkasan")["Kanigaran"]["kk"] == 3


@pytest.mark.django_db
def test_narrative_cannot_change_after_submission(kw, tksk_kanigaran):
    isi_narasi(kw, tksk_kanigaran)
    services.laporan_ajukan(**kw, oleh=tksk_kanigaran)
    with pytest.raises(ValidationError, match="diajukan"):
        services.laporan_simpan_narasi(
            **kw, oleh=tksk_kanigaran, versi=versi_narasi(**kw), kondisi_sosial="x", kendala="y",
            rencana_tindak_lanjut="z",
        )


@pytest.mark.django_db
def test_dinsos_accepts_a_submitted_report_and_pdf_stays_the_same(kw, tksk_kanigaran, dinsos):
    isi_narasi(kw, tksk_kanigaran)
    lap = services.laporan_ajukan(**kw, oleh=tksk_kanigaran)
    hash_awal = lap.sha256_pdf
    lap = services.laporan_terima(**kw, oleh=dinsos)
    assert lap.status == StatusLaporan.DITERIMA and lap.sha256_pdf == hash_awal
    with pytest.raises(ValidationError):
        services.laporan_kembalikan(**kw, oleh=dinsos, catatan="terlambat")


@pytest.mark.django_db
def test_return_requires_a_note_then_tksk_edits_and_resubmits_a_new_snapshot(dunia, kw, tksk_kanigaran, dinsos):
    isi_narasi(kw, tksk_kanigaran)
    lap = services.laporan_ajukan(**kw, oleh=tksk_kanigaran)
    kode, hash_1 = lap.kode_verifikasi, lap.sha256_pdf
    with pytest.raises(ValidationError, match="wajib"):
        services.laporan_kembalikan(**kw, oleh=dinsos, catatan="   ")
    services.laporan_kembalikan(**kw, oleh=dinsos, catatan="Lengkapi kendala per kelurahan.")
    services.laporan_simpan_narasi(
        **kw, oleh=tksk_kanigaran, versi=versi_narasi(**kw), kondisi_sosial="Kondusif.",
        kendala="Sukoharjo: data belum lengkap.",
        rencana_tindak_lanjut="Pendataan ulang.",
    )
    keluarga(KEL_KANIGARAN, jiwa=1, dibuat=NOVEMBER.mulai)
    lap = services.laporan_ajukan(**kw, oleh=tksk_kanigaran)
    assert lap.status == StatusLaporan.DIAJUKAN
    assert lap.snapshot["narasi"]["kendala"] == "Sukoharjo: data belum lengkap."
    assert baris(lap.snapshot, "registri_ringkasan")["Kanigaran"]["kk"] == 3
    assert lap.kode_verifikasi == kode and lap.sha256_pdf != hash_1
    assert list(lap.riwayat.values_list("ke_status", flat=True)) == ["diajukan", "dikembalikan", "diajukan"]
    assert lap.riwayat.get(ke_status="dikembalikan").catatan == "Lengkapi kendala per kelurahan."


@pytest.mark.django_db
def test_roles_allowed_per_transition(kw, tksk_kanigaran, tksk_mayangan, dinsos, pejabat_kota, pejabat_kanigaran):
    for orang in (dinsos, pejabat_kota, pejabat_kanigaran, tksk_mayangan):
        with pytest.raises(PermissionDenied):
            isi_narasi(kw, orang)
    isi_narasi(kw, tksk_kanigaran)
    for orang in (dinsos, pejabat_kota, tksk_mayangan):
        with pytest.raises(PermissionDenied):
            services.laporan_ajukan(**kw, oleh=orang)
    services.laporan_ajukan(**kw, oleh=tksk_kanigaran)
    for orang in (tksk_kanigaran, pejabat_kota, pejabat_kanigaran):
        with pytest.raises(PermissionDenied):
            services.laporan_terima(**kw, oleh=orang)
        with pytest.raises(PermissionDenied):
            services.laporan_kembalikan(**kw, oleh=orang, catatan="x")
    assert services.laporan_terima(**kw, oleh=dinsos).status == StatusLaporan.DITERIMA


@pytest.mark.django_db
def test_accepting_a_draft_is_refused(kw, tksk_kanigaran, dinsos):
    with pytest.raises(ValidationError, match="belum diajukan"):
        services.laporan_terima(**kw, oleh=dinsos)
    isi_narasi(kw, tksk_kanigaran)
    with pytest.raises(ValidationError, match="draf"):
        services.laporan_terima(**kw, oleh=dinsos)


@pytest.mark.django_db
def test_future_month_cannot_be_written(kec_kanigaran, tksk_kanigaran):
    with pytest.raises(ValidationError, match="belum berjalan"):
        isi_narasi({"kecamatan": kec_kanigaran, "periode": Periode(date(2099, 1, 1))}, tksk_kanigaran)
