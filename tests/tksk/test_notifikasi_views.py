"""The notification centre's pages: the bell, the list, opening and marking read, the channel choice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.simpan_aman import versi_kini
from tksk.models import Notifikasi, PreferensiNotifikasi
from tksk.notifikasi import beri_tahu, kanal_pilihan

pytestmark = pytest.mark.django_db


def _beri(user, i: int, url: str = "/pmks/impor/"):
    return beri_tahu(user, "impor_selesai", f"Impor berkas data{i}.xlsx selesai", url, kunci=f"v:{i}")


def test_bell_shows_the_unread_count_of_the_user_only(client, tksk_kanigaran, tksk_mayangan):
    _beri(tksk_kanigaran, 1)
    _beri(tksk_kanigaran, 2)
    _beri(tksk_mayangan, 3)
    client.force_login(tksk_kanigaran)
    html = client.get("/").content.decode()
    assert 'data-testid="jumlah-notifikasi">2<' in html


def test_bell_caps_the_count_at_99_plus(client, tksk_kanigaran):
    for i in range(105):
        _beri(tksk_kanigaran, i)
    client.force_login(tksk_kanigaran)
    assert 'data-testid="jumlah-notifikasi">99+<' in client.get("/wilayah/").content.decode()


def test_no_badge_without_unread_notifications(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    html = client.get("/").content.decode()
    assert 'data-testid="lonceng"' in html and "jumlah-notifikasi" not in html


def test_list_shows_own_notifications_newest_first_and_marks_unread(client, tksk_kanigaran, tksk_mayangan):
    _beri(tksk_kanigaran, 1)
    baru = _beri(tksk_kanigaran, 2)
    _beri(tksk_mayangan, 99)
    Notifikasi.objects.filter(pk=baru.pk).update(dibaca_pada="2026-12-01T00:00:00Z")
    client.force_login(tksk_kanigaran)
    html = client.get(reverse("notifikasi:daftar")).content.decode()
    assert html.index("data2.xlsx") < html.index("data1.xlsx") and "data99" not in html
    assert html.count(">Baru<") == 1
    hanya_belum = client.get(reverse("notifikasi:daftar") + "?belum=1").content.decode()
    assert "data1.xlsx" in hanya_belum and "data2.xlsx" not in hanya_belum


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, tksk_kanigaran):
    n = _beri(tksk_kanigaran, 1, url="/bantuan/usulan/7/")
    client.force_login(tksk_kanigaran)
    resp = client.post(reverse("notifikasi:baca", args=[n.pk]))
    assert resp.status_code == 302 and resp["Location"] == "/bantuan/usulan/7/"
    n.refresh_from_db()
    assert n.sudah_dibaca


def test_mark_read_without_opening_stays_on_the_list(client, tksk_kanigaran):
    n = _beri(tksk_kanigaran, 1)
    client.force_login(tksk_kanigaran)
    resp = client.post(reverse("notifikasi:baca", args=[n.pk]), {"tetap": "1"})
    assert resp["Location"] == reverse("notifikasi:daftar")
    n.refresh_from_db()
    assert n.sudah_dibaca


def test_another_users_notification_is_not_found_and_stays_unread(client, tksk_kanigaran, tksk_mayangan):
    n = _beri(tksk_kanigaran, 1)
    client.force_login(tksk_mayangan)
    assert client.post(reverse("notifikasi:baca", args=[n.pk])).status_code == 404
    n.refresh_from_db()
    assert not n.sudah_dibaca


def test_mark_all_read_touches_only_own(client, tksk_kanigaran, tksk_mayangan):
    _beri(tksk_kanigaran, 1)
    lain = _beri(tksk_mayangan, 2)
    client.force_login(tksk_kanigaran)
    client.post(reverse("notifikasi:baca_semua"))
    assert not Notifikasi.objects.filter(penerima=tksk_kanigaran, dibaca_pada__isnull=True).exists()
    lain.refresh_from_db()
    assert not lain.sudah_dibaca


def test_profile_channel_choice_is_saved_and_used(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    url = reverse("notifikasi:kanal")
    html = client.get(url).content.decode()
    assert 'value="email"' in html and 'name="versi" value="0"' in html
    assert not PreferensiNotifikasi.objects.exists()  # opening the form writes nothing
    resp = client.post(url, {"kanal": ["email"], "email": "tksk@contoh.id", "versi": "0"})
    assert resp.status_code == 302
    tksk_kanigaran.refresh_from_db()
    assert tksk_kanigaran.email == "tksk@contoh.id" and kanal_pilihan(tksk_kanigaran) == ["email"]
    pref = PreferensiNotifikasi.objects.get(pengguna=tksk_kanigaran)
    basi = client.post(url, {"kanal": [], "email": "tksk@contoh.id", "versi": "0"})  # a form opened before
    assert basi.status_code == 200 and "baru saja diubah" in basi.content.decode()
    assert versi_kini(pref) == 1 and kanal_pilihan(tksk_kanigaran) == ["email"]


def test_email_channel_needs_an_address(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    url = reverse("notifikasi:kanal")
    client.get(url)
    resp = client.post(url, {"kanal": ["email"], "email": "", "versi": "0"})
    assert resp.status_code == 200 and "Isi alamat e-mail" in resp.content.decode()
    assert not PreferensiNotifikasi.objects.filter(pengguna=tksk_kanigaran, kanal__contains=["email"]).exists()


def test_unknown_channel_is_refused(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    url = reverse("notifikasi:kanal")
    client.get(url)
    resp = client.post(url, {"kanal": ["whatsapp"], "email": "", "versi": "0"})
    assert resp.status_code == 200 and "bukan salah satu" in resp.content.decode().lower()
