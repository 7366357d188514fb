"""Every URL of the product is classified for safe saving: a create form with a one-time token, an
edit form with a version, another guarded write, or read-only. A new URL fails here until it
joins a table in tests/formulir_dunia.py (and so the resend / stale-version tests)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from tests.formulir_dunia import FORM_BUAT, FORM_UBAH, POST_LAIN, TANPA_TULIS

# Django's admin has its own change forms (admin only; the registry is view-only there).
NAMESPACE_DILEWATI = {"admin"}


def _nama_url(resolver=None, ns: str = ""):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            sub = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            if sub not in NAMESPACE_DILEWATI:
                yield from _nama_url(p, sub)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{ns}:{p.name}" if ns else p.name


def test_every_url_is_a_token_create_a_versioned_edit_a_guarded_write_or_read_only():
    tabel = [set(FORM_BUAT), set(FORM_UBAH), set(POST_LAIN), TANPA_TULIS]
    semua = set(_nama_url())
    tanpa_kelas = sorted(n for n in semua if not any(n in t for t in tabel))
    assert not tanpa_kelas, f"URL tanpa kelas simpan-aman (tambahkan ke tests/formulir_dunia.py): {tanpa_kelas}"
    ganda = sorted(n for n in semua if sum(n in t for t in tabel) > 1)
    assert not ganda, ganda
    usang = sorted(n for t in tabel for n in t if n not in semua)
    assert not usang, f"nama URL yang sudah tidak ada: {usang}"
