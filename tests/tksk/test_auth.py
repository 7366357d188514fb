"""Login, logout, password change, lock-out, deny-by-default, admin access, health check."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_user_is_sent_to_login_from_every_page(client):
    resp = client.get(reverse("home"))
    assert resp.status_code == 302
    assert resp["Location"].startswith("/accounts/login/")


def test_login_page_speaks_indonesian(client):
    resp = client.get("/accounts/login/")
    assert resp.status_code == 200
    assert "Masuk ke Sidamping" in resp.content.decode()


def test_tksk_logs_in_on_hari_ini_and_sees_own_kecamatan_on_home(client, tksk_kanigaran):
    resp = client.post("/accounts/login/", {"username": "tksk.kanigaran", "password": PASSWORD}, follow=True)
    assert resp.status_code == 200
    assert resp.redirect_chain[-1][0] == reverse("pmks:hari_ini")  # the TKSK's worklist is the landing page
    html = client.get(reverse("home")).content.decode()
    assert "Kecamatan Kanigaran" in html
    assert "Tisnonegaran" in html
    assert "Mayangan" not in html


def test_logout_requires_post_and_ends_the_session(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert client.get(reverse("home")).status_code == 302


def test_password_change_works_for_a_logged_in_user(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    resp = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "Pendamping-baru-2026", "new_password2": "Pendamping-baru-2026"},
    )
    assert resp.status_code == 302
    tksk_kanigaran.refresh_from_db()
    assert tksk_kanigaran.check_password("Pendamping-baru-2026")


def test_account_is_locked_after_five_failed_logins(client, tksk_kanigaran):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "tksk.kanigaran", "password": "salah"})
    resp = client.post("/accounts/login/", {"username": "tksk.kanigaran", "password": PASSWORD})
    assert resp.status_code == 429
    assert "dikunci sementara" in resp.content.decode()


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from django.conf import settings

    # Tests swap in a fast hasher; production uses Argon2 first (config/settings.py).
    import config.settings as s

    assert "Argon2PasswordHasher" in open(s.__file__).read()
    assert settings.AUTH_USER_MODEL == "tksk.Pengguna"


def test_tksk_cannot_open_the_admin(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    resp = client.get("/admin/")
    assert resp.status_code == 302
    assert "/admin/login/" in resp["Location"]


def test_administrator_can_manage_users_and_wilayah_in_admin(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/tksk/pengguna/").status_code == 200
    assert client.get("/admin/tksk/wilayah/").status_code == 200
    assert client.get("/admin/tksk/wilayah/import/").status_code == 200


def test_healthz_reports_database_ok_without_login(client):
    resp = client.get("/healthz")
    assert resp.status_code == 200
    assert resp.json() == {"status": "ok", "database": "ok"}


def test_wrong_password_message_reads_naturally(client, tksk_kanigaran):
    html = client.post("/accounts/login/", {"username": "tksk.kanigaran", "password": "salah"}).content.decode()
    assert "Nama pengguna atau sandi salah" in html
    assert "nama pengguna nama pengguna" not in html
