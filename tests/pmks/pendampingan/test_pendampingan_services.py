"""Pendampingan writes: visits with follow-ups and photos, group sessions, referrals, PSKS; the
visit form on the web (validation errors keep the typed data)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pmks.pendampingan import choices as pc
from pmks.pendampingan import services
from pmks.pendampingan.models import FotoKunjungan, Kunjungan, RencanaTindakLanjut, Rujukan
from tests.factories import AnggotaFactory, KeluargaFactory, wilayah
from tests.pmks.pendampingan.test_pendampingan_bantu import foto_uji, psks, rujukan
from tests.simpan_aman import token_untuk


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def keluarga(kel_kanigaran):
    return KeluargaFactory(kelurahan=kel_kanigaran)


@pytest.mark.django_db
def test_visit_with_follow_up_date_creates_open_follow_up(keluarga, tksk_kanigaran):
    hari_ini = timezone.localdate()
    kj = services.kunjungan_catat(
        oleh=tksk_kanigaran, keluarga=[keluarga], tanggal=hari_ini, jenis=pc.JenisKunjungan.ASESMEN,
        peran=[pc.PeranTKSK.IDENTIFIKATOR, pc.PeranTKSK.IDENTIFIKATOR], hasil="Layak diusulkan PKH",
        tanggal_tindak_lanjut=hari_ini + timedelta(days=7), rencana_tindak_lanjut="Antar ke Puskesmas",
        foto=[foto_uji(), foto_uji("b.jpg", "JPEG")],
    )
    assert kj.peran == ["identifikator"]
    assert kj.kelurahan == keluarga.kelurahan
    item = RencanaTindakLanjut.objects.get(keluarga=keluarga)
    assert (item.uraian, item.status) == ("Antar ke Puskesmas", "terbuka")
    assert item.batas_waktu == hari_ini + timedelta(days=7)
    assert kj.foto.count() == 2
    # Stored under a random name, never the uploaded one.
    assert all("foto" not in f.berkas.name.rsplit("/", 1)[-1] for f in kj.foto.all())


@pytest.mark.django_db
def test_tksk_cannot_record_visit_for_household_of_other_kecamatan(keluarga, tksk_mayangan):
    with pytest.raises(PermissionDenied, match="luar wilayah"):
        services.kunjungan_catat(
            oleh=tksk_mayangan, keluarga=[keluarga], tanggal=timezone.localdate(), jenis=pc.JenisKunjungan.ASESMEN
        )
    assert not Kunjungan.objects.exists()


@pytest.mark.django_db
def test_dinsos_cannot_record_visits(keluarga, dinsos):
    with pytest.raises(PermissionDenied, match="tidak berwenang"):
        services.kunjungan_catat(
            oleh=dinsos, keluarga=[keluarga], tanggal=timezone.localdate(), jenis=pc.JenisKunjungan.ASESMEN
        )


@pytest.mark.django_db
def test_visit_in_the_future_or_follow_up_before_visit_is_refused(keluarga, tksk_kanigaran):
    hari_ini = timezone.localdate()
    with pytest.raises(ValidationError, match="masa depan"):
        services.kunjungan_catat(oleh=tksk_kanigaran, keluarga=[keluarga], tanggal=hari_ini + timedelta(days=1),
                                 jenis=pc.JenisKunjungan.ASESMEN)
    with pytest.raises(ValidationError, match="sebelum tanggal kegiatan"):
        services.kunjungan_catat(oleh=tksk_kanigaran, keluarga=[keluarga], tanggal=hari_ini,
                                 jenis=pc.JenisKunjungan.ASESMEN, tanggal_tindak_lanjut=hari_ini - timedelta(days=1))


@pytest.mark.django_db
def test_group_session_needs_two_households_of_one_kecamatan(keluarga, tksk_kanigaran, kel_sukoharjo, admin_user,
                                                             kel_mayangan):
    hari_ini = timezone.localdate()
    with pytest.raises(ValidationError, match="minimal dua"):
        services.kunjungan_catat(oleh=tksk_kanigaran, keluarga=[keluarga], tanggal=hari_ini,
                                 jenis=pc.JenisKunjungan.BIMBINGAN_KELOMPOK)
    lain = KeluargaFactory(kelurahan=kel_sukoharjo)
    kj = services.kunjungan_catat(oleh=tksk_kanigaran, keluarga=[keluarga, lain], tanggal=hari_ini,
                                  jenis=pc.JenisKunjungan.BIMBINGAN_KELOMPOK, tanggal_tindak_lanjut=hari_ini)
    assert set(kj.keluarga.all()) == {keluarga, lain}
    assert RencanaTindakLanjut.objects.filter(kunjungan=kj).count() == 2
    jauh = KeluargaFactory(kelurahan=kel_mayangan)
    with pytest.raises(ValidationError, match="kecamatan yang sama"):
        services.kunjungan_catat(oleh=admin_user, keluarga=[keluarga, jauh], tanggal=hari_ini,
                                 jenis=pc.JenisKunjungan.BIMBINGAN_KELOMPOK)


@pytest.mark.django_db
def test_fake_image_is_rejected_and_nothing_is_saved(keluarga, tksk_kanigaran):
    palsu = SimpleUploadedFile("foto.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.kunjungan_catat(oleh=tksk_kanigaran, keluarga=[keluarga], tanggal=timezone.localdate(),
                                 jenis=pc.JenisKunjungan.ASESMEN, foto=[palsu])
    assert not Kunjungan.objects.exists()
    assert not FotoKunjungan.objects.exists()


@pytest.mark.django_db
def test_follow_up_can_be_closed_once(keluarga, tksk_kanigaran):
    item = services.tindak_lanjut_tambah(
        keluarga=keluarga, oleh=tksk_kanigaran, uraian="Cek KIS", batas_waktu=date(2026, 3, 1)
    )
    services.tindak_lanjut_selesaikan(item=item, oleh=tksk_kanigaran, catatan="KIS sudah aktif")
    item.refresh_from_db()
    assert item.status == "selesai" and item.diselesaikan_oleh == tksk_kanigaran
    with pytest.raises(ValidationError, match="sudah berstatus selesai"):
        services.tindak_lanjut_batalkan(item=item, oleh=tksk_kanigaran, catatan="salah")


@pytest.mark.django_db
def test_referral_moves_only_along_allowed_transitions_with_history(keluarga, tksk_kanigaran, kel_kanigaran):
    anak = AnggotaFactory(keluarga=keluarga)
    tujuan = psks(kel_kanigaran, oleh=tksk_kanigaran, nama="LKS Bina Sejahtera", jenis=pc.JenisPSKS.LKS)
    rj = services.rujukan_buat(oleh=tksk_kanigaran, keluarga=keluarga, anggota=anak, kategori=pc.KategoriRujukan.LKS,
                               psks=tujuan, alasan="Anak putus sekolah", tanggal=timezone.localdate())
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        services.rujukan_ubah_status(rujukan=rj, oleh=tksk_kanigaran, versi=_versi(rj), status=pc.StatusRujukan.SELESAI)
    services.rujukan_ubah_status(rujukan=rj, oleh=tksk_kanigaran, versi=_versi(rj), status=pc.StatusRujukan.DITERIMA)
    services.rujukan_ubah_status(rujukan=rj, oleh=tksk_kanigaran, versi=_versi(rj), status=pc.StatusRujukan.SELESAI,
                                 hasil="Kembali sekolah lewat kejar paket")
    rj.refresh_from_db()
    assert rj.status == "selesai" and rj.hasil == "Kembali sekolah lewat kejar paket"
    assert [(r.dari_status, r.ke_status) for r in rj.riwayat.all()] == [
        ("", "dikirim"), ("dikirim", "diterima"), ("diterima", "selesai")
    ]
    with pytest.raises(ValidationError):
        services.rujukan_ubah_status(
            rujukan=rj, oleh=tksk_kanigaran, versi=_versi(rj), status=pc.StatusRujukan.DITOLAK, catatan="x"
        )


@pytest.mark.django_db
def test_referral_needs_a_destination_and_member_of_the_household(keluarga, tksk_kanigaran):
    with pytest.raises(ValidationError, match="tujuan"):
        services.rujukan_buat(oleh=tksk_kanigaran, keluarga=keluarga, kategori=pc.KategoriRujukan.KESEHATAN,
                              alasan="Sakit", tanggal=timezone.localdate())
    orang_lain = AnggotaFactory(keluarga=KeluargaFactory(kelurahan=keluarga.kelurahan))
    with pytest.raises(ValidationError, match="bukan anggota"):
        services.rujukan_buat(oleh=tksk_kanigaran, keluarga=keluarga, anggota=orang_lain, tujuan_lain="Puskesmas",
                              kategori=pc.KategoriRujukan.KESEHATAN, alasan="Sakit", tanggal=timezone.localdate())
    assert not Rujukan.objects.exists()


@pytest.mark.django_db
def test_rejecting_a_referral_needs_a_reason(keluarga, tksk_kanigaran):
    rj = rujukan(keluarga, oleh=tksk_kanigaran)
    with pytest.raises(ValidationError, match="alasan penolakan"):
        services.rujukan_ubah_status(rujukan=rj, oleh=tksk_kanigaran, versi=_versi(rj), status=pc.StatusRujukan.DITOLAK)


@pytest.mark.django_db
def test_tksk_cannot_register_psks_in_other_kecamatan(tksk_mayangan, kel_kanigaran):
    with pytest.raises(PermissionDenied, match="luar wilayah"):
        services.psks_simpan(oleh=tksk_mayangan, nama="Tagana", jenis=pc.JenisPSKS.TAGANA, kelurahan=kel_kanigaran)


def _versi(rj: Rujukan) -> int:
    return Rujukan.objects.get(pk=rj.pk).versi


# --- web -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_visit_form_keeps_typed_text_after_validation_error(client, keluarga, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    url = f"/pmks/pendampingan/keluarga/{keluarga.pk}/kunjungan/tambah/"
    resp = client.get(url)
    html = resp.content.decode()
    # Camera and gallery both offered (no forced capture); the photo is downscaled in the browser.
    assert 'accept="image/*"' in html and "capture=" not in html and "data-foto-kecil" in html
    resp = client.post(url, {
        "token_formulir": token_untuk(tksk_kanigaran, url),
        "tanggal": "", "jenis": "asesmen", "catatan": "Atap bocor, anak belum sekolah",
        "hasil": "Perlu RTLH", "rencana_tindak_lanjut": "Foto rumah untuk usulan",
    })
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Atap bocor, anak belum sekolah" in html
    assert 'value="Foto rumah untuk usulan"' in html
    assert "Isi tanggal tindak lanjut" in html
    assert not Kunjungan.objects.exists()


@pytest.mark.django_db
def test_visit_form_saves_and_redirects_to_the_visit(client, keluarga, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    hari_ini = timezone.localdate()
    url = f"/pmks/pendampingan/keluarga/{keluarga.pk}/kunjungan/tambah/"
    resp = client.post(url, {
        "token_formulir": token_untuk(tksk_kanigaran, url),
        "tanggal": hari_ini.isoformat(), "jenis": "bimbingan_perorangan", "peran": ["pembimbing", "mediator"],
        "hasil": "Sepakat ikut KUBE", "tanggal_tindak_lanjut": (hari_ini + timedelta(days=3)).isoformat(),
        "foto": [foto_uji()],
    })
    kj = Kunjungan.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/pmks/pendampingan/kunjungan/{kj.pk}/"
    assert kj.peran == ["pembimbing", "mediator"] and kj.foto.count() == 1
    foto = client.get(f"/pmks/pendampingan/foto/{kj.foto.get().pk}/")
    assert foto.status_code == 200 and foto["Cache-Control"].startswith("private")


@pytest.mark.django_db
def test_group_visit_form_only_offers_households_of_the_same_kelurahan(client, keluarga, tksk_kanigaran, kel_sukoharjo):
    tetangga = KeluargaFactory(kelurahan=keluarga.kelurahan)
    jauh = KeluargaFactory(kelurahan=kel_sukoharjo)
    client.force_login(tksk_kanigaran)
    form = client.get(f"/pmks/pendampingan/keluarga/{keluarga.pk}/kunjungan/tambah/").context["form"]
    pilihan = set(form.fields["keluarga_lain"].queryset)
    assert tetangga in pilihan and jauh not in pilihan and keluarga not in pilihan
    assert wilayah("35.74.04.1003") == keluarga.kelurahan
