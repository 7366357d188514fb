"""Proposal attachments and distribution evidence against hostile files (issue #10: 3, 4, 19b):
bombs refused before decoding, SVG/HTML never accepted, stored by detected type, served by content
with nosniff + sandbox, letters as sandboxed downloads, re-rendered forms say the chosen file must be
chosen again next to the field; the admin's uploads get the same checks."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from bantuan import choices as c
from bantuan.models import LampiranUsulan, Penyaluran, Usulan
from bantuan.services import penyaluran as penyaluran_svc
from bantuan.services import usulan as usulan_svc
from tests.masukan_jahat import png_berskrip, png_bom, svg_berskrip, teks_sebagai_jpg
from tests.pmks.pendampingan.test_pendampingan_berkas import di_samping
from tests.simpan_aman import dengan_token_klien

from .berkas_uji import jpeg, pdf, png
from .conftest import usulan_status

S = c.StatusUsulan
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def tersimpan(media) -> list[str]:
    return [p.name for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.fixture
def draft(sembako, keluarga, tksk_kanigaran):
    return usulan_status(sembako, keluarga, S.DRAFT, oleh=tksk_kanigaran)


@pytest.fixture
def disetujui(sembako, keluarga, tksk_kanigaran):
    return usulan_status(sembako, keluarga, S.DISETUJUI, oleh=tksk_kanigaran)


def usul(client, keluarga, program, **data):
    isian = {"keluarga": keluarga.pk, "program": program.pk, "justifikasi": "Layak", "jenis_lampiran": "foto_rumah",
             "simpan": "1"}
    isian.update(data)
    return client.post("/bantuan/usulan/baru/", dengan_token_klien(client, "/bantuan/usulan/baru/", isian))


def salurkan(client, usulan, program, **data):
    isian = {"tanggal": program.periode_mulai.isoformat(), "diterima_oleh": "Siti"}
    isian.update(data)
    url = f"/bantuan/usulan/{usulan.pk}/penyaluran/"
    return client.post(url, dengan_token_klien(client, url, isian))


# --- 3. decompression bombs -------------------------------------------------------------------------


def test_attachment_over_40_megapixels_is_refused_and_no_draft_is_left(client, tksk_kanigaran, sembako, keluarga,
                                                                        _media):
    client.force_login(tksk_kanigaran)
    resp = usul(client, keluarga, sembako, lampiran=png_bom())
    assert resp.status_code == 200
    assert "Resolusi gambar terlalu besar" in di_samping(resp.content.decode(), "lampiran")
    assert not Usulan.objects.exists() and tersimpan(_media) == []


def test_attachment_service_refuses_a_bomb_too(draft, tksk_kanigaran):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Batasnya 40 MP"):
        usulan_svc.lampiran_tambah(usulan=draft, oleh=tksk_kanigaran, berkas=png_bom(), jenis="foto_rumah")
    assert not LampiranUsulan.objects.exists()


def test_evidence_photo_over_40_megapixels_is_refused_next_to_the_field(client, dinsos, sembako, disetujui, _media):
    client.force_login(dinsos)
    resp = salurkan(client, disetujui, sembako, foto_bukti=png_bom())
    assert resp.status_code == 200
    assert "Resolusi gambar terlalu besar" in di_samping(resp.content.decode(), "foto_bukti")
    assert not Penyaluran.objects.exists() and tersimpan(_media) == []


# --- 4. stored by detected type, served by content --------------------------------------------------


@pytest.mark.parametrize("buat", [svg_berskrip, lambda: svg_berskrip("rumah.png"), teks_sebagai_jpg])
def test_svg_or_text_is_never_accepted_as_attachment_or_evidence(client, tksk_kanigaran, dinsos, sembako, keluarga,
                                                                  disetujui, buat, _media):
    client.force_login(tksk_kanigaran)
    assert "tidak diizinkan" in di_samping(usul(client, keluarga, sembako, lampiran=buat()).content.decode(),
                                           "lampiran")
    resp = client.post(f"/bantuan/usulan/{disetujui.pk}/lampiran/", {"jenis": "foto_rumah", "berkas": buat()})
    assert resp.status_code == 302 and not LampiranUsulan.objects.exists()
    client.force_login(dinsos)
    assert "bukan foto yang sah" in di_samping(salurkan(client, disetujui, sembako, foto_bukti=buat()).content.decode(),
                                               "foto_bukti")
    assert not Penyaluran.objects.exists() and tersimpan(_media) == []


def test_attachment_named_html_is_stored_as_png_and_served_as_png_with_nosniff_and_sandbox(
    client, draft, tksk_kanigaran
):
    lampiran = usulan_svc.lampiran_tambah(usulan=draft, oleh=tksk_kanigaran, berkas=png_berskrip("foto.html"),
                                   jenis="foto_rumah")
    assert lampiran.berkas.name.endswith(".png") and lampiran.nama_asli == "foto.html"
    client.force_login(tksk_kanigaran)
    resp = client.get(f"/bantuan/lampiran/{lampiran.pk}/")
    assert resp.status_code == 200 and resp["Content-Type"] == "image/png"
    assert resp["Content-Disposition"] == 'inline; filename="foto.png"'
    assert resp["X-Content-Type-Options"] == "nosniff" and resp["Content-Security-Policy"] == "sandbox"


def test_evidence_photo_named_html_is_stored_as_png_and_served_as_png_with_nosniff_and_sandbox(
    client, dinsos, sembako, disetujui
):
    client.force_login(dinsos)
    assert salurkan(client, disetujui, sembako, foto_bukti=png_berskrip("bukti.htm")).status_code == 302
    p = Penyaluran.objects.get()
    assert p.foto_bukti.name.startswith("privat/bantuan/bukti/") and p.foto_bukti.name.endswith(".png")
    resp = client.get(f"/bantuan/penyaluran/{p.pk}/foto/")
    assert resp["Content-Type"] == "image/png"
    assert resp["Content-Disposition"] == f'inline; filename="bukti-penyaluran-{p.pk}.png"'
    assert resp["X-Content-Type-Options"] == "nosniff" and resp["Content-Security-Policy"] == "sandbox"


def test_pdf_attachment_is_a_sandboxed_download(client, draft, tksk_kanigaran):
    lampiran = usulan_svc.lampiran_tambah(usulan=draft, oleh=tksk_kanigaran, berkas=pdf("berita acara.pdf"),
                                   jenis="berita_acara")
    assert lampiran.berkas.name.endswith(".pdf")
    client.force_login(tksk_kanigaran)
    resp = client.get(f"/bantuan/lampiran/{lampiran.pk}/")
    assert resp["Content-Type"] == "application/pdf"
    assert resp["Content-Disposition"] == 'attachment; filename="berita acara.pdf"'
    assert resp["Content-Security-Policy"] == "sandbox"


def _lampiran_lama(usulan, oleh, nama: str, isi: bytes, tipe: str) -> LampiranUsulan:
    """An attachment stored before uploads were named by content (straight to storage, with the
    content type the browser claimed)."""
    jalur = default_storage.save(f"privat/bantuan/lampiran/{nama}", ContentFile(isi))
    return LampiranUsulan.objects.create(usulan=usulan, jenis="foto_rumah", berkas=jalur, nama_asli=nama,
                                         tipe_konten=tipe, ukuran=len(isi), diunggah_oleh=oleh)


def test_attachment_already_stored_as_html_is_served_by_its_content(client, draft, tksk_kanigaran):
    png_lama = _lampiran_lama(draft, tksk_kanigaran, "foto.html", png_berskrip().read(), "text/html")
    svg_lama = _lampiran_lama(draft, tksk_kanigaran, "gambar.svg", svg_berskrip().read(), "image/svg+xml")
    client.force_login(tksk_kanigaran)
    resp = client.get(f"/bantuan/lampiran/{png_lama.pk}/")
    assert resp["Content-Type"] == "image/png" and resp["Content-Disposition"] == 'inline; filename="foto.png"'
    resp = client.get(f"/bantuan/lampiran/{svg_lama.pk}/")
    assert resp["Content-Type"] == "application/octet-stream"
    assert resp["Content-Disposition"] == 'attachment; filename="gambar.bin"'
    assert resp["Content-Security-Policy"] == "sandbox" and resp["X-Content-Type-Options"] == "nosniff"


def test_proposal_letters_are_sandboxed_downloads(client, tksk_kanigaran, sembako, keluarga):
    u = usulan_status(sembako, keluarga, S.DIAJUKAN, oleh=tksk_kanigaran)
    client.force_login(tksk_kanigaran)
    for url, nama in ((f"/bantuan/usulan/{u.pk}/surat/", f"surat-usulan-{u.pk}.pdf"),
                      (f"/bantuan/usulan/surat/?usulan={u.pk}", f"surat-usulan-{u.pk}.pdf")):
        resp = client.get(url)
        assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
        assert resp["Content-Disposition"] == f'attachment; filename="{nama}"'
        assert resp["Content-Security-Policy"] == "sandbox" and resp["X-Content-Type-Options"] == "nosniff"


# --- 19b. a re-rendered form says the chosen file was dropped -----------------------------------------


def test_proposal_form_says_next_to_the_attachment_that_it_must_be_chosen_again(client, tksk_kanigaran, sembako,
                                                                                 keluarga):
    client.force_login(tksk_kanigaran)
    resp = usul(client, keluarga, sembako, justifikasi="", lampiran=png("rumah depan.png"))
    assert resp.status_code == 200 and not Usulan.objects.exists()
    html = resp.content.decode()
    blok = di_samping(html, "lampiran")
    assert "«rumah depan.png» belum tersimpan" in blok and "Pilih berkasnya lagi" in blok
    assert "perlu dipilih ulang" in html


def test_proposal_refused_by_a_rule_also_says_the_attachment_must_be_chosen_again(client, tksk_kanigaran, sembako,
                                                                                   keluarga):
    usulan_status(sembako, keluarga, S.DIAJUKAN, oleh=tksk_kanigaran)  # an open proposal already exists
    client.force_login(tksk_kanigaran)
    resp = usul(client, keluarga, sembako, lampiran=png("rumah.png"))
    assert resp.status_code == 200 and Usulan.objects.count() == 1
    assert "«rumah.png» belum tersimpan" in di_samping(resp.content.decode(), "lampiran")


def test_distribution_form_says_next_to_the_photo_that_it_must_be_chosen_again(client, dinsos, sembako, disetujui):
    client.force_login(dinsos)
    resp = salurkan(client, disetujui, sembako, diterima_oleh="", foto_bukti=jpeg("serah terima.jpg"))
    assert resp.status_code == 200 and not Penyaluran.objects.exists()
    blok = di_samping(resp.content.decode(), "foto_bukti")
    assert "«serah terima.jpg» belum tersimpan" in blok and "Pilih berkasnya lagi" in blok


def test_form_without_a_chosen_file_gets_no_choose_again_note(client, dinsos, sembako, disetujui):
    client.force_login(dinsos)
    html = salurkan(client, disetujui, sembako, diterima_oleh="").content.decode()
    assert "belum tersimpan" not in html and "dipilih ulang" not in html


# --- the admin accepts files too ----------------------------------------------------------------------


def _admin_lampiran(client, usulan, oleh, berkas):
    return client.post("/admin/bantuan/lampiranusulan/add/", {
        "usulan": usulan.pk, "jenis": "foto_rumah", "berkas": berkas, "nama_asli": "x", "tipe_konten": "text/html",
        "ukuran": "1", "keterangan": "", "diunggah_oleh": oleh.pk,
    })


def test_admin_attachment_upload_gets_the_same_checks_and_is_stored_by_detected_type(
    client, admin_user, draft, tksk_kanigaran, _media
):
    client.force_login(admin_user)
    for buruk in (svg_berskrip(), png_bom(), SimpleUploadedFile("a.html", b"<script>alert(1)</script>")):
        resp = _admin_lampiran(client, draft, tksk_kanigaran, buruk)
        assert resp.status_code == 200 and not LampiranUsulan.objects.exists()
    assert tersimpan(_media) == []
    resp = _admin_lampiran(client, draft, tksk_kanigaran, png_berskrip("foto.html"))
    assert resp.status_code == 302
    lampiran = LampiranUsulan.objects.get()
    assert lampiran.berkas.name.endswith(".png") and lampiran.tipe_konten == "image/png"


def test_admin_evidence_upload_gets_the_photo_check(client, admin_user, dinsos, sembako, disetujui):
    p = penyaluran_svc.penyaluran_catat(
        usulan=disetujui, oleh=dinsos, tanggal=sembako.periode_mulai, diterima_oleh="Siti"
    )
    client.force_login(admin_user)
    data = {"usulan": disetujui.pk, "tanggal": p.tanggal.isoformat(), "diterima_oleh": "Siti", "uraian": "",
            "catatan": "", "dicatat_oleh": dinsos.pk}
    resp = client.post(f"/admin/bantuan/penyaluran/{p.pk}/change/", {**data, "foto_bukti": pdf()})
    assert resp.status_code == 200 and "bukan foto yang sah" in resp.content.decode()
    resp = client.post(f"/admin/bantuan/penyaluran/{p.pk}/change/", {**data, "foto_bukti": png_berskrip("x.svg")})
    assert resp.status_code == 302
    p.refresh_from_db()
    assert p.foto_bukti.name.endswith(".png")


def test_bnba_upload_form_says_the_chosen_file_must_be_chosen_again(client, dinsos, sembako, settings, tmp_path):
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path)
    client.force_login(dinsos)
    resp = client.post("/bantuan/impor-bnba/unggah/", {
        "program": sembako.pk, "periode_mulai": "2026-03-31", "periode_selesai": "2026-01-01", "sumber": "BNBA",
        "berkas": SimpleUploadedFile("bnba tahap 1.xlsx", b"PK\x03\x04"),
    })
    assert resp.status_code == 400
    assert "«bnba tahap 1.xlsx» belum tersimpan" in di_samping(resp.content.decode(), "berkas")
