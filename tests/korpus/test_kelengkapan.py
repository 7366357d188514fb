"""Completeness of the bad-input corpus: every URL of the product is either a POST view in the
corpus (``daftar.FORMULIR``) or explicitly listed as GET-only (``daftar.GET_SAJA``) or as Django's
own (``DILUAR_KORPUS``). A new URL that is in none of them fails here, so a new POST view cannot
ship without joining the corpus (STYLE.md §17)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from .daftar import DILUAR_KORPUS, DILUAR_KORPUS_NAMESPACE, FORMULIR, GET_SAJA


def pola_url(resolver: URLResolver | None = None, ns: tuple[str, ...] = (), awalan: str = ""):
    """(namespaced name or None, route, namespace tuple) of every URL pattern, walking includes."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from pola_url(p, ns + ((p.namespace,) if p.namespace else ()), awalan + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield (":".join((*ns, p.name)) if p.name else None), awalan + str(p.pattern), ns


def _nama_proyek() -> dict[str, str]:
    return {nama: rute for nama, rute, ns in pola_url() if not (set(ns) & DILUAR_KORPUS_NAMESPACE)}


def test_every_url_outside_the_admin_has_a_name():
    tanpa_nama = [rute for nama, rute, ns in pola_url() if nama is None and not (set(ns) & DILUAR_KORPUS_NAMESPACE)]
    assert not tanpa_nama, f"URL tanpa nama tidak dapat dilacak korpus: {tanpa_nama}"


def test_every_post_view_is_in_the_bad_input_corpus():
    dikenal = {f.url_name for f in FORMULIR} | GET_SAJA | set(DILUAR_KORPUS)
    asing = {nama: rute for nama, rute in _nama_proyek().items() if nama not in dikenal}
    assert not asing, (
        "URL baru belum masuk korpus masukan jahat: tambahkan Formulir di tests/korpus/daftar.py "
        f"(view POST) atau namanya ke GET_SAJA (hanya GET): {asing}"
    )


def test_corpus_lists_name_only_existing_urls_and_no_url_twice():
    ada = set(_nama_proyek())
    post = {f.url_name for f in FORMULIR}
    assert not (post - ada), f"Formulir untuk URL yang tidak ada: {post - ada}"
    assert not (GET_SAJA - ada), f"GET_SAJA memuat URL yang tidak ada: {GET_SAJA - ada}"
    assert not (post & GET_SAJA), f"URL sekaligus POST dan GET_SAJA: {post & GET_SAJA}"
    assert not (set(DILUAR_KORPUS) & (post | GET_SAJA))
