"""Extension points of the registry, so higher apps (bantuan, laporan, pendampingan pages)
plug into household pages without pmks importing them (dependencies point one way).

A higher app registers in its ``AppConfig.ready()``:

    from pmks import ekstensi
    ekstensi.daftarkan_panel(Panel(kode="bantuan", judul="Bantuan", urutan=20,
                                   template="bantuan/includes/_panel_keluarga.html",
                                   konteks=lambda keluarga, user: {...}))
    ekstensi.daftarkan_linimasa(lambda keluarga, user: [PeristiwaLinimasa(...), ...])
    ekstensi.daftarkan_filter_bantuan(lambda qs, ada: qs.filter(...))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet


@dataclass(frozen=True)
class Panel:
    """A section of the household detail page contributed by another part of the product."""

    kode: str
    judul: str
    urutan: int
    template: str
    konteks: Callable[..., dict]  # (keluarga, user) -> template context for this panel


@dataclass(frozen=True)
class PeristiwaLinimasa:
    """One event on a household's timeline (newest first when shown)."""

    waktu: datetime
    jenis: str  # short label, e.g. "Usulan", "Kunjungan"
    judul: str
    keterangan: str = ""
    url: str = ""
    ikon: str = "bi-dot"
    oleh: str = ""
    extra: dict = field(default_factory=dict)


_panel: dict[str, Panel] = {}
_linimasa: list[Callable] = []
_filter_bantuan: list[Callable[[QuerySet, bool], QuerySet]] = []


def daftarkan_panel(panel: Panel) -> None:
    _panel[panel.kode] = panel


def panel_keluarga() -> list[Panel]:
    return sorted(_panel.values(), key=lambda p: p.urutan)


def daftarkan_linimasa(sumber: Callable) -> None:
    """``sumber(keluarga, user) -> list[PeristiwaLinimasa]``; must use a constant number of queries."""
    if sumber not in _linimasa:
        _linimasa.append(sumber)


def sumber_linimasa() -> list[Callable]:
    return list(_linimasa)


def daftarkan_filter_bantuan(fn: Callable[[QuerySet, bool], QuerySet]) -> None:
    """``fn(keluarga_qs, ada_bantuan: bool) -> keluarga_qs`` for the registry's "has aid" filter."""
    _filter_bantuan.clear()
    _filter_bantuan.append(fn)


def filter_bantuan() -> Callable[[QuerySet, bool], QuerySet] | None:
    return _filter_bantuan[0] if _filter_bantuan else None
