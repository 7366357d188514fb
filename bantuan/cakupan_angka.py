"""The coverage figures per kelurahan (report section V, the kab/kota and province recaps): ONE
definition each, from the per-household registry facts and aid-receipt facts, built on the rules of
``bantuan.cakupan`` (receiving aid, penerima ganda, belum terjangkau) — no join per household."""

from __future__ import annotations

from datetime import date

from django.db import connections
from django.db.models import Q

from pmks.models import FaktaRegistri, Keluarga
from pmks.registri.angka import SEMUA_JENIS
from tksk.basisdata import alias_baca_kini

from .cakupan import (
    _fakta_menerima,
    _sql_belum_terjangkau,
    batas_desil_per_jenis,
    keluarga_belum_terjangkau_dari_awal,
    keluarga_menerima_dalam,
    keluarga_penerima_ganda,
)

KOLOM_CAKUPAN = ("pmks", "terjangkau", "penerima_semua", "tumpang_tindih", "belum_terjangkau")


def angka_cakupan(*, kelurahan_ids: list[int], mulai: date, selesai: date, hari_acuan: date) -> dict[int, dict]:
    """The coverage figures of the month [mulai, selesai] per kelurahan (ONE definition each, what the
    report's coverage section and the recap read), from the per-household facts only:

    - ``pmks``: *Keluarga PMKS* at ``selesai`` — the registry facts' PMKS entry (``pmks``) of the
      household totals (``jenis_id = 0``) with ``bulan`` ≤ the month (the rollup's definition, equal
      to ``pmks.registri.angka.keluarga_pmks_pada``); ``stok`` likewise from ``kk``;
    - ``terjangkau`` / ``penerima_semua``: of those / of the stock, households receiving aid in the
      period (the facts of ``keluarga_menerima_dalam``);
    - ``tumpang_tindih``: the *penerima ganda* rule (``keluarga_penerima_ganda``: distinct
      (source, program) pairs in the period > 1), over every household of the area;
    - ``belum_terjangkau``: ``keluarga_belum_terjangkau`` on ``hari_acuan``.

    Two queries and no join per household: the area's registry-fact rows (index ``fakta_registri_area``)
    and its distinct (household, source, program) receipts (index ``fakta_penerimaan_area``) put
    together with ``UNION ALL``, folded per household, then counted per kelurahan; plus the grouped
    belum-terjangkau query. ``angka_cakupan_dari_awal`` counts the same from the households' sets.
    """
    ids = list(kelurahan_ids)
    if not ids:
        return {}
    bulan = mulai.replace(day=1)
    registri = FaktaRegistri.objects.filter(kelurahan_id__in=ids, jenis_id=SEMUA_JENIS, bulan__lte=bulan).filter(
        Q(kk__gt=0) | Q(pmks__gt=0)).order_by().values_list("keluarga_id", "kelurahan_id", "kk", "pmks")
    program = (_fakta_menerima(mulai=mulai, selesai=selesai, kelurahan_ids=ids).order_by()
               .values_list("keluarga_id", "kelurahan_id", "sumber", "program_id").distinct())
    sql_r, p_r = registri.query.sql_with_params()
    sql_p, p_p = program.query.sql_with_params()
    sql = f"""
        SELECT h.kelurahan_id,
               COUNT(*) FILTER (WHERE h.pmks > 0),
               COUNT(*) FILTER (WHERE h.pmks > 0 AND h.program > 0),
               COUNT(*) FILTER (WHERE h.kk > 0 AND h.program > 0),
               COUNT(*) FILTER (WHERE h.program > 1)
          FROM (SELECT u.keluarga_id, MAX(u.kelurahan_id) AS kelurahan_id, SUM(u.kk) AS kk, SUM(u.pmks) AS pmks,
                       SUM(u.program) AS program
                  FROM (SELECT r.keluarga_id, r.kelurahan_id, r.kk, r.pmks, 0 AS program FROM ({sql_r}) AS r
                        UNION ALL
                        SELECT p.keluarga_id, p.kelurahan_id, 0, 0, 1 FROM ({sql_p}) AS p) AS u
                 GROUP BY u.keluarga_id) AS h
         GROUP BY h.kelurahan_id"""
    batas = batas_desil_per_jenis(hari_acuan)
    hasil: dict[int, dict] = {}
    with connections[alias_baca_kini()].cursor() as cur:  # the replica when the view allows it
        cur.execute(sql, [*p_r, *p_p])
        for kel, pmks, terjangkau, penerima, ganda in cur.fetchall():
            hasil[kel] = {"pmks": pmks, "terjangkau": terjangkau, "penerima_semua": penerima,
                          "tumpang_tindih": ganda, "belum_terjangkau": 0}
        # belum terjangkau: the grouped query of ``keluarga_belum_terjangkau`` counted per kelurahan (the
        # household's kelurahan comes out of it: no join back to the households)
        if batas is not None:
            sql_b, p_b = _sql_belum_terjangkau(batas, hari_ini=hari_acuan, kelurahan_ids=ids, keluarga_ids=None)
            cur.execute(f"SELECT b.kelurahan_id, COUNT(*) FROM ({sql_b}) AS b GROUP BY 1", p_b)
            for kel, n in cur.fetchall():
                hasil.setdefault(kel, dict.fromkeys(KOLOM_CAKUPAN, 0))["belum_terjangkau"] = n
    return hasil


def angka_cakupan_dari_awal(*, kelurahan_ids: list[int], mulai: date, selesai: date,
                            hari_acuan: date) -> dict[int, dict]:
    """``angka_cakupan`` counted from the households' sets (``keluarga_pmks_pada``,
    ``keluarga_menerima_dalam``, ``keluarga_penerima_ganda``, ``keluarga_belum_terjangkau_dari_awal``)
    joined per household (``hitung_himpunan``): the consistency test compares the two. Not for pages."""
    from pmks.registri.angka import hitung_himpunan, keluarga_pmks_pada, keluarga_stok_pada

    ids = list(kelurahan_ids)
    area = Keluarga.objects.filter(kelurahan_id__in=ids)
    hasil = hitung_himpunan(
        area,
        himpunan={
            "stok": keluarga_stok_pada(tanggal=selesai, kelurahan_ids=ids),
            "pmks": keluarga_pmks_pada(tanggal=selesai, kelurahan_ids=ids),
            "menerima": keluarga_menerima_dalam(area, mulai=mulai, selesai=selesai, kelurahan_ids=ids),
            "belum": keluarga_belum_terjangkau_dari_awal(area, hari_ini=hari_acuan),
            "ganda": keluarga_penerima_ganda(area, mulai=mulai, selesai=selesai, kelurahan_ids=ids),
        },
        kolom={
            "pmks": ("pmks",), "terjangkau": ("pmks", "menerima"), "penerima_semua": ("stok", "menerima"),
            "tumpang_tindih": ("ganda",), "belum_terjangkau": ("belum",),
        },
    )
    return {kel: n for kel, n in hasil.items() if any(n.values())}
