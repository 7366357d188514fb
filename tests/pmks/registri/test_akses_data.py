"""UU PDP access log: every household view, full-number display and export writes one row; the log
is append-only; full numbers are masked by default even for roles that may see them."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import DatabaseError, transaction
from django.urls import reverse

from pmks.models import AksesData, JenisAkses
from tests.factories import KeluargaFactory

pytestmark = pytest.mark.django_db


def _baris(**kw):
    return list(AksesData.objects.filter(**kw).values_list("jenis", flat=True))


def test_opening_a_household_page_writes_exactly_one_access_row(client, tksk_kanigaran):
    keluarga = KeluargaFactory()
    client.force_login(tksk_kanigaran)
    assert client.get(reverse("pmks:keluarga_detail", args=[keluarga.pk])).status_code == 200
    row = AksesData.objects.get(keluarga=keluarga)
    assert (row.oleh, row.jenis, row.wilayah_id) == (tksk_kanigaran, JenisAkses.LIHAT_KELUARGA, keluarga.kelurahan_id)
    assert row.alamat_ip == "127.0.0.1"


def test_full_numbers_are_masked_by_default_even_for_the_tksk(client, tksk_kanigaran):
    keluarga = KeluargaFactory()
    client.force_login(tksk_kanigaran)
    html = client.get(reverse("pmks:keluarga_detail", args=[keluarga.pk])).content.decode()
    assert keluarga.no_kk not in html
    assert keluarga.kepala_uji.nik not in html
    assert 'data-testid="tombol-tampilkan-nomor"' in html
    assert keluarga.no_kk not in client.get(reverse("pmks:keluarga_list")).content.decode()


def test_showing_full_numbers_is_logged_once_and_shows_them_on_one_page_view(client, tksk_kanigaran):
    keluarga = KeluargaFactory()
    client.force_login(tksk_kanigaran)
    url = reverse("pmks:keluarga_detail", args=[keluarga.pk])
    resp = client.post(reverse("pmks:keluarga_tampilkan_nomor", args=[keluarga.pk]))
    assert resp.status_code == 302 and resp.url == url
    assert _baris(keluarga=keluarga) == [JenisAkses.TAMPIL_NOMOR]
    html = client.get(url).content.decode()
    assert keluarga.no_kk in html and keluarga.kepala_uji.nik in html
    # the reveal is used up: the next view is masked again
    assert keluarga.no_kk not in client.get(url).content.decode()
    assert sorted(_baris(keluarga=keluarga)) == sorted(
        [JenisAkses.TAMPIL_NOMOR, JenisAkses.LIHAT_KELUARGA, JenisAkses.LIHAT_KELUARGA]
    )


def test_pejabat_cannot_reveal_full_numbers_and_nothing_is_logged_as_shown(client, pejabat_kota):
    keluarga = KeluargaFactory()
    client.force_login(pejabat_kota)
    assert client.post(reverse("pmks:keluarga_tampilkan_nomor", args=[keluarga.pk])).status_code == 403
    assert _baris(jenis=JenisAkses.TAMPIL_NOMOR) == []
    assert 'data-testid="tombol-tampilkan-nomor"' not in client.get(
        reverse("pmks:keluarga_detail", args=[keluarga.pk])
    ).content.decode()


def test_revealing_another_kecamatans_household_is_404_and_not_logged(client, tksk_mayangan):
    keluarga = KeluargaFactory()  # Kanigaran
    client.force_login(tksk_mayangan)
    assert client.post(reverse("pmks:keluarga_tampilkan_nomor", args=[keluarga.pk])).status_code == 404
    assert not AksesData.objects.exists()


def test_every_export_writes_one_access_row(client, dinsos):
    KeluargaFactory()
    client.force_login(dinsos)
    resp = client.get(reverse("pmks:ekspor_unduh", args=["keluarga", "csv"]))
    b"".join(resp.streaming_content)
    assert _baris(jenis=JenisAkses.EKSPOR) == [JenisAkses.EKSPOR]
    assert "1 baris" in AksesData.objects.get(jenis=JenisAkses.EKSPOR).keterangan


def test_the_access_log_refuses_update_and_delete_at_the_database(client, tksk_kanigaran):
    keluarga = KeluargaFactory()
    client.force_login(tksk_kanigaran)
    client.get(reverse("pmks:keluarga_detail", args=[keluarga.pk]))
    with pytest.raises(DatabaseError), transaction.atomic():
        AksesData.objects.update(keterangan="diubah")
    with pytest.raises(DatabaseError), transaction.atomic():
        AksesData.objects.all().delete()
    assert AksesData.objects.count() == 1


def test_the_admin_shows_the_access_log_read_only(rf, admin_user):
    model_admin = admin.site._registry[AksesData]
    request = rf.get("/")
    request.user = admin_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_only_the_administrator_opens_the_access_log_page(client, dinsos, admin_user):
    client.force_login(dinsos)
    assert client.get(reverse("pmks:akses_list")).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse("pmks:akses_list")).status_code == 200


def test_the_access_log_page_filters_by_user_household_and_period(client, tksk_kanigaran, dinsos, admin_user):
    a, b = KeluargaFactory(), KeluargaFactory()
    client.force_login(tksk_kanigaran)
    client.get(reverse("pmks:keluarga_detail", args=[a.pk]))
    client.force_login(dinsos)
    client.get(reverse("pmks:keluarga_detail", args=[b.pk]))
    client.force_login(admin_user)
    url = reverse("pmks:akses_list")
    per_pengguna = client.get(url, {"oleh": tksk_kanigaran.username}).context["page_obj"].object_list
    assert {r.keluarga_id for r in per_pengguna} == {a.pk}
    per_keluarga = client.get(url, {"keluarga": b.pk}).context["page_obj"].object_list
    assert {r.oleh_id for r in per_keluarga} == {dinsos.pk}
    kosong = client.get(url, {"dari": "2020-01-01", "sampai": "2020-01-31"}).context["page_obj"].object_list
    assert list(kosong) == []
    resp = client.get(url, {"oleh": "tidak-ada"})
    assert resp.status_code == 200 and "Pengguna dengan nama itu tidak ada." in resp.content.decode()


def test_the_household_page_shows_who_viewed_it_to_the_auditor_only(client, tksk_kanigaran, admin_user):
    keluarga = KeluargaFactory()
    client.force_login(tksk_kanigaran)
    html = client.get(reverse("pmks:keluarga_detail", args=[keluarga.pk])).content.decode()
    assert 'data-testid="dilihat-oleh"' not in html
    client.force_login(admin_user)
    html = client.get(reverse("pmks:keluarga_detail", args=[keluarga.pk])).content.decode()
    assert 'data-testid="dilihat-oleh"' in html and tksk_kanigaran.nama_tampil in html
