"""Small hand-built SVG charts: geometry computed here, drawn by
``templates/laporan/includes/_grafik.html`` (inline SVG works in browsers and WeasyPrint).

A chart is a JSON-ready dict, so it is frozen in the snapshot together with the figures.
"""

from __future__ import annotations

from tksk.format import format_angka

LEBAR = 640
TINGGI_BATANG = 16
JARAK = 6
LEBAR_LABEL = 220
# Longest label that fits LEBAR_LABEL at font-size 11 (DejaVu Sans ≈ 6-7 px a character); longer ones
# end in "…" instead of being clipped at the chart's left edge ("imbingan perorangan/keluarg").
PANJANG_LABEL = 30
LEBAR_NILAI = 110
WARNA = ["#2f6f5e", "#d08c2f", "#3b6ea5", "#9c4f7a", "#6b8e23"]


def _label(teks: str) -> str:
    return teks if len(teks) <= PANJANG_LABEL else teks[: PANJANG_LABEL - 1].rstrip() + "…"


def _teks_nilai(nilai: float, format: str) -> str:
    teks = format_angka(nilai)
    return f"Rp{teks}" if format == "rupiah" else teks


def batang(*, kode: str, judul: str, data: list[tuple[str, float]], format: str = "angka", warna: int = 0) -> dict:
    """A horizontal bar chart of ``data`` [(label, value)], longest bar = full width."""
    maks = max((nilai for _, nilai in data), default=0) or 1
    lebar_area = LEBAR - LEBAR_LABEL - LEBAR_NILAI
    batang_list = []
    for i, (label, nilai) in enumerate(data):
        y = i * (TINGGI_BATANG + JARAK)
        panjang = round(lebar_area * nilai / maks, 1) if nilai else 0
        batang_list.append(
            {
                "label": _label(label),
                "nilai": nilai,
                "teks": _teks_nilai(nilai, format),
                "y": y,
                "y_teks": y + TINGGI_BATANG - 4,
                "panjang": panjang,
                "x_nilai": LEBAR_LABEL + panjang + 4,
            }
        )
    return {
        "kode": kode,
        "judul": judul,
        "lebar": LEBAR,
        "tinggi": max(len(data), 1) * (TINGGI_BATANG + JARAK),
        "x_batang": LEBAR_LABEL,
        "tinggi_batang": TINGGI_BATANG,
        "warna": WARNA[warna % len(WARNA)],
        "batang": batang_list,
        "kosong": not any(nilai for _, nilai in data),
    }
