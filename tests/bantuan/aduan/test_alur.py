"""The workflow's links: the verification visit links both ways; a granted sanggah against a
recipient deactivates that recipient (bantuan's own service) with the reason and history; the other
actions are linked; intake rules."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bantuan import choices as bc
from bantuan.aduan import choices as ac
from bantuan.aduan import services as svc
from bantuan.models import RiwayatStatusUsulan, Usulan
from pmks.pendampingan import choices as pc
from pmks.pendampingan.models import Kunjungan
from tests.bantuan.conftest import buat_program, keluarga_pmks, usulan_status
from tests.factories import wilayah

from .helpers import TELEPON, aduan_baru, aduan_pada

pytestmark = pytest.mark.django_db
S = ac.StatusAduan


def test_the_verification_visit_is_a_pendampingan_visit_linked_both_ways(client, tksk_kanigaran):
    keluarga = keluarga_pmks()
    aduan = aduan_baru(tksk_kanigaran, keluarga=keluarga)
    svc.aduan_verifikasi(aduan=aduan, oleh=tksk_kanigaran, tanggal=timezone.localdate(), hasil="Data lahir salah",
                         catatan="Dicek ke KK asli")
    aduan.refresh_from_db()
    kunjungan = aduan.kunjungan_verifikasi
    assert kunjungan.aduan == aduan  # the reverse link
    assert list(kunjungan.keluarga.all()) == [keluarga]
    assert kunjungan.jenis == pc.JenisKunjungan.PENDATAAN and kunjungan.dicatat_oleh == tksk_kanigaran
    assert aduan.kode_tiket in kunjungan.catatan and kunjungan.hasil == "Data lahir salah"
    client.force_login(tksk_kanigaran)
    assert f"/pmks/pendampingan/kunjungan/{kunjungan.pk}/" in client.get(f"/aduan/{aduan.pk}/").content.decode()
    halaman = client.get(f"/pmks/pendampingan/kunjungan/{kunjungan.pk}/").content.decode()
    assert f"/aduan/{aduan.pk}/" in halaman and aduan.kode_tiket in halaman


def test_a_person_not_registered_gets_a_visit_in_their_kelurahan_without_a_household(tksk_kanigaran):
    aduan = aduan_baru(
        tksk_kanigaran, jenis=ac.JenisAduan.USUL, kategori=ac.KategoriAduan.USUL_DAFTAR, subjek_nama="Mbah Karto",
        subjek_alamat="Jl. Semeru 4", kelurahan=wilayah("35.74.04.1002"),
    )
    assert aduan.keluarga is None and aduan.kelurahan.kode == "35.74.04.1002"
    svc.aduan_verifikasi(aduan=aduan, oleh=tksk_kanigaran, tanggal=timezone.localdate(), hasil="Lansia sebatang kara")
    kunjungan = Kunjungan.objects.get(aduan=aduan)
    assert kunjungan.kelurahan == aduan.kelurahan and not kunjungan.keluarga.exists()


def test_a_granted_sanggah_deactivates_the_recipient_with_the_reason_and_history(personas):
    tksk, dinsos = personas["tksk_kanigaran"], personas["dinsos"]
    program = buat_program("sembako-sanggah")
    keluarga = keluarga_pmks()
    penerima = usulan_status(program, keluarga, bc.StatusUsulan.DISETUJUI, oleh=tksk)
    aduan = aduan_baru(tksk, keluarga=keluarga, program=program, jenis=ac.JenisAduan.SANGGAH,
                       kategori=ac.KategoriAduan.SANGGAH_INKLUSI, uraian="Punya toko dan mobil.")
    assert aduan.usulan_terkait == penerima
    svc.aduan_verifikasi(aduan=aduan, oleh=tksk, tanggal=timezone.localdate(), hasil="Benar, punya toko besar.")
    svc.aduan_putuskan(aduan=aduan, oleh=dinsos, keputusan=ac.Keputusan.DIKABULKAN,
                       alasan="Tidak lagi memenuhi syarat desil.")
    with pytest.raises(ValidationError, match="Hanya Dinas Sosial"):
        svc.aduan_tindak_lanjuti(aduan=aduan, oleh=tksk, jenis=ac.JenisTindakLanjut.PENERIMA_DINONAKTIFKAN,
                                 keterangan="Nonaktifkan")
    svc.aduan_tindak_lanjuti(aduan=aduan, oleh=dinsos, jenis=ac.JenisTindakLanjut.PENERIMA_DINONAKTIFKAN,
                             keterangan="Dinonaktifkan mulai bulan depan.")
    penerima.refresh_from_db()
    assert penerima.status_penerima == bc.StatusPenerima.NONAKTIF
    assert penerima.alasan_nonaktif == bc.AlasanNonaktif.TIDAK_MEMENUHI
    assert aduan.kode_tiket in penerima.keterangan_nonaktif
    assert "Tidak lagi memenuhi syarat desil." in penerima.keterangan_nonaktif
    assert penerima.dinonaktifkan_oleh == dinsos
    riwayat = RiwayatStatusUsulan.objects.filter(usulan=penerima).order_by("-id").first()
    assert "Penerima dinonaktifkan" in riwayat.catatan and aduan.kode_tiket in riwayat.catatan
    aduan.refresh_from_db()
    assert aduan.status == S.DITINDAKLANJUTI and aduan.usulan_dinonaktifkan == penerima
    assert svc.aduan_selesaikan(aduan=aduan, oleh=dinsos).status == S.SELESAI


def test_a_sanggah_of_a_recipient_must_name_a_programme_the_household_receives(tksk_kanigaran):
    keluarga = keluarga_pmks()
    with pytest.raises(ValidationError, match="bukan penerima aktif"):
        aduan_baru(tksk_kanigaran, keluarga=keluarga, program=buat_program("lain"), jenis=ac.JenisAduan.SANGGAH,
                   kategori=ac.KategoriAduan.SANGGAH_INKLUSI)


def test_new_registration_and_proposal_actions_are_linked(personas):
    tksk, dinsos = personas["tksk_kanigaran"], personas["dinsos"]
    aduan = aduan_pada(S.DIPUTUSKAN, tksk=tksk, dinsos=dinsos, jenis=ac.JenisAduan.USUL,
                       kategori=ac.KategoriAduan.USUL_DAFTAR, keluarga=None, subjek_nama="Mbah Karto",
                       subjek_alamat="Jl. Semeru 4", kelurahan=wilayah("35.74.04.1003"))
    baru = keluarga_pmks()
    svc.aduan_tindak_lanjuti(aduan=aduan, oleh=tksk, jenis=ac.JenisTindakLanjut.PENDAFTARAN_BARU,
                             keterangan="Didaftarkan", keluarga_baru=baru)
    aduan.refresh_from_db()
    assert aduan.keluarga_baru == baru and aduan.keluarga == baru

    kedua = aduan_pada(S.DIPUTUSKAN, tksk=tksk, dinsos=dinsos, jenis=ac.JenisAduan.USUL,
                       kategori=ac.KategoriAduan.USUL_BANTUAN)
    lain = usulan_status(buat_program("usul-lain"), keluarga_pmks(), bc.StatusUsulan.DRAFT, oleh=tksk)
    with pytest.raises(ValidationError, match="bukan untuk keluarga"):
        svc.aduan_tindak_lanjuti(aduan=kedua, oleh=tksk, jenis=ac.JenisTindakLanjut.USULAN, keterangan="x",
                                 usulan_baru=lain)
    milik = usulan_status(buat_program("usul-milik"), kedua.keluarga, bc.StatusUsulan.DRAFT, oleh=tksk)
    svc.aduan_tindak_lanjuti(aduan=kedua, oleh=tksk, jenis=ac.JenisTindakLanjut.USULAN, keterangan="Diusulkan",
                             usulan_baru=milik)
    assert Usulan.objects.get(pk=milik.pk) == type(kedua).objects.get(pk=kedua.pk).usulan_baru


def test_a_rejected_complaint_is_not_acted_on_and_a_granted_one_is_not_closed_without_action(personas):
    tksk, dinsos = personas["tksk_kanigaran"], personas["dinsos"]
    ditolak = aduan_pada(S.DIPUTUSKAN, tksk=tksk, dinsos=dinsos, keputusan=ac.Keputusan.DITOLAK)
    with pytest.raises(ValidationError, match="ditolak tidak ditindaklanjuti"):
        svc.aduan_tindak_lanjuti(aduan=ditolak, oleh=dinsos, jenis=ac.JenisTindakLanjut.LAINNYA, keterangan="x")
    dikabulkan = aduan_pada(S.DIPUTUSKAN, tksk=tksk, dinsos=dinsos)
    with pytest.raises(ValidationError, match="setelah tindak lanjutnya"):
        svc.aduan_selesaikan(aduan=dikabulkan, oleh=dinsos)


def test_intake_rules(tksk_kanigaran, tksk_mayangan):
    with pytest.raises(ValidationError, match="anonim hanya"):
        aduan_baru(tksk_kanigaran, anonim=True)
    with pytest.raises(ValidationError, match="Nama pelapor wajib"):
        aduan_baru(tksk_kanigaran, pelapor_nama="")
    with pytest.raises(ValidationError, match="9–15 angka"):
        aduan_baru(tksk_kanigaran, pelapor_telepon="12ab")
    with pytest.raises(ValidationError, match="bukan bagian"):
        aduan_baru(tksk_kanigaran, kategori=ac.KategoriAduan.TERHENTI)
    with pytest.raises(PermissionDenied):
        aduan_baru(tksk_mayangan)  # a Kanigaran household
    anonim = aduan_baru(tksk_kanigaran, jenis=ac.JenisAduan.SANGGAH, kategori=ac.KategoriAduan.SANGGAH_EKSKLUSI,
                        anonim=True, pelapor_telepon="+62 812-3456-7890")
    assert anonim.pelapor_nama == "" and anonim.pelapor_telepon == TELEPON
    assert anonim.petugas == tksk_kanigaran and anonim.kode_tiket.startswith("ADU-")


def test_intake_by_dinsos_assigns_the_kecamatan_tksk(dinsos, tksk_kanigaran):
    assert aduan_baru(dinsos).petugas == tksk_kanigaran
