"""UU 27/2022 PDP: privacy notice and consent at registration, consent withdrawal and what it restricts
(issue #15, "Privacy notice and consent"). Personas: TKSK Kanigaran (the household's kecamatan), TKSK
Mayangan (outsider: 404), Dinas Sosial, Pejabat (read-only: 403), the administrator (auditor)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from bantuan.services import usulan as usulan_svc
from pmks.models import PemberitahuanKeluarga, PemberitahuanPrivasi, PenarikanPersetujuan
from pmks.registri import pdp
from tests.bantuan.conftest import buat_program, keluarga_pmks
from tests.factories import AnggotaFactory, KeluargaFactory, wilayah
from tests.pmks.helpers import data_form, keluarga_tiga_orang
from tests.simpan_aman import dengan_token

pytestmark = pytest.mark.django_db


def _teks_pdf(isi: bytes) -> str:
    import io

    return "\n".join(h.extract_text() for h in PdfReader(io.BytesIO(isi)).pages)


# --- Notice and registration ----------------------------------------------------------------------
def test_registration_with_the_one_box_ticked_records_who_informed_when_and_the_notice_version(
    client, tksk_kanigaran
):
    client.force_login(tksk_kanigaran)
    html = client.get("/pmks/keluarga/tambah/").content.decode()
    assert "Keluarga sudah diberi tahu pemberitahuan privasi (versi 1)" in html
    assert html.count('name="diberi_tahu_privasi"') == 1  # one tap, nothing to type
    assert 'href="/pmks/privasi/"' in html  # the text to read out / print is one tap away
    sebelum = timezone.now()
    data = data_form(kelurahan_id=wilayah("35.74.04.1003").pk, anggota=keluarga_tiga_orang(),
                     diberi_tahu_privasi="on", versi_pemberitahuan="1")
    resp = client.post("/pmks/keluarga/tambah/", dengan_token(tksk_kanigaran, "/pmks/keluarga/tambah/", data))
    assert resp.status_code == 302, resp.content.decode()[:2000]
    catatan = PemberitahuanKeluarga.objects.get()
    assert catatan.oleh == tksk_kanigaran
    assert catatan.pemberitahuan.versi == 1
    assert sebelum <= catatan.pada <= timezone.now()
    halaman = client.get(resp["Location"]).content.decode()
    assert "sudah diberi tahu versi 1" in halaman


def test_registration_without_the_box_leaves_the_household_belum_diberi_tahu_with_an_action_to_record_it(
    client, tksk_kanigaran
):
    client.force_login(tksk_kanigaran)
    data = data_form(kelurahan_id=wilayah("35.74.04.1003").pk, anggota=keluarga_tiga_orang())
    resp = client.post("/pmks/keluarga/tambah/", dengan_token(tksk_kanigaran, "/pmks/keluarga/tambah/", data))
    assert resp.status_code == 302
    assert not PemberitahuanKeluarga.objects.exists()
    halaman = client.get(resp["Location"]).content.decode()
    assert "belum diberi tahu" in halaman and 'data-testid="catat-diberi-tahu"' in halaman
    pk = int(resp["Location"].rstrip("/").split("/")[-1])
    resp = client.post(f"/pmks/keluarga/{pk}/diberi-tahu/")
    assert resp.status_code == 302
    assert PemberitahuanKeluarga.objects.get(keluarga_id=pk).oleh == tksk_kanigaran
    # A second tap records nothing more.
    client.post(f"/pmks/keluarga/{pk}/diberi-tahu/")
    assert PemberitahuanKeluarga.objects.filter(keluarga_id=pk).count() == 1


def test_existing_household_shows_belum_diberi_tahu(client, tksk_kanigaran):
    k = KeluargaFactory()
    client.force_login(tksk_kanigaran)
    halaman = client.get(f"/pmks/keluarga/{k.pk}/").content.decode()
    assert 'data-testid="status-pemberitahuan">belum diberi tahu' in halaman


def test_a_box_ticked_with_an_unknown_version_is_refused_on_the_form(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    data = data_form(kelurahan_id=wilayah("35.74.04.1003").pk, anggota=keluarga_tiga_orang(),
                     diberi_tahu_privasi="on", versi_pemberitahuan="99")
    resp = client.post("/pmks/keluarga/tambah/", dengan_token(tksk_kanigaran, "/pmks/keluarga/tambah/", data))
    assert resp.status_code == 200
    assert "Versi pemberitahuan privasi tidak dikenal" in resp.content.decode()


def test_saving_the_notice_in_the_admin_makes_a_new_version_and_keeps_the_earlier_one(client, admin_user,
                                                                                      tksk_kanigaran):
    v1 = pdp._pemberitahuan_tersimpan(1)
    client.force_login(admin_user)
    resp = client.post(f"/admin/pmks/pemberitahuanprivasi/{v1.pk}/change/",
                       {"judul": "Pemberitahuan Privasi", "teks": "Teks baru yang lebih jelas untuk keluarga."})
    assert resp.status_code == 302
    resp = client.post("/admin/pmks/pemberitahuanprivasi/add/",
                       {"judul": "Pemberitahuan Privasi", "teks": "Versi ketiga."})
    assert resp.status_code == 302
    assert list(PemberitahuanPrivasi.objects.order_by("versi").values_list("versi", "teks")) == [
        (1, pdp.TEKS_AWAL), (2, "Teks baru yang lebih jelas untuk keluarga."), (3, "Versi ketiga."),
    ]
    assert PemberitahuanPrivasi.objects.get(versi=3).dibuat_oleh == admin_user
    # An older version cannot be edited any more; the latest is what registration offers.
    assert client.post(f"/admin/pmks/pemberitahuanprivasi/{v1.pk}/change/", {"teks": "x"}).status_code == 403
    client.force_login(tksk_kanigaran)
    assert "(versi 3)" in client.get("/pmks/keluarga/tambah/").content.decode()


def test_only_the_administrator_may_save_a_notice_version(tksk_kanigaran, dinsos):
    from django.core.exceptions import PermissionDenied

    for u in (tksk_kanigaran, dinsos):
        with pytest.raises(PermissionDenied):
            pdp.pemberitahuan_simpan(oleh=u, teks="x")


def test_household_informed_of_an_old_version_is_offered_the_new_one(client, tksk_kanigaran, admin_user):
    k = KeluargaFactory()
    pdp.pemberitahuan_catat(user=tksk_kanigaran, keluarga=k)
    pdp.pemberitahuan_simpan(oleh=admin_user, teks="Versi dua")
    client.force_login(tksk_kanigaran)
    halaman = client.get(f"/pmks/keluarga/{k.pk}/").content.decode()
    assert "sudah diberi tahu versi 1" in halaman and "ada versi baru 2" in halaman
    client.post(f"/pmks/keluarga/{k.pk}/diberi-tahu/")
    assert [c.pemberitahuan.versi for c in k.pemberitahuan_privasi.order_by("pada")] == [1, 2]


@pytest.mark.parametrize("persona", ["tksk_kanigaran", "dinsos", "pejabat_kota", "admin"])
def test_the_notice_is_printable_as_a_page_and_a_pdf(client, personas, persona, admin_user):
    pdp.pemberitahuan_simpan(oleh=admin_user, teks="Data Bapak/Ibu dijaga. Hak akses, perbaikan, penghapusan.")
    client.force_login(personas[persona])
    assert "Hak akses, perbaikan, penghapusan" in client.get("/pmks/privasi/").content.decode()
    resp = client.get("/pmks/privasi/pemberitahuan.pdf")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    teks = _teks_pdf(b"".join(resp.streaming_content) if resp.streaming else resp.content)
    assert "Versi 2" in teks and "Hak akses, perbaikan" in teks


# --- Withdrawal and what "dibatasi" means ---------------------------------------------------------
@pytest.fixture
def ditarik(tksk_kanigaran):
    k = keluarga_pmks()
    pdp.persetujuan_tarik(user=tksk_kanigaran, keluarga=k, alasan="Keluarga tidak mau didata lagi")
    return k


def test_withdrawal_records_who_when_and_why_and_is_final(tksk_kanigaran, ditarik):
    p = PenarikanPersetujuan.objects.get(keluarga=ditarik)
    assert p.oleh == tksk_kanigaran and p.alasan == "Keluarga tidak mau didata lagi"
    assert timezone.now() - p.pada < timedelta(minutes=1)
    with pytest.raises(ValidationError, match="sudah ditarik"):
        pdp.persetujuan_tarik(user=tksk_kanigaran, keluarga=ditarik, alasan="lagi")
    assert pdp.keluarga_dibatasi(ditarik)


def test_withdrawal_from_the_household_page(client, tksk_kanigaran):
    k = keluarga_pmks()
    client.force_login(tksk_kanigaran)
    resp = client.post(f"/pmks/keluarga/{k.pk}/tarik-persetujuan/", {"alasan": "Pindah ke luar negeri"})
    assert resp.status_code == 302
    assert PenarikanPersetujuan.objects.get(keluarga=k).alasan == "Pindah ke luar negeri"


def test_withdrawn_household_cannot_be_proposed_for_new_aid(tksk_kanigaran, ditarik):
    program = buat_program("sembako-pdp")
    with pytest.raises(ValidationError, match="menarik persetujuan"):
        usulan_svc.usulan_buat(oleh=tksk_kanigaran, keluarga=ditarik, program=program, justifikasi="Layak")
    # an unrestricted household of the same area still can
    usulan_svc.usulan_buat(oleh=tksk_kanigaran, keluarga=keluarga_pmks(), program=program, justifikasi="Layak")


def test_withdrawn_household_is_left_out_of_every_export(client, tksk_kanigaran, dinsos, ditarik):
    lain = keluarga_pmks()
    for user in (tksk_kanigaran, dinsos):
        client.force_login(user)
        for jenis in ("keluarga", "anggota"):
            resp = client.get(f"/pmks/ekspor/{jenis}.csv?status=semua")
            isi = b"".join(resp.streaming_content).decode("utf-8-sig")
            assert lain.no_kk in isi, jenis
            assert ditarik.no_kk not in isi and ditarik.kepala_uji.nik not in isi, jenis


def test_withdrawn_household_shows_a_banner_and_stays_visible_to_its_area_and_the_auditor(
    client, personas, ditarik
):
    for persona in ("tksk_kanigaran", "dinsos", "pejabat_kota", "admin"):
        client.force_login(personas[persona])
        resp = client.get(f"/pmks/keluarga/{ditarik.pk}/")
        assert resp.status_code == 200, persona
        html = resp.content.decode()
        assert 'data-testid="banner-dibatasi"' in html and "Keluarga tidak mau didata lagi" in html, persona
        assert "Usulkan bantuan" not in html, persona
    client.force_login(personas["tksk_mayangan"])
    assert client.get(f"/pmks/keluarga/{ditarik.pk}/").status_code == 404


def test_restricted_is_one_definition_used_by_the_queryset_helpers(ditarik):
    from pmks.models import Anggota, Keluarga

    lain = keluarga_pmks()
    assert set(Keluarga.objects.filter(pdp.dibatasi_q()).values_list("pk", flat=True)) == {ditarik.pk}
    assert lain.pk in set(pdp.tanpa_dibatasi(Keluarga.objects.all()).values_list("pk", flat=True))
    assert not pdp.tanpa_dibatasi(Anggota.objects.filter(keluarga=ditarik), "keluarga_id").exists()


def test_withdrawal_by_pejabat_is_refused_and_by_another_kecamatan_is_not_found(client, personas):
    k = keluarga_pmks()
    client.force_login(personas["pejabat_kota"])
    assert client.post(f"/pmks/keluarga/{k.pk}/tarik-persetujuan/", {"alasan": "x"}).status_code == 403
    client.force_login(personas["tksk_mayangan"])
    assert client.post(f"/pmks/keluarga/{k.pk}/tarik-persetujuan/", {"alasan": "x"}).status_code == 404
    assert not PenarikanPersetujuan.objects.exists()


def test_member_of_a_withdrawn_household_keeps_its_record_for_audit(ditarik):
    a = AnggotaFactory(keluarga=ditarik)
    a.refresh_from_db()
    assert a.nik and a.keluarga_id == ditarik.pk  # nothing is deleted or blanked by a withdrawal
