"""One definition per rule (issue #11): one guard API, one transition shape.

Reads the source through the repo's own counter (``bin/ukur-aturan``), so the number the
closing note quotes and the number this test holds at zero are the same number.
"""

from __future__ import annotations

import importlib
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

import pytest
from django.db import models

from tksk.permissions import Aksi

ROOT = Path(__file__).resolve().parents[2]
# Every status machine: (module, map) → its status class, the map next to it in the same choices.py.
PETA = {
    ("pmks.registri.choices", "TRANSISI"): "StatusKeluarga",
    ("pmks.registri.choices", "TRANSISI_PERMINTAAN"): "StatusPermintaan",
    ("pmks.pendampingan.choices", "TRANSISI"): "StatusRujukan",
    ("pmks.pendampingan.choices", "TRANSISI_TINDAK_LANJUT"): "StatusTindakLanjut",
    ("bantuan.choices", "TRANSISI"): "StatusUsulan",
    ("laporan.choices", "TRANSISI"): "StatusLaporan",
    ("bantuan.aduan.choices", "TRANSISI"): "StatusAduan",
    ("bantuan.choices", "TRANSISI_TANDA_DESIL"): "StatusTandaDesil",
    ("pmks.ganda.choices", "TRANSISI"): "StatusPasangan",
}


def _ukur() -> dict[str, list[str]]:
    loader = SourceFileLoader("ukur_aturan", str(ROOT / "bin" / "ukur-aturan"))
    modul = module_from_spec(spec_from_loader("ukur_aturan", loader))
    loader.exec_module(modul)
    return modul.ukur()


@pytest.fixture(scope="module")
def ukuran():
    return _ukur()


def test_no_guard_helper_outside_tksk_permissions_and_scoping(ukuran):
    assert ukuran["guard helpers"] == []


def test_no_role_check_written_out_instead_of_wajib(ukuran):
    assert ukuran["inline role checks"] == []


def test_one_verb_for_check(ukuran):
    verba = {baris.split(" ", 1)[0]: baris for baris in ukuran["check verbs"]}
    assert set(verba) <= {"periksa", "validasi"}
    # The one exception: ``validasi_foto``, a model-field validator named in migration pmks 0003
    # (renaming it would mean editing a shipped migration).
    if "validasi" in verba:
        assert verba["validasi"].startswith("validasi (1): ") and verba["validasi"].endswith(" validasi_foto")


def test_every_transition_map_lives_in_a_choices_module_keyed_by_from_and_to(ukuran):
    assert len(ukuran["transition maps"]) == len(PETA)
    for baris in ukuran["transition maps"]:
        assert "/choices.py:" in baris and "[(dari, ke) → Aksi; choices.py]" in baris, baris


@pytest.mark.parametrize("modul,peta,kelas", [(m, p, k) for (m, p), k in sorted(PETA.items())])
def test_each_map_pairs_two_real_statuses_with_an_action(modul, peta, kelas):
    m = importlib.import_module(modul)
    status: type[models.TextChoices] = getattr(m, kelas)
    transisi = getattr(m, peta)
    assert transisi, modul
    for (dari, ke), aksi in transisi.items():
        assert dari in status.values and ke in status.values and dari != ke, (modul, dari, ke)
        assert isinstance(aksi, Aksi)
