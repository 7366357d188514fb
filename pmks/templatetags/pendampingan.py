"""Template helpers of the pendampingan pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def nama_keluarga(keluarga) -> str:
    """'Keluarga <kepala>' from a prefetched ``kepala_list`` (never an extra query per row)."""
    kepala = getattr(keluarga, "kepala_list", None)
    if kepala:
        return f"Keluarga {kepala[0].nama}"
    return f"Keluarga di {keluarga.alamat}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
