"""URL × role matrix helper (STYLE.md §14, after pretix's test_permissions).

Each app keeps a table of ``Kasus`` in ``tests/<app>/test_akses_url.py`` and parametrizes over
``kasus × persona``. Every new URL joins its app's table. Expected codes are per persona;
``ANONIM`` is always a redirect to the login page.

Conventions: out-of-area object → 404; read-only role attempting a write → 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.simpan_aman import dengan_token, versi_kini

PERSONA = ["anonim", "tksk_kanigaran", "tksk_mayangan", "dinsos", "pejabat_kota", "pejabat_kanigaran", "admin"]


@dataclass
class Kasus:
    nama: str
    url: Callable[[dict], str]  # receives the "dunia" dict of objects built by the test
    harapan: dict[str, int]  # persona → status code (anonim defaults to 302)
    method: str = "get"
    data: Callable[[dict], dict] = field(default=lambda dunia: {})
    # persona → "#10 item N: …" for a known defect on this branch (strict xfail, see kombinasi)
    cacat: dict[str, str] = field(default_factory=dict)
    # an edit form: the object whose current version the posted form carries (as a browser would)
    versi_dari: Callable[[dict], object] | None = None

    def status_untuk(self, persona: str) -> int:
        if persona == "anonim":
            return self.harapan.get("anonim", 302)
        return self.harapan[persona]


def semua(kode: int, **kecuali: int) -> dict[str, int]:
    """Expected code for every logged-in persona, with exceptions: semua(200, tksk_mayangan=404)."""
    hasil = {p: kode for p in PERSONA if p != "anonim"}
    hasil.update(kecuali)
    return hasil


def kombinasi(kasus_list: list[Kasus]) -> list:
    """``kasus × persona`` as pytest params; a known defect (``Kasus.cacat``) is a strict xfail, so
    the fix turns it into a failure and the marker must be removed."""
    import pytest

    return [
        pytest.param(
            k, p, id=f"{k.nama}-{p}",
            marks=[pytest.mark.xfail(strict=True, reason=k.cacat[p])] if p in k.cacat else [],
        )
        for k in kasus_list
        for p in PERSONA
    ]


def periksa(client, kasus: Kasus, persona: str, personas: dict, dunia: dict) -> None:
    if persona != "anonim":
        client.force_login(personas[persona])
    url = kasus.url(dunia)
    if kasus.method == "post":
        data = kasus.data(dunia)
        if persona != "anonim":  # a form opened in the browser carries its one-time token
            data = dengan_token(personas[persona], url, data)
        if kasus.versi_dari is not None:  # ... and the version of the record it shows
            data["versi"] = versi_kini(kasus.versi_dari(dunia))
        resp = client.post(url, data)
    else:
        resp = client.get(url)
    harapan = kasus.status_untuk(persona)
    assert resp.status_code == harapan, (
        f"{kasus.nama} {kasus.method.upper()} {url} sebagai {persona}: "
        f"harapan {harapan}, didapat {resp.status_code}"
    )
    if persona == "anonim" and harapan == 302:
        assert "login" in resp["Location"]
