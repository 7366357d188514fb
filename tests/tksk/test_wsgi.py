"""A gunicorn worker forked from the preloaded app serves its first page without importing the views
(or WeasyPrint) on that user's request."""

import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

SKRIP = r"""
import sys
import config.wsgi
from django.db import connections
assert all(c.connection is None for c in connections.all()), "loading the app opened a connection"
sebelum = set(sys.modules)
hasil = []
config.wsgi.application(
    {"REQUEST_METHOD": "GET", "PATH_INFO": "/accounts/login/", "SERVER_NAME": "localhost", "SERVER_PORT": "80",
     "wsgi.url_scheme": "http", "wsgi.input": __import__("io").BytesIO(), "wsgi.errors": sys.stderr},
    lambda status, headers, *a: hasil.append(status),
)
baru = sorted(m for m in set(sys.modules) - sebelum
              if m.split(".")[0] in {"tksk", "pmks", "bantuan", "laporan", "aduan", "weasyprint"})
print("STATUS=" + hasil[0])
print("BARU=" + ",".join(baru))
"""


def test_first_request_of_a_forked_worker_imports_no_view_module():
    db = connection.settings_dict
    env = {"PATH": "/usr/bin:/bin", "SIDAMPING_DB_NAME": db["NAME"], "SIDAMPING_PGHOST": db["HOST"] or "",
           "DJANGO_SETTINGS_MODULE": "config.settings", "SIDAMPING_TESTING": "1"}
    out = subprocess.run([sys.executable, "-c", SKRIP], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    baris = dict(b.split("=", 1) for b in out.stdout.splitlines() if b.startswith(("STATUS=", "BARU=")))
    status, baru = baris["STATUS"], baris["BARU"]
    assert status.startswith(("200", "302")), out.stdout
    assert baru == "", f"imported on the first request: {baru}"
