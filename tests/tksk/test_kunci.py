"""Every advisory-lock class the database's functions take is registered once in ``tksk.kunci``."""

import re

import pytest
from django.db import connection

from tksk.kunci import KelasKunci

pytestmark = pytest.mark.django_db

_KELAS = re.compile(r"pg_(?:try_)?advisory_(?:xact_)?lock(?:_shared)?\s*\(\s*(\d+)\s*,")


def _kelas_di_basis_data() -> dict[str, set[int]]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'public' AND p.prosrc ~ 'pg_(try_)?advisory'"
        )
        return {nama: {int(k) for k in _KELAS.findall(src)} for nama, src in cur.fetchall()}


def test_every_advisory_lock_class_in_the_database_functions_is_registered():
    dipakai = _kelas_di_basis_data()
    assert dipakai, "the rollup/facts refresh functions take advisory locks: none found"
    terdaftar = {k.value for k in KelasKunci}
    asing = {nama: kelas - terdaftar for nama, kelas in dipakai.items() if kelas - terdaftar}
    assert not asing, f"advisory-lock classes not registered in tksk.kunci.KelasKunci: {asing}"


def test_every_registered_lock_class_is_used_by_some_database_function():
    dipakai = set().union(*_kelas_di_basis_data().values())
    assert {k.value for k in KelasKunci} <= dipakai

