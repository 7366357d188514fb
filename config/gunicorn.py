"""gunicorn settings for production: ``gunicorn -c config/gunicorn.py config.wsgi``.

Every value can be overridden from the environment (``GUNICORN_WORKERS=…``) or on the command line.

Sidamping's pages are CPU work in Python (templates, forms) plus short queries on a PostgreSQL that
usually runs on the same machine. Measured with ``manage.py bench_skala`` on 2 cores (README, "Skala"):
more processes than about two per core only add context switches and memory; a thread per worker
beside the first lets a worker render one page while another of its requests waits on the database.
Sync workers behind a reverse proxy (nginx buffers slow clients); ``max_requests`` bounds the memory
a long-lived worker grows to.
"""

from __future__ import annotations

import multiprocessing
import os


def _angka(nama: str, bawaan: int) -> int:
    return int(os.environ.get(nama, bawaan))


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = _angka("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count())
threads = _angka("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _angka("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
max_requests = _angka("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# Django is imported once in the master and the workers fork from it (less memory, faster restart);
# no database connection is opened at import time, so none is shared between workers.
preload_app = True
