"""The household's desil: its history (``pmks.models.RiwayatDesil``) and the ONE rule for "the newest
desil", which ``Keluarga.desil`` / ``sumber_desil`` / ``tanggal_desil`` always hold.

Newest = latest ``posisi_data`` (an undated value stored before the history comes last); on the same
date a DTSEN row before a local estimate; then the row written last. Everything that reads a
household's desil (belum terjangkau, eligibility warnings, the proposal snapshot, lists) reads
``Keluarga.desil``, which only ``keluarga_desil_segarkan`` sets from the history (the registry form
and the desil import both go through ``desil_catat*``).

A change of the newest value is announced to the higher apps registered with
``pmks.ekstensi.daftarkan_pengamat_desil`` (bantuan flags recipients outside a programme's range).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import connection
from django.utils import timezone

from .. import ekstensi
from ..ekstensi import PerubahanDesil
from ..models import Keluarga, RiwayatDesil, SumberDesil

URUTAN_TERBARU_SQL = "r.posisi_data DESC NULLS LAST, (r.sumber = 'dtsen') DESC, r.id DESC"

_SQL_TERBARU = f"""
SELECT DISTINCT ON (r.keluarga_id) r.keluarga_id, r.id, r.desil, r.sumber, r.posisi_data, r.keterangan
  FROM pmks_riwayatdesil r WHERE r.keluarga_id = ANY(%s)
 ORDER BY r.keluarga_id, {URUTAN_TERBARU_SQL}
"""

# The label stored in Keluarga.sumber_desil when the row has no own text.
_LABEL_SQL = "CASE t.sumber WHEN 'dtsen' THEN 'DTSEN' ELSE 'Estimasi lokal' END"


def sumber_dari_teks(teks: str) -> str:
    """The source a free-text "sumber desil" names (the registry form): DTSEN/DTKS, else a local estimate."""
    t = (teks or "").lower()
    return SumberDesil.DTSEN if ("dtsen" in t or "dtks" in t or "siks" in t) else SumberDesil.LOKAL


def desil_terbaru(keluarga_ids: Iterable[int]) -> dict[int, dict]:
    """keluarga id → its newest history row (``id``, ``desil``, ``sumber``, ``posisi_data``); one query."""
    with connection.cursor() as cur:
        cur.execute(_SQL_TERBARU, [list(keluarga_ids)])
        return {r[0]: {"id": r[1], "desil": r[2], "sumber": r[3], "posisi_data": r[4]} for r in cur.fetchall()}


def riwayat_awal_isi(keluarga_ids: list[int]) -> None:
    """A household whose desil was written without history (older data, bulk generators) gets that
    value as its first history row, so a newer position is compared with it, not with nothing."""
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO pmks_riwayatdesil (keluarga_id, desil, sumber, posisi_data, keterangan, dibuat_pada)
            SELECT k.id, k.desil,
                   CASE WHEN k.sumber_desil ~* '(dtsen|dtks|siks)' THEN 'dtsen' ELSE 'lokal' END,
                   k.tanggal_desil, left(k.sumber_desil, 100), now()
              FROM pmks_keluarga k
             WHERE k.id = ANY(%s) AND k.desil IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM pmks_riwayatdesil r WHERE r.keluarga_id = k.id)
            ON CONFLICT DO NOTHING
            """,
            [list(keluarga_ids)],
        )


def keluarga_desil_segarkan(keluarga_ids: Iterable[int]) -> list[PerubahanDesil]:
    """THE rule: set each household's desil fields to its newest history row. One UPDATE; returns the
    households whose value changed (a changed date or source alone is stored, not returned; a text of
    the same source kind typed on the form is kept). The
    household's ``versi`` is raised, so an edit form opened before cannot write the old value back."""
    ids = list(keluarga_ids)
    if not ids:
        return []
    with connection.cursor() as cur:
        cur.execute(
            f"""
            UPDATE pmks_keluarga k
               SET desil = t.desil, tanggal_desil = t.posisi_data,
                   sumber_desil = coalesce(nullif(t.keterangan, ''), {_LABEL_SQL}),
                   versi = k.versi + 1, diubah_pada = now()
              FROM ({_SQL_TERBARU}) t, pmks_keluarga lama
             WHERE k.id = t.keluarga_id AND lama.id = k.id
               AND (k.desil IS DISTINCT FROM t.desil OR k.tanggal_desil IS DISTINCT FROM t.posisi_data
                    OR (coalesce(k.sumber_desil, '') ~* '(dtsen|dtks|siks)') IS DISTINCT FROM (t.sumber = 'dtsen'))
            RETURNING k.id, lama.desil, t.desil, t.id
            """,
            [ids],
        )
        baris = cur.fetchall()
    return [PerubahanDesil(k, lama, baru, rid) for k, lama, baru, rid in baris if lama != baru]


def umumkan(perubahan: list[PerubahanDesil], *, simpan: bool = True) -> int:
    """Tell the registered higher apps; returns how many rows they wrote (or would write)."""
    if not perubahan:
        return 0
    return sum(int(fn(perubahan, simpan=simpan) or 0) for fn in ekstensi.pengamat_desil())


def desil_catat_massal(baris: list[dict], *, oleh=None, impor=None,
                       umumkan_perubahan: bool = True) -> tuple[int, list[PerubahanDesil], int]:
    """Record many positions (``keluarga_id``, ``desil``, ``sumber``, ``posisi_data``, ``keterangan``) and
    apply the rule. Call inside a transaction. Returns (rows written, value changes, rows the higher
    apps wrote). A position already recorded is skipped (unique per household/source/date/value)."""
    ids = sorted({b["keluarga_id"] for b in baris})
    riwayat_awal_isi(ids)
    kolom = ("keluarga_id", "desil", "sumber", "posisi_data", "keterangan")
    with connection.cursor() as cur:  # one statement with array parameters (no per-row binding)
        cur.execute(
            """
            INSERT INTO pmks_riwayatdesil (keluarga_id, desil, sumber, posisi_data, keterangan, impor_id, oleh_id,
                                           dibuat_pada)
            SELECT t.keluarga_id, t.desil, t.sumber, t.posisi_data, t.keterangan, %s, %s, now()
              FROM unnest(%s::bigint[], %s::smallint[], %s::text[], %s::date[], %s::text[])
                   AS t(keluarga_id, desil, sumber, posisi_data, keterangan)
            ON CONFLICT DO NOTHING
            """,
            [getattr(impor, "pk", None), getattr(oleh, "pk", None),
             *([b[k] for b in baris] for k in kolom)],
        )
        ditulis = cur.rowcount
    perubahan = keluarga_desil_segarkan(ids)
    return ditulis, perubahan, umumkan(perubahan) if umumkan_perubahan else 0


def desil_catat(*, keluarga: Keluarga, desil: int, sumber: str, posisi_data: date | None, desil_sebelum: int | None,
                keterangan: str = "", oleh=None) -> list[PerubahanDesil]:
    """One position typed on the registry form, whose save already put ``desil`` on the household
    (``desil_sebelum``: the value before; call ``riwayat_awal_isi`` before that save). Call inside a
    transaction (and ``pghistory.context``)."""
    posisi = posisi_data or timezone.localdate()
    desil_catat_massal(
        [{"keluarga_id": keluarga.pk, "desil": desil, "sumber": sumber, "posisi_data": posisi,
          "keterangan": (keterangan or "")[:100]}], oleh=oleh, umumkan_perubahan=False,
    )
    keluarga.refresh_from_db(fields=["desil", "sumber_desil", "tanggal_desil", "versi", "diubah_pada"])
    perubahan = []
    if keluarga.desil is not None and keluarga.desil != desil_sebelum:
        terbaru = desil_terbaru([keluarga.pk])[keluarga.pk]
        perubahan = [PerubahanDesil(keluarga.pk, desil_sebelum, keluarga.desil, terbaru["id"])]
        umumkan(perubahan)
    return perubahan


def riwayat_desil(keluarga: Keluarga, *, batas: int = 50) -> list[RiwayatDesil]:
    """The household's history, newest first (the rule's order); one query."""
    from django.db.models import Case, F, IntegerField, Value, When

    return list(
        RiwayatDesil.objects.filter(keluarga=keluarga)
        .annotate(sumber_dtsen=Case(When(sumber=SumberDesil.DTSEN, then=Value(1)), default=Value(0),
                                    output_field=IntegerField()))
        .select_related("oleh", "impor")
        .order_by(F("posisi_data").desc(nulls_last=True), "-sumber_dtsen", "-id")[:batas]
    )
