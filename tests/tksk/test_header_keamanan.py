"""Security headers on every response, and `manage.py check --deploy` clean with production settings.

CSP (no inline script/style, admin allowed inline styles only), nosniff, Referrer-Policy,
``Cache-Control: private, no-store`` for everything a logged-in user receives (pages and files,
not static files), HSTS when DEBUG is off.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import Client, RequestFactory

from tksk.middleware import KebijakanKontenMiddleware

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _csp(resp) -> dict[str, list[str]]:
    kebijakan = {}
    for bagian in resp["Content-Security-Policy"].split(";"):
        kata = bagian.split()
        if kata:
            kebijakan[kata[0]] = kata[1:]
    return kebijakan


@pytest.mark.parametrize("url", ["/", "/pmks/", "/bantuan/", "/laporan/", "/pmks/impor/", "/tidak-ada/"])
def test_every_page_carries_a_strict_content_security_policy(client, tksk_kanigaran, url):
    client.force_login(tksk_kanigaran)
    kebijakan = _csp(client.get(url))
    assert kebijakan["default-src"] == ["'self'"]
    assert kebijakan["script-src"] == ["'self'"]
    assert kebijakan["style-src"] == ["'self'"]
    assert kebijakan["object-src"] == ["'none'"]
    assert kebijakan["frame-ancestors"] == ["'none'"]
    assert kebijakan["base-uri"] == ["'self'"] and kebijakan["form-action"] == ["'self'"]


def test_login_page_carries_the_policy_too(client):
    assert _csp(client.get("/accounts/login/"))["script-src"] == ["'self'"]


def test_admin_may_use_inline_styles_but_only_one_hashed_inline_handler(client, admin_user):
    import base64
    import hashlib

    client.force_login(admin_user)
    kebijakan = _csp(client.get("/admin/tksk/wilayah/"))
    assert kebijakan["style-src"] == ["'self'", "'unsafe-inline'"]
    handler = base64.b64encode(hashlib.sha256(b"onSelectToggleChange(event)").digest()).decode()
    assert kebijakan["script-src"] == ["'self'", "'unsafe-hashes'", f"'sha256-{handler}'"]


def test_an_existing_policy_on_a_file_response_is_kept():
    def berkas(request):
        resp = HttpResponse(b"%PDF-1.4", content_type="application/pdf")
        resp["Content-Security-Policy"] = "sandbox"
        return resp

    resp = KebijakanKontenMiddleware(berkas)(RequestFactory().get("/bantuan/lampiran/1/"))
    assert resp["Content-Security-Policy"] == "sandbox"


def test_pages_send_nosniff_and_a_same_origin_referrer_policy(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    resp = client.get("/pmks/")
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Referrer-Policy"] == "same-origin"
    assert resp["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ["/", "/pmks/", "/bantuan/", "/pmks/ekspor/keluarga.csv", "/tidak-ada/"])
def test_authenticated_pages_and_downloads_are_never_stored(client, tksk_kanigaran, url):
    client.force_login(tksk_kanigaran)
    assert client.get(url)["Cache-Control"] == "private, no-store"


def test_visit_photo_is_never_stored(client, tksk_kanigaran, kel_kanigaran, settings, tmp_path):
    from datetime import date

    from pmks.pendampingan.models import FotoKunjungan
    from tests.factories import KeluargaFactory
    from tests.pmks.pendampingan.test_pendampingan_bantu import foto_uji, kunjungan

    settings.MEDIA_ROOT = tmp_path
    kj = kunjungan(KeluargaFactory(kelurahan=kel_kanigaran), tanggal=date(2026, 3, 1), oleh=tksk_kanigaran)
    foto = FotoKunjungan.objects.create(kunjungan=kj, berkas=foto_uji(), diunggah_oleh=tksk_kanigaran)
    client.force_login(tksk_kanigaran)
    resp = client.get(f"/pmks/pendampingan/foto/{foto.pk}/")
    assert resp.status_code == 200
    assert resp["Cache-Control"] == "private, no-store"


def test_never_cache_directives_stay_next_to_no_store(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    arahan = {d.strip() for d in client.get("/healthz")["Cache-Control"].split(",")}
    assert {"private", "no-store", "no-cache", "must-revalidate"} <= arahan
    assert not any(d.startswith("max-age") for d in arahan)


def test_static_files_keep_their_own_caching(settings, tksk_kanigaran):
    settings.WHITENOISE_USE_FINDERS = True
    klien = Client()  # WhiteNoise reads its settings when the handler is built
    klien.force_login(tksk_kanigaran)
    resp = klien.get("/static/css/sidamping.css")
    assert resp.status_code == 200
    assert "no-store" not in resp.get("Cache-Control", "")


def _env_produksi() -> dict[str, str]:
    db = django_settings.DATABASES["default"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIDAMPING_", "DJANGO_"))}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="sidamping.example.go.id",
        CSRF_TRUSTED_ORIGINS="https://sidamping.example.go.id",
        DATABASE_URL=f"postgres://{db['USER']}@{quote(str(db['HOST']), safe='')}/{db['NAME']}",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def test_check_deploy_reports_no_issues_with_production_settings():
    hasil = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=_env_produksi(), capture_output=True, text=True, timeout=120,
    )
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr
    assert "System check identified no issues" in hasil.stdout


def test_production_settings_send_hsts_and_the_policy_over_https():
    skrip = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/healthz', secure=True, HTTP_HOST='sidamping.example.go.id')\n"
        "print(r.status_code); print(r['Strict-Transport-Security']); print(r['Content-Security-Policy'])\n"
        "print(Client().get('/healthz', HTTP_HOST='sidamping.example.go.id').status_code)\n"
    )
    hasil = subprocess.run(
        [sys.executable, "-c", skrip], cwd=ROOT, env=_env_produksi(), capture_output=True, text=True, timeout=120
    )
    assert hasil.returncode == 0, hasil.stderr
    status, hsts, csp, tanpa_https = hasil.stdout.splitlines()[-4:]
    assert status == "200"
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in csp
    assert tanpa_https == "301"  # plain HTTP is sent to HTTPS
