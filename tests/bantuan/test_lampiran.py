"""Attachments and evidence photos: type checked by content, size capped, served only in scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from bantuan import choices as c
from bantuan.models import LampiranUsulan, Usulan
from bantuan.services import penyaluran as penyaluran_svc
from bantuan.services import usulan as usulan_svc
from tests.simpan_aman import token_untuk
from tksk import berkas

from .berkas_uji import jpeg, pdf, png
from .conftest import usulan_status

S = c.StatusUsulan
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def draft(sembako, keluarga, tksk_kanigaran):
    return usulan_status(sembako, keluarga, S.DRAFT, oleh=tksk_kanigaran)


def test_real_photo_and_pdf_are_accepted_with_detected_type(draft, tksk_kanigaran):
    a = usulan_svc.lampiran_tambah(usulan=draft, oleh=tksk_kanigaran, berkas=png(), jenis="foto_rumah")
    b = usulan_svc.lampiran_tambah(usulan=draft, oleh=tksk_kanigaran, berkas=pdf(), jenis="berita_acara")
    assert (a.tipe_konten, b.tipe_konten) == ("image/png", "application/pdf")
    assert a.berkas.name.startswith("privat/bantuan/lampiran/") and "rumah" not in a.berkas.name


def test_wrong_type_is_refused(draft, tksk_kanigaran):
    exe = SimpleUploadedFile("dokumen.pdf", b"MZ\x90\x00 this is not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="Jenis berkas tidak diizinkan"):
        usulan_svc.lampiran_tambah(usulan=draft, oleh=tksk_kanigaran, berkas=exe, jenis="dokumen")
    assert not LampiranUsulan.objects.exists()


def test_text_file_renamed_to_jpg_is_not_an_image(draft, tksk_kanigaran):
    palsu = SimpleUploadedFile("rumah.jpg", b"\xff\xd8\xff\xe0 bukan jpeg sungguhan" * 10, content_type="image/jpeg")
    with pytest.raises(ValidationError):
        usulan_svc.lampiran_tambah(usulan=draft, oleh=tksk_kanigaran, berkas=palsu, jenis="foto_rumah")
    with pytest.raises(ValidationError, match="bukan foto yang sah"):
        berkas.periksa_gambar(SimpleUploadedFile("x.png", b"halo", content_type="image/png"))


def test_truncated_image_is_refused():
    asli = jpeg().read()
    with pytest.raises(ValidationError):
        berkas.periksa_gambar(SimpleUploadedFile("potong.jpg", asli[: len(asli) // 2], content_type="image/jpeg"))


def test_too_large_file_is_refused(draft, tksk_kanigaran, monkeypatch):
    monkeypatch.setattr(berkas, "BATAS_UKURAN", 100)
    with pytest.raises(ValidationError, match="terlalu besar"):
        usulan_svc.lampiran_tambah(usulan=draft, oleh=tksk_kanigaran, berkas=png(ukuran=(64, 64)), jenis="foto")


def test_default_size_limit_is_five_megabytes():
    besar = SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError, match="Batas ukuran 5,0 MB"):
        berkas.periksa_lampiran(besar)


def test_fake_evidence_photo_blocks_the_distribution(dinsos, sembako, keluarga, tksk_kanigaran):
    u = usulan_status(sembako, keluarga, S.DISETUJUI, oleh=tksk_kanigaran)
    with pytest.raises(ValidationError):
        penyaluran_svc.penyaluran_catat(
            usulan=u, oleh=dinsos, tanggal=sembako.periode_mulai, diterima_oleh="Siti",
            foto_bukti=SimpleUploadedFile("bukti.jpg", b"bukan foto", content_type="image/jpeg"),
        )
    u.refresh_from_db()
    assert u.status == S.DISETUJUI and not u.penyaluran.exists()


def test_attachment_is_served_only_in_scope_never_from_media_url(client, draft, tksk_kanigaran, tksk_mayangan):
    a = usulan_svc.lampiran_tambah(usulan=draft, oleh=tksk_kanigaran, berkas=png(), jenis="foto_rumah")
    client.force_login(tksk_kanigaran)
    resp = client.get(f"/bantuan/lampiran/{a.pk}/")
    assert resp.status_code == 200 and resp["Content-Type"] == "image/png"
    assert resp["Cache-Control"] == "private, no-store"
    halaman = client.get(f"/bantuan/usulan/{draft.pk}/").content.decode()
    assert a.berkas.name not in halaman and "/media/" not in halaman
    client.force_login(tksk_mayangan)
    assert client.get(f"/bantuan/lampiran/{a.pk}/").status_code == 404


def test_proposal_form_with_fake_attachment_saves_nothing(client, tksk_kanigaran, sembako, keluarga):
    client.force_login(tksk_kanigaran)
    resp = client.post("/bantuan/usulan/baru/", {
        "token_formulir": token_untuk(tksk_kanigaran, "/bantuan/usulan/baru/"),
        "keluarga": keluarga.pk, "program": sembako.pk, "justifikasi": "Layak", "jenis_lampiran": "foto_rumah",
        "lampiran": SimpleUploadedFile("rumah.jpg", b"teks biasa", content_type="image/jpeg"), "ajukan": "1",
    })
    assert resp.status_code == 200
    assert "bukan" in resp.content.decode() or "tidak diizinkan" in resp.content.decode()
    assert not Usulan.objects.exists()
