"""Security helpers shared by every app: the client's IP, safe redirect targets, login lock-out.

- ``ip_klien``: the client's address. Behind a reverse proxy every request comes from the
  proxy; only when the deployment says how many proxies it trusts
  (``SIDAMPING_PROXY_TERPERCAYA``) is ``X-Forwarded-For`` read, and then only the entry the
  outermost trusted proxy appended (entries further left are whatever the client sent).
- ``alihkan_aman``: the ONE way to redirect to a target the request supplies (``kembali``,
  ``next``): anything that is not a path on this site falls back to a fixed default.
- ``KunciBertingkat``: django-axes handler that locks per username + IP, per IP and per
  username independently, each with its own threshold (see README "Keamanan").
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme


def _alamat_sah(nilai: str) -> str | None:
    try:
        return str(ipaddress.ip_address(nilai.strip()))
    except ValueError:
        return None


def ip_klien(request: HttpRequest) -> str:
    """Client IP: REMOTE_ADDR, or with N trusted proxies the N-th ``X-Forwarded-For`` entry from the right."""
    langsung = _alamat_sah(request.META.get("REMOTE_ADDR") or "") or "0.0.0.0"
    jumlah_proxy = settings.SIDAMPING_PROXY_TERPERCAYA
    if jumlah_proxy <= 0:
        return langsung
    daftar = [x for x in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if x.strip()]
    if len(daftar) < jumlah_proxy:
        # The request did not pass through every proxy we were told about: trust nothing it says.
        return langsung
    return _alamat_sah(daftar[-jumlah_proxy]) or langsung


def tujuan_aman(request: HttpRequest, tujuan: str | None, cadangan: str) -> str:
    """``tujuan`` if it is a URL on this site (same host, no foreign scheme), else ``cadangan`` resolved."""
    tujuan = (tujuan or "").strip()
    berbahaya = "\\" in tujuan or any(ord(h) < 32 or ord(h) == 127 for h in tujuan)
    if tujuan and not berbahaya and url_has_allowed_host_and_scheme(
        tujuan, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return tujuan
    return resolve_url(cadangan)


def alihkan_aman(request: HttpRequest, tujuan: str | None, cadangan: str) -> HttpResponseRedirect:
    """Redirect to a user-supplied ``tujuan`` only when it stays on this site; otherwise to ``cadangan``."""
    return HttpResponseRedirect(tujuan_aman(request, tujuan, cadangan))


class KunciBertingkat(AxesDatabaseHandler):
    """Lock-out with three independent counters, each over the cool-off window.

    - username + IP: ``AXES_FAILURE_LIMIT`` (5) — the owner mistyping, or one attacker on one account;
    - IP alone: ``SIDAMPING_GAGAL_PER_IP`` (20) — one client trying many usernames (password spraying);
    - username alone: ``SIDAMPING_GAGAL_PER_PENGGUNA`` (30) — many clients on one account. So that
      strangers cannot lock an account out for its owner, this counter does not apply to an IP from
      which the account logged in successfully within ``SIDAMPING_IP_DIKENAL_HARI`` days.

    axes decides with ``get_failures() >= AXES_FAILURE_LIMIT``; this handler returns the pair count,
    raised to the limit when one of the other counters reached its own threshold.
    """

    def get_failures(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        ip = getattr(request, "axes_ip_address", None) or ip_klien(request)
        percobaan = AccessAttempt.objects.all()
        if settings.AXES_COOLOFF_TIME is not None:
            percobaan = percobaan.filter(attempt_time__gte=get_cool_off_threshold(request))

        def jumlah(**saring) -> int:
            return percobaan.filter(**saring).aggregate(n=Sum("failures_since_start"))["n"] or 0

        batas = settings.AXES_FAILURE_LIMIT
        pasangan = jumlah(username=username, ip_address=ip)
        if pasangan >= batas:
            return pasangan
        if jumlah(ip_address=ip) >= settings.SIDAMPING_GAGAL_PER_IP:
            return batas
        if username and jumlah(username=username) >= settings.SIDAMPING_GAGAL_PER_PENGGUNA:
            sejak = timezone.now() - timedelta(days=settings.SIDAMPING_IP_DIKENAL_HARI)
            dikenal = AccessLog.objects.filter(username=username, ip_address=ip, attempt_time__gte=sejak).exists()
            if not dikenal:
                return batas
        return pasangan
