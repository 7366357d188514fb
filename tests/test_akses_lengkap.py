"""Completeness of the URL × role matrix (tests/akses.py): every named URL of the product appears
in at least one matrix table (``KASUS`` of a ``tests/**/test_*akses_url.py`` module), resolved from
the table's own URL builders. Django's admin and the auth views are allow-listed explicitly."""

from __future__ import annotations

import importlib
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from tests.akses import Kasus
from tests.korpus.test_kelengkapan import pola_url

NAMESPACE_DIIZINKAN = {"admin"}  # Django's admin: staff only, tested by Django
NAMA_DIIZINKAN = {  # django.contrib.auth.urls besides password_change (which is in the tksk table)
    "login", "logout", "password_change_done", "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete",
}


class _Apa:
    """Stands in for every object of a matrix's "dunia": ``d['x'].pk`` is 1, ``str()`` is "1"."""

    pk = 1

    def __getattr__(self, nama):
        return self

    def __getitem__(self, kunci):
        return self

    def __str__(self) -> str:
        return "1"


def tabel_matriks() -> dict[str, list[Kasus]]:
    akar = Path(__file__).resolve().parent
    hasil = {}
    for berkas in sorted(akar.rglob("test_*akses_url.py")):
        modul = ".".join(berkas.relative_to(akar.parent).with_suffix("").parts)
        hasil[modul] = importlib.import_module(modul).KASUS
    return hasil


def nama_di_matriks() -> dict[str, set[str]]:
    """URL name → the matrix tables that cover it."""
    hasil: dict[str, set[str]] = {}
    for modul, kasus_list in tabel_matriks().items():
        for kasus in kasus_list:
            jalur = urlsplit(kasus.url(_Apa())).path
            try:
                nama = resolve(jalur).view_name
            except Resolver404:
                continue  # deliberately unknown URLs (e.g. a non-existent verb) cover nothing
            hasil.setdefault(nama, set()).add(modul)
    return hasil


def test_matrix_tables_are_found():
    assert len(tabel_matriks()) >= 6


def test_every_url_name_is_in_a_url_role_matrix():
    tercakup = nama_di_matriks()
    hilang = sorted(
        nama for nama, _rute, ns in pola_url()
        if nama and nama not in tercakup and nama not in NAMA_DIIZINKAN and not (set(ns) & NAMESPACE_DIIZINKAN)
    )
    assert not hilang, f"URL tanpa baris di matriks URL × peran (tests/**/test_*akses_url.py): {hilang}"
