"""Login lock-out cannot be aimed at others: the client IP comes from the proxy header only when the
deployment says so, and username + IP, IP alone and username alone are counted independently."""

import pytest
from django.test import RequestFactory

from tests.factories import PASSWORD, PenggunaFactory, wilayah
from tksk.keamanan import ip_klien

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"


def _masuk(client, username: str, password: str, *, ip: str, lewat_proxy: bool = True):
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ip} if lewat_proxy else {"REMOTE_ADDR": ip}
    client.logout()
    return client.post("/accounts/login/", {"username": username, "password": password}, **meta)


@pytest.fixture
def di_balik_proxy(settings):
    settings.SIDAMPING_PROXY_TERPERCAYA = 1


def test_client_ip_is_remote_addr_when_no_proxy_is_trusted(settings):
    settings.SIDAMPING_PROXY_TERPERCAYA = 0
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert ip_klien(request) == "198.51.100.7"


def test_client_ip_is_the_entry_the_trusted_proxy_appended(settings):
    settings.SIDAMPING_PROXY_TERPERCAYA = 1
    # The client sent "1.2.3.4" itself; the proxy appended the address it really saw.
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert ip_klien(request) == "203.0.113.9"


def test_client_ip_with_two_proxies_skips_the_inner_one(settings):
    settings.SIDAMPING_PROXY_TERPERCAYA = 2
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9, 10.0.0.2")
    assert ip_klien(request) == "203.0.113.9"


@pytest.mark.parametrize("xff", ["", "bukan-ip", "1.2.3.4, bukan-ip"])
def test_missing_or_junk_forwarded_for_falls_back_to_the_peer(settings, xff):
    settings.SIDAMPING_PROXY_TERPERCAYA = 1
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=xff)
    assert ip_klien(request) == PROXY


def test_wrong_passwords_of_a_stranger_behind_the_proxy_do_not_lock_the_owner_out(client, dinsos, di_balik_proxy):
    for _ in range(10):
        _masuk(client, "dinsos", "salah", ip="203.0.113.9")
    assert _masuk(client, "dinsos", "salah", ip="203.0.113.9").status_code == 429  # the stranger is locked
    resp = _masuk(client, "dinsos", PASSWORD, ip="198.51.100.7")
    assert resp.status_code == 302 and resp["Location"] == "/"


def test_forged_forwarded_for_is_ignored_without_the_proxy_setting(client, dinsos, settings):
    settings.SIDAMPING_PROXY_TERPERCAYA = 0
    for i in range(5):
        client.post("/accounts/login/", {"username": "dinsos", "password": "salah"},
                    REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    resp = client.post("/accounts/login/", {"username": "dinsos", "password": PASSWORD},
                       REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert resp.status_code == 429
    assert "dikunci sementara" in resp.content.decode()


def test_one_address_trying_many_usernames_is_locked(client, settings, di_balik_proxy):
    settings.SIDAMPING_GAGAL_PER_IP = 20
    kota = wilayah("35.74")
    korban = PenggunaFactory(username="staf.lain", peran="dinsos", wilayah=kota)
    for i in range(20):  # one password sprayed over many usernames: never 5 on any one of them
        _masuk(client, f"pengguna{i}", "Sandi-musim-2026", ip="203.0.113.9")
    assert _masuk(client, korban.username, PASSWORD, ip="203.0.113.9").status_code == 429
    assert _masuk(client, korban.username, PASSWORD, ip="198.51.100.7").status_code == 302


def test_many_addresses_on_one_account_lock_it_only_for_unknown_addresses(client, dinsos, settings, di_balik_proxy):
    settings.SIDAMPING_GAGAL_PER_PENGGUNA = 30
    assert _masuk(client, "dinsos", PASSWORD, ip="198.51.100.7").status_code == 302  # the owner's usual address
    for i in range(30):
        _masuk(client, "dinsos", "salah", ip=f"203.0.113.{i}")
    assert _masuk(client, "dinsos", PASSWORD, ip="192.0.2.50").status_code == 429  # a new address: locked
    assert _masuk(client, "dinsos", PASSWORD, ip="198.51.100.7").status_code == 302  # the owner still gets in


def test_other_accounts_are_not_affected_by_a_locked_account(client, dinsos, tksk_kanigaran, di_balik_proxy):
    for i in range(40):
        _masuk(client, "dinsos", "salah", ip=f"203.0.113.{i}")
    assert _masuk(client, "tksk.kanigaran", PASSWORD, ip="192.0.2.50").status_code == 302


def test_owner_mistyping_five_times_is_locked_from_that_address(client, tksk_kanigaran, di_balik_proxy):
    for _ in range(5):
        _masuk(client, "tksk.kanigaran", "salah", ip="198.51.100.7")
    assert _masuk(client, "tksk.kanigaran", PASSWORD, ip="198.51.100.7").status_code == 429


@pytest.mark.parametrize("username", ["dinsos\x00", "x" * 300, "ﺩﻳﻨﺴﻮﺱ"])
def test_odd_usernames_get_a_form_error_not_a_crash(client, dinsos, di_balik_proxy, username):
    resp = _masuk(client, username, "salah", ip="203.0.113.9")
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "Nama pengguna atau sandi salah" in html or "Karakter null tidak diizinkan" in html


def test_unix_socket_peer_without_address_is_handled(settings):
    settings.SIDAMPING_PROXY_TERPERCAYA = 0
    assert ip_klien(RequestFactory().get("/", REMOTE_ADDR="")) == "0.0.0.0"
