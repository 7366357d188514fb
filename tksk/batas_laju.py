"""Rate limits on answers that say whether a NIK / No. KK exists, on uploads and on exports.

Counted per user (per IP before login) by django-ratelimit in the shared database cache
(``tksk.cache.DatabaseCacheAtomik``), so every gunicorn worker sees the same count. Rates live in
``settings.SIDAMPING_BATAS_LAJU`` ("60/h" = 60 per hour, fixed windows); a request over the limit
gets the 429 page (``tksk.views.terlalu_banyak_permintaan``).

Groups:
- ``cek-nomor``: registry form and "Ganti No. KK" posts — they answer "this NIK / No. KK is
  already registered (elsewhere)", also for households outside the user's area;
- ``cari-nomor``: household search by a number (digits only);
- ``unggah``: spreadsheet uploads (household import, BNBA) — their preview answers the same
  question for every row;
- ``ekspor``: household / member exports;
- ``cek-aduan``: the public complaint status page (ticket code + 4 phone digits), per IP.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited

JENIS = {
    "cek-nomor": "pemeriksaan NIK/No. KK lewat formulir",
    "cari-nomor": "pencarian dengan NIK/No. KK",
    "unggah": "unggahan berkas",
    "ekspor": "ekspor data",
    "cek-aduan": "pengecekan status aduan",
}


def _laju(group: str, request) -> str | None:
    return settings.SIDAMPING_BATAS_LAJU.get(group)


def cari_dengan_nomor(request) -> bool:
    """The household search box holds a number (NIK / No. KK or a prefix of one)."""
    q = request.GET.get("q", "").replace(" ", "").replace(".", "")
    return len(q) >= 4 and q.isascii() and q.isdigit()


def batasi(grup: str, *, method: str | list[str] = "POST", bila: Callable | None = None):
    """View decorator: beyond ``SIDAMPING_BATAS_LAJU[grup]`` requests of ``method`` a user gets 429.

    ``bila(request)`` narrows which requests count (e.g. only searches by number).
    """
    if grup not in JENIS:
        raise ValueError(f"grup batas laju tidak dikenal: {grup}")

    def dekorator(view):
        @wraps(view)
        def dibungkus(request, *args, **kwargs):
            if (bila is None or bila(request)) and is_ratelimited(
                request, group=grup, key="user_or_ip", rate=_laju, method=method, increment=True
            ):
                request.batas_grup = grup
                raise Ratelimited()
            return view(request, *args, **kwargs)

        return dibungkus

    return dekorator
