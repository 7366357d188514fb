"""Shared measuring helper for the ``bench_*`` management commands (figures, not tests)."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def ukur_halaman(user, url: str, *, ulang: int, dingin: bool = False) -> tuple[list[float], list[dict], object]:
    """GET ``url`` as ``user`` ``ulang`` times after one warm-up request.

    ``dingin``: the cache is cleared before each timed request, so figures a page keeps (the home
    dashboard) are counted again: the first view's cost. A streaming response (an export) is read
    to its end inside the timing. Returns the times in ms, the queries of the last request and the
    last response.
    """
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    client.get(url)  # warm-up (session, caches)
    waktu: list[float] = []
    for _ in range(ulang):
        if dingin:
            cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            resp = client.get(url)
            for _ in resp.streaming_content if getattr(resp, "streaming", False) else ():
                pass
            waktu.append((time.perf_counter() - t0) * 1000)
        if resp.status_code != 200:
            raise CommandError(f"{url} menjawab {resp.status_code}")
    return waktu, ctx.captured_queries, resp


def jumlah_hasil(konteks) -> str:
    """What a list page's rows add up to, for a benchmark row: a counted list's total; a keyset list
    (``tksk.paginasi.PaginatorKunci``, which counts nothing) its first page's rows, "+" when more follow;
    "-" for a page without a list."""
    halaman = (konteks or {}).get("page_obj") or (konteks or {}).get("halaman")
    paginator = getattr(halaman, "paginator", None)
    if paginator is None:
        return "-"
    if getattr(paginator, "kunci", False):
        return f"{len(halaman.object_list)}{'+' if halaman.has_next() else ''}"
    return str(paginator.count)
