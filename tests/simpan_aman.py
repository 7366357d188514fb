"""Helpers for POSTing to forms guarded by ``tksk.konkurensi`` (one-time create tokens, edit versions).

A test that posts to a create view must carry a token like a browser would after opening the
form; ``dengan_token`` issues one for the user and the path, exactly as the form page does.
"""

from __future__ import annotations

import re

from tksk.konkurensi import KODE_TOKEN, token_terbitkan


def token_untuk(user, path: str) -> str:
    return token_terbitkan(pengguna=user, tujuan=path)


def dengan_token(user, path: str, data: dict | None = None) -> dict:
    """``data`` plus a fresh form token of ``user`` for ``path`` (the form's action URL)."""
    return {**(data or {}), KODE_TOKEN: token_untuk(user, path)}


def versi_kini(obj) -> int:
    """The stored version of ``obj`` (what a form opened now would carry)."""
    return type(obj).objects.values_list("versi", flat=True).get(pk=obj.pk)


def dengan_token_klien(client, path: str, data: dict | None = None) -> dict:
    """``dengan_token`` for the user logged in on the test ``client``."""
    from django.contrib.auth import get_user

    return dengan_token(get_user(client), path, data)


_TERSEMBUNYI = re.compile(r'<input[^>]*name="(?P<nama>token_formulir|versi)"[^>]*>')
_NILAI = re.compile(r'value="(?P<nilai>[^"]*)"')


def kirim_seperti_peramban(client, url: str, data: dict | None = None, *, halaman: str | None = None, **kwargs):
    """POST ``data`` to ``url`` as a browser would after opening the form: the hidden one-time token
    and edit version come from the form page (``halaman``, default ``url``) unless ``data`` sets them."""
    isi = dict(data or {})
    html = client.get(halaman or url).content.decode(errors="replace")
    for m in _TERSEMBUNYI.finditer(html):
        nilai = _NILAI.search(m.group(0))
        if nilai and m.group("nama") not in isi:
            isi[m.group("nama")] = nilai.group("nilai")
    return client.post(url, isi, **kwargs)
