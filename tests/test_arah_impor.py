"""Dependencies point one way: tksk ← pmks ← bantuan ← laporan (STYLE.md §1).

No module of a lower app imports a higher app: not at module level, not inside a function, not
relatively, not through ``importlib.import_module("…")``. The source is read with ``ast`` (nothing
is imported); tests and migrations are not checked.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URUTAN = ["tksk", "pmks", "bantuan", "laporan"]  # lowest first


def _nama_modul(path: Path) -> str:
    bagian = list(path.relative_to(ROOT).with_suffix("").parts)
    if bagian[-1] == "__init__":
        bagian.pop()
    return ".".join(bagian)


def modul_diimpor(sumber: str, modul: str, *, paket: bool = False) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in ``sumber``, the source of ``modul``."""
    basis = modul.split(".") if paket else modul.split(".")[:-1]
    hasil = []
    for node in ast.walk(ast.parse(sumber)):
        if isinstance(node, ast.Import):
            hasil += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                induk = basis[: len(basis) - (node.level - 1)]
                nama = ".".join([*induk, node.module] if node.module else induk)
            else:
                nama = node.module or ""
            hasil.append((node.lineno, nama))
        elif (
            isinstance(node, ast.Call)
            and ast.unparse(node.func).split(".")[-1] == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            hasil.append((node.lineno, node.args[0].value))
    return hasil


def impor_ke_atas() -> list[str]:
    pelanggaran = []
    for app in URUTAN:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            modul = _nama_modul(path)
            sumber = path.read_text(encoding="utf-8")
            for baris, nama in modul_diimpor(sumber, modul, paket=path.name == "__init__.py"):
                tujuan = nama.split(".")[0]
                if tujuan in URUTAN and URUTAN.index(tujuan) > URUTAN.index(app):
                    pelanggaran.append(f"{path.relative_to(ROOT)}:{baris} → {nama}")
    return pelanggaran


def test_no_lower_app_imports_a_higher_app():
    assert impor_ke_atas() == []


def test_the_check_sees_function_level_relative_and_dynamic_imports():
    sumber = """
import laporan.periode
from bantuan.models import Usulan

def f():
    from laporan.bagian import cakupan
    from .. import services
    from . import choices
    import_module("bantuan.demo")
"""
    nama = [n for _, n in modul_diimpor(sumber, "pmks.pendampingan.views")]
    assert nama == ["laporan.periode", "bantuan.models", "laporan.bagian", "pmks", "pmks.pendampingan", "bantuan.demo"]


def test_the_check_resolves_relative_imports_of_a_package():
    assert modul_diimpor("from . import ekstensi", "pmks", paket=True) == [(1, "pmks")]
    assert modul_diimpor("from .models import Impor", "pmks.impor", paket=True) == [(1, "pmks.impor.models")]


def _semua_impor(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            modul = _nama_modul(path)
            for baris, nama in modul_diimpor(path.read_text(encoding="utf-8"), modul, paket=path.name == "__init__.py"):
                yield path.relative_to(ROOT).as_posix(), baris, nama


def test_only_template_tag_modules_import_template_tag_modules():
    """Formatting for Python code lives in tksk.format; a templatetags module is for templates."""
    salah = [f"{p}:{b} → {n}" for app in URUTAN for p, b, n in _semua_impor(app)
             if ".templatetags" in n and "/templatetags/" not in p]
    assert salah == []


def test_template_tags_do_not_import_views():
    salah = [f"{p}:{b} → {n}" for app in URUTAN for p, b, n in _semua_impor(app)
             if "/templatetags/" in p and n.split(".")[-1] == "views"]
    assert salah == []
