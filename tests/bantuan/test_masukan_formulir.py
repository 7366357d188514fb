"""Hostile input to the aid forms (issue #10, items 7, 10, 17, 18): posted ids of other areas never
widen a choice, numbers beyond their column are form errors (never 500), text is capped, and a
role that may never take an action is refused before the status is looked at."""

from __future__ import annotations

import pytest
from django.utils import timezone

from bantuan import choices as c
from bantuan.models import KuotaKecamatan, MonitoringBantuan, Penyaluran, RiwayatStatusUsulan, Usulan
from tests.conftest import KODE
from tests.factories import AnggotaFactory
from tests.masukan_jahat import NILAI_JAHAT
from tests.simpan_aman import kirim_seperti_peramban as pos

from .conftest import keluarga_pmks, usulan_status

S = c.StatusUsulan
pytestmark = pytest.mark.django_db


@pytest.fixture
def keluarga_kanigaran_bernama(db):
    """A Kanigaran household whose members have names no other test uses."""
    k = keluarga_pmks(KODE["kel_kanigaran"])
    k.kepala_uji.nama = "Rahasiawati Kanigaran"
    k.kepala_uji.save()
    AnggotaFactory(keluarga=k, nama="Tersembunyi Putra", hubungan="anak")
    return k


# --- 7. Leaks through dependent choices ---------------------------------------------------------
def test_tksk_proposal_form_never_lists_members_of_another_kecamatan(
    client, tksk_mayangan, sembako, keluarga_kanigaran_bernama
):
    k = keluarga_kanigaran_bernama
    client.force_login(tksk_mayangan)
    resp = pos(client, "/bantuan/usulan/baru/", {"keluarga": k.pk, "program": sembako.pk, "justifikasi": ""})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Rahasiawati" not in html and "Tersembunyi" not in html
    assert list(resp.context["form"].fields["anggota"].queryset) == []
    assert not Usulan.objects.exists()


def test_tksk_proposal_edit_never_lists_members_of_another_kecamatan(
    client, tksk_mayangan, sembako, keluarga_mayangan, keluarga_kanigaran_bernama
):
    draf = usulan_status(sembako, keluarga_mayangan, S.DRAFT, oleh=tksk_mayangan)
    client.force_login(tksk_mayangan)
    resp = pos(client,
        f"/bantuan/usulan/{draf.pk}/ubah/",
        {"keluarga": keluarga_kanigaran_bernama.pk, "justifikasi": "", "anggota": ""},
    )
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Rahasiawati" not in html and "Tersembunyi" not in html
    pilihan = set(resp.context["form"].fields["anggota"].queryset.values_list("keluarga_id", flat=True))
    assert pilihan == {keluarga_mayangan.pk}


def test_proposal_form_refuses_a_member_of_another_kecamatan(
    client, tksk_mayangan, sembako, keluarga_mayangan, keluarga_kanigaran_bernama
):
    asing = keluarga_kanigaran_bernama.kepala_uji
    client.force_login(tksk_mayangan)
    resp = pos(client, "/bantuan/usulan/baru/", {
        "keluarga": keluarga_mayangan.pk, "program": sembako.pk, "anggota": asing.pk, "justifikasi": "Layak",
    })
    assert resp.status_code == 200
    assert "anggota" in resp.context["form"].errors
    assert not Usulan.objects.exists()


def test_proposal_warning_partial_says_nothing_about_households_of_another_kecamatan(
    client, tksk_mayangan, dinsos, sembako, keluarga_kanigaran_bernama
):
    k = keluarga_kanigaran_bernama
    usulan_status(sembako, k, S.DISETUJUI, oleh=dinsos)  # would warn "sudah menerima" in area
    client.force_login(tksk_mayangan)
    resp = client.get(f"/bantuan/usulan/peringatan/?keluarga={k.pk}&program={sembako.pk}")
    assert resp.status_code == 200
    assert resp.context["peringatan_list"] is None


def test_replacement_recipient_choice_offers_only_households_of_the_users_area(
    client, dinsos, tksk_mayangan, sembako, keluarga, keluarga_mayangan
):
    u = usulan_status(sembako, keluarga, S.DISETUJUI, oleh=dinsos)
    client.force_login(tksk_mayangan)
    assert client.get(f"/bantuan/usulan/{u.pk}/penerima/").status_code == 404
    client.force_login(dinsos)
    pilihan = client.get(f"/bantuan/usulan/{u.pk}/penerima/").context["form"].fields["keluarga_baru"].queryset
    assert keluarga.pk not in {x.pk for x in pilihan}  # never the recipient itself


@pytest.mark.parametrize("nilai", ["²", "٣", "99999999999999999999999", "1\x00"])
def test_ids_in_query_strings_are_ascii_digits_or_ignored(client, tksk_kanigaran, dinsos, sembako, nilai):
    client.force_login(tksk_kanigaran)
    assert client.get(f"/bantuan/usulan/baru/?keluarga={nilai}&program={nilai}").status_code == 200
    assert client.get(f"/bantuan/usulan/peringatan/?keluarga={nilai}&program={nilai}").status_code == 200
    assert client.get(f"/bantuan/usulan/surat/?usulan={nilai}").status_code == 302
    client.force_login(dinsos)
    assert pos(client, "/bantuan/usulan/massal/", {"usulan": [nilai], "aksi": "setujui"}).status_code == 302


def test_bulk_action_note_with_null_byte_is_refused_not_stored(client, dinsos, tksk_kanigaran, sembako, keluarga):
    u = usulan_status(sembako, keluarga, S.DIAJUKAN, oleh=tksk_kanigaran)
    client.force_login(dinsos)
    resp = pos(client, "/bantuan/usulan/massal/", {"usulan": [u.pk], "aksi": "tolak", "catatan": NILAI_JAHAT["null"]})
    assert resp.status_code == 302
    u.refresh_from_db()
    assert u.status == S.DIAJUKAN
    pesan = [str(m) for m in resp.wsgi_request._messages]
    assert any("null" in p for p in pesan)


# --- 10. Numbers beyond their column or the domain -----------------------------------------------
def _post_penyaluran(client, usulan, **data):
    isi = {"tanggal": timezone.localdate().isoformat(), "diterima_oleh": "Siti", **data}
    return pos(client, f"/bantuan/usulan/{usulan.pk}/penyaluran/", isi)


@pytest.mark.parametrize("nilai", [NILAI_JAHAT["angka_raksasa"], "9223372036854775808", "1000000001"])
def test_distribution_value_beyond_bigint_is_a_form_error_not_500(client, dinsos, tksk_kanigaran, ternak, keluarga,
                                                                  nilai):
    u = usulan_status(ternak, keluarga, S.DISETUJUI, oleh=tksk_kanigaran)
    client.force_login(dinsos)
    resp = _post_penyaluran(client, u, nilai=nilai)
    assert resp.status_code == 200
    assert "nilai" in resp.context["form"].errors
    assert not Penyaluran.objects.exists()


def test_distribution_quantity_and_date_out_of_domain_are_form_errors(client, dinsos, tksk_kanigaran, ternak, keluarga):
    u = usulan_status(ternak, keluarga, S.DISETUJUI, oleh=tksk_kanigaran)
    client.force_login(dinsos)
    resp = _post_penyaluran(client, u, jumlah_barang="99999999.99", tanggal=NILAI_JAHAT["tanggal_purba"],
                            catatan=NILAI_JAHAT["teks_100kb"])
    assert resp.status_code == 200
    assert {"jumlah_barang", "tanggal", "catatan"} <= set(resp.context["form"].errors)
    assert not Penyaluran.objects.exists()


@pytest.mark.parametrize("jumlah", [NILAI_JAHAT["angka_smallint_lewat"], "501", NILAI_JAHAT["angka_negatif"]])
def test_livestock_count_beyond_smallint_or_domain_is_a_form_error_not_500(client, dinsos, tksk_kanigaran, ternak,
                                                                          keluarga, jumlah):
    u = usulan_status(ternak, keluarga, S.DISALURKAN, oleh=tksk_kanigaran)
    client.force_login(tksk_kanigaran)
    resp = pos(client, f"/bantuan/usulan/{u.pk}/monitoring/", {
        "tanggal": timezone.localdate().isoformat(), "ternak_hidup": jumlah, "ternak_mati": jumlah,
    })
    assert resp.status_code == 200
    assert {"ternak_hidup", "ternak_mati"} <= set(resp.context["form"].errors)
    assert not MonitoringBantuan.objects.exists()


def _data_program(program, **ubah) -> dict:
    data = {
        "nama": program.nama, "kode": program.kode, "jenis": program.jenis, "sumber_dana": program.sumber_dana,
        "tahun_anggaran": program.tahun_anggaran, "periode_mulai": program.periode_mulai.isoformat(),
        "periode_selesai": program.periode_selesai.isoformat(), "bentuk": program.bentuk,
        "nilai_per_penerima": program.nilai_per_penerima, "frekuensi": program.frekuensi, "aktif": "on",
        "dikelola_dinas": "on",
    }
    data.update(ubah)
    return data


def test_program_quota_per_kecamatan_beyond_integer_is_a_form_error_not_500(client, dinsos, sembako, kec_kanigaran):
    client.force_login(dinsos)
    resp = pos(client, f"/bantuan/program/{sembako.pk}/ubah/", _data_program(
        sembako, **{f"kuota_{kec_kanigaran.pk}": NILAI_JAHAT["angka_int_lewat"]}
    ))
    assert resp.status_code == 200
    assert f"kuota_{kec_kanigaran.pk}" in resp.context["form"].errors
    assert not KuotaKecamatan.objects.exists()


@pytest.mark.parametrize(("kolom", "nilai"), [
    ("kuota_total", NILAI_JAHAT["angka_int_lewat"]),
    ("kuota_total", "1000001"),
    ("nilai_per_penerima", NILAI_JAHAT["angka_raksasa"]),
    ("batas_ulang_tahun", NILAI_JAHAT["angka_smallint_lewat"]),
    ("jumlah_barang", "99999999.99"),
    ("periode_mulai", NILAI_JAHAT["tanggal_purba"]),
    ("periode_selesai", NILAI_JAHAT["tanggal_jauh"]),
    ("uraian", NILAI_JAHAT["teks_100kb"]),
])
def test_program_numbers_dates_and_text_out_of_domain_are_form_errors(client, dinsos, sembako, kolom, nilai):
    client.force_login(dinsos)
    resp = pos(client, f"/bantuan/program/{sembako.pk}/ubah/", _data_program(sembako, **{kolom: nilai}))
    assert resp.status_code == 200
    assert kolom in resp.context["form"].errors
    sembako.refresh_from_db()
    assert sembako.kuota_total is None and sembako.nilai_per_penerima == 200_000


# --- 17. Text length on create and edit ---------------------------------------------------------
def test_proposal_justification_is_capped_on_create_and_on_edit(client, tksk_kanigaran, sembako, keluarga):
    client.force_login(tksk_kanigaran)
    resp = pos(client, "/bantuan/usulan/baru/", {
        "keluarga": keluarga.pk, "program": sembako.pk, "justifikasi": NILAI_JAHAT["teks_100kb"],
    })
    assert resp.status_code == 200 and "justifikasi" in resp.context["form"].errors
    assert not Usulan.objects.exists()
    draf = usulan_status(sembako, keluarga, S.DRAFT, oleh=tksk_kanigaran)
    resp = pos(client, f"/bantuan/usulan/{draf.pk}/ubah/", {"justifikasi": NILAI_JAHAT["teks_100kb"]})
    assert resp.status_code == 200 and "justifikasi" in resp.context["form"].errors
    draf.refresh_from_db()
    assert draf.justifikasi == "Uji"


def test_proposal_assessment_text_and_numbers_are_bounded(client, tksk_kanigaran, modal, keluarga):
    client.force_login(tksk_kanigaran)
    resp = pos(client, "/bantuan/usulan/baru/", {
        "keluarga": keluarga.pk, "program": modal.pk, "justifikasi": "Layak", "jenis_usaha": "x" * 300,
        "rencana_usaha": NILAI_JAHAT["teks_100kb"], "daftar_kebutuhan": "Gerobak",
        "perkiraan_biaya": NILAI_JAHAT["angka_raksasa"],
    })
    assert resp.status_code == 200
    assert {"jenis_usaha", "rencana_usaha", "perkiraan_biaya"} <= set(resp.context["form"].errors)
    assert not Usulan.objects.exists()


# --- 18. Role before status ---------------------------------------------------------------------
@pytest.mark.parametrize(("verba", "status"), [
    ("setujui", S.DIAJUKAN), ("setujui", S.DRAFT), ("verifikasi", S.DRAFT), ("verifikasi", S.DISETUJUI),
    ("tolak", S.DRAFT), ("kembalikan", S.DISALURKAN),
])
def test_tksk_deciding_a_proposal_answers_403_whatever_its_status(
    client, tksk_kanigaran, sembako, keluarga, verba, status
):
    u = usulan_status(sembako, keluarga, status, oleh=tksk_kanigaran)
    client.force_login(tksk_kanigaran)
    resp = pos(client, f"/bantuan/usulan/{u.pk}/{verba}/", {"catatan": "x"})
    assert resp.status_code == 403
    u.refresh_from_db()
    assert u.status == status and RiwayatStatusUsulan.objects.filter(usulan=u).count() == 1


@pytest.mark.parametrize("status", [S.DRAFT, S.DIAJUKAN, S.DISETUJUI])
def test_dinsos_submitting_a_proposal_answers_403_whatever_its_status(client, dinsos, tksk_kanigaran, sembako,
                                                                      keluarga, status):
    u = usulan_status(sembako, keluarga, status, oleh=tksk_kanigaran)
    client.force_login(dinsos)
    assert pos(client, f"/bantuan/usulan/{u.pk}/ajukan/").status_code == 403


def test_a_wrong_status_for_an_allowed_role_is_a_message_not_403(client, dinsos, tksk_kanigaran, sembako, keluarga):
    u = usulan_status(sembako, keluarga, S.DIAJUKAN, oleh=tksk_kanigaran)
    client.force_login(dinsos)
    resp = pos(client, f"/bantuan/usulan/{u.pk}/setujui/", follow=True)
    assert resp.status_code == 200
    assert "statusnya sekarang" in resp.content.decode()


def test_tksk_records_the_distribution_of_an_approved_proposal_in_own_kecamatan(
    client, tksk_kanigaran, tksk_mayangan, ternak, keluarga
):
    """README: the TKSK records the handover and its evidence in the field (Aksi.CATAT_PENYALURAN)."""
    u = usulan_status(ternak, keluarga, S.DISETUJUI, oleh=tksk_kanigaran)
    client.force_login(tksk_mayangan)
    assert _post_penyaluran(client, u).status_code == 404
    client.force_login(tksk_kanigaran)
    assert _post_penyaluran(client, u).status_code == 302
    u.refresh_from_db()
    assert u.status == S.DISALURKAN
    assert u.riwayat.latest("id").oleh == tksk_kanigaran
