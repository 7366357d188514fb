"""The growth tables of ``bench_skala``, read from the merged results ``{ukuran: {label: {...}}}``
(so sizes measured in separate runs compare too): every figure per size with its factor from the
smallest to the largest size; the subjects' sizes per size; and, per page, the growth of the
largest subject beside that of the fixed-size one (≈ 1 when the cost does not depend on areas the
user cannot see)."""

from __future__ import annotations

from laporan.bench.halaman import LEBAR

SUBJEK = (("terbesar", "kecamatan", "kecamatan terbesar"), ("terbesar", "kota", "kab/kota terbesar"),
          ("tetap", "kecamatan", "kecamatan ukuran tetap"), ("tetap", "kota", "kab/kota ukuran tetap"))


def _faktor(baris: list) -> str:
    return f"{baris[-1] / baris[0]:.2f}×" if baris[0] and baris[-1] is not None else "-"


def tulis_pertumbuhan(semua: dict, tulis, judul) -> None:
    """``tulis`` prints a line, ``judul`` styles a heading."""
    if len(semua) < 2:
        return
    ukuran = sorted(semua, key=int)
    tulis(judul(f"\n== pertumbuhan terhadap {int(ukuran[0]):,} keluarga =="))
    kepala = "".join(f" {int(u):>12,}" for u in ukuran)
    tulis(f"{'halaman / angka (ms)':<{LEBAR}}{kepala}  faktor")
    for label, nilai in semua[ukuran[0]].items():
        if label == "uji beban" or not isinstance(nilai, dict) or "ms" not in nilai:
            continue
        baris = [semua[u].get(label, {}).get("ms") for u in ukuran]
        teks = "".join(f" {b:>12.1f}" if b is not None else f" {'-':>12}" for b in baris)
        tulis(f"{label:<{LEBAR}}{teks}  {_faktor(baris)}")
    beban = [semua[u].get("uji beban") for u in ukuran]
    if all(beban):
        tulis("uji beban (permintaan/s, p50, p95): " + "; ".join(
            f"{int(u):,}: {b['rps']}/s, {b['p50']} ms, {b['p95']} ms" for u, b in zip(ukuran, beban, strict=True)
        ))
    _tulis_subjek(semua, ukuran, tulis, judul)
    _tulis_banding(semua, ukuran, tulis, judul)


def _tulis_subjek(semua: dict, ukuran: list[str], tulis, judul) -> None:
    subjek = {u: semua[u].get("subjek", {}) for u in ukuran}
    if not all(subjek.values()):
        return
    tulis(judul("\n== ukuran subjek (keluarga) per ukuran data =="))
    tulis(f"{'subjek':<{LEBAR}}{''.join(f' {int(u):>12,}' for u in ukuran)}  faktor")
    for kunci, tingkat, nama in SUBJEK:
        isi = [subjek[u].get(kunci, {}).get(tingkat) for u in ukuran]
        if not all(isi):
            continue
        baris = [x["keluarga"] for x in isi]
        tulis(f"{nama:<{LEBAR}}{''.join(f' {b:>12,}' for b in baris)}  {_faktor(baris)}")
        tulis("    " + "; ".join(f"{int(u):,}: {x['nama']} ({x['kode']})" for u, x in zip(ukuran, isi, strict=True)))


def _tulis_banding(semua: dict, ukuran: list[str], tulis, judul) -> None:
    """Per page, the factor of the largest subject beside that of the fixed-size subject."""
    pasangan = {
        label: nilai["pembanding"] for label, nilai in semua[ukuran[0]].items()
        if isinstance(nilai, dict) and "pembanding" in nilai
    }
    if not pasangan:
        return
    sampai = f"{int(ukuran[0]):,} → {int(ukuran[-1]):,} keluarga"
    tulis(judul(f"\n== faktor pertumbuhan {sampai}: subjek terbesar vs subjek ukuran tetap =="))
    tulis(f"{'halaman / angka':<{LEBAR}} {'terbesar':>10} {'tetap':>10}  ms tetap per ukuran")
    for tetap, besar in pasangan.items():
        f_besar = _faktor([semua[u].get(besar, {}).get("ms") for u in ukuran])
        baris = [semua[u].get(tetap, {}).get("ms") for u in ukuran]
        ms = " / ".join(f"{b:.1f}" if b is not None else "-" for b in baris)
        tulis(f"{besar:<{LEBAR}} {f_besar:>10} {_faktor(baris):>10}  {ms}")
