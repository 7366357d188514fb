"""Retention (UU 27/2022 art. 43: personal data is kept no longer than needed): how long each kind of
log is kept, and the job that removes what is past it.

Each app registers its kinds in its ``AppConfig.ready()`` (the dependency direction stays
tksk ← pmks ← laporan)::

    from tksk import retensi
    retensi.daftarkan_retensi(retensi.JenisRetensi(
        "akses", "Catatan akses data pribadi", bulan=24, alasan="…", tabel=("pmks_aksesdata",)))

A kind either names month-partitioned tables (``tksk.partisi``; whole months past the period are
detached and dropped — no ``DELETE``, no bloat) or gives a ``bersihkan(batas, kering)`` function
that deletes or anonymises the rows/files older than ``batas`` (and, with ``kering``, only counts
them). The period of a kind is ``settings.SIDAMPING_RETENSI_BULAN[kode]`` when set (0 = keep
forever), its registered default otherwise.

Invariants:
- the cut-off is the first day of a month at least one whole month before the current one, so the
  current and future months (partitions) are never touched;
- a legal hold (``daftarkan_penahanan``: e.g. an open data-breach incident) moves every cut-off
  back to the month its held period starts;
- running it again changes nothing: what was past retention is gone, the rest is not yet due;
- a dry run (``kering=True``) changes nothing and reports what a real run would remove.

Run daily by the periodic job ``tksk.terapkan_retensi`` and by ``manage.py terapkan_retensi
[--kering]``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime

import pgtrigger
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import partisi

log = logging.getLogger(__name__)

Bersihkan = Callable[[datetime, bool], int]  # (cut-off, dry run) -> rows/files removed (or that would be)
Penahanan = Callable[[], date | None]  # earliest date still needed by a legal hold, or None


@dataclass(frozen=True)
class JenisRetensi:
    kode: str
    label: str
    bulan: int  # default period in whole months (0 = kept forever)
    alasan: str  # why this default (shown by the command and in the README)
    tabel: tuple[str, ...] | Callable[[], tuple[str, ...]] = ()  # month-partitioned tables: whole months dropped
    bersihkan: Bersihkan | None = None  # anything else: delete / anonymise older than the cut-off
    # pgtrigger URIs of append-only triggers that retention (and only retention) passes: rows of a
    # partitioned table's default partition are deleted, not dropped with a month
    abaikan_pemicu: tuple[str, ...] = ()

    def daftar_tabel(self) -> tuple[str, ...]:
        return self.tabel() if callable(self.tabel) else self.tabel


@dataclass
class HasilRetensi:
    kode: str
    label: str
    bulan: int
    batas: date | None  # first day kept (None: kept forever)
    partisi: list[str] = field(default_factory=list)  # dropped (or, dry run, that would be)
    baris: int = 0  # rows/files removed, including those of the dropped partitions


_jenis: dict[str, JenisRetensi] = {}
_penahanan: dict[str, Penahanan] = {}


def daftarkan_retensi(jenis: JenisRetensi) -> None:
    _jenis[jenis.kode] = jenis


def daftarkan_penahanan(nama: str, fungsi: Penahanan) -> None:
    _penahanan[nama] = fungsi


def jenis_terdaftar() -> dict[str, JenisRetensi]:
    return dict(_jenis)


def periode_bulan(jenis: JenisRetensi) -> int:
    """The configured period of ``jenis`` in months (0 = forever); negative values are ignored."""
    nilai = getattr(settings, "SIDAMPING_RETENSI_BULAN", {}).get(jenis.kode)
    if nilai is None or int(nilai) < 0:
        return jenis.bulan
    return int(nilai)


def _awal_bulan(hari: date, mundur: int) -> date:
    k = hari.year * 12 + (hari.month - 1) - mundur
    return date(k // 12, k % 12 + 1, 1)


def ditahan_sejak() -> date | None:
    """The earliest date a legal hold still needs (None: no hold)."""
    tanggal = [t for t in (f() for f in _penahanan.values()) if t is not None]
    return min(tanggal) if tanggal else None


def batas_retensi(jenis: JenisRetensi, *, hari_ini: date | None = None) -> date | None:
    """First day kept for ``jenis``: everything strictly before it is past retention."""
    bulan = periode_bulan(jenis)
    if bulan == 0:
        return None
    hari_ini = hari_ini or timezone.localdate()
    batas = _awal_bulan(hari_ini, max(bulan, 1))  # at least the whole previous month is kept
    tahan = ditahan_sejak()
    if tahan is not None:
        batas = min(batas, _awal_bulan(tahan, 0))
    return batas


def _batas_waktu(batas: date) -> datetime:
    return timezone.make_aware(datetime(batas.year, batas.month, batas.day), timezone.get_default_timezone())


def terapkan_retensi(*, kering: bool = False, hari_ini: date | None = None) -> list[HasilRetensi]:
    """Remove what is past retention for every registered kind (or, ``kering``, only report it)."""
    ada = {t for t, _ in partisi.tabel_berpartisi()}
    hasil = []
    for jenis in _jenis.values():
        batas = batas_retensi(jenis, hari_ini=hari_ini)
        h = HasilRetensi(jenis.kode, jenis.label, periode_bulan(jenis), batas)
        hasil.append(h)
        if batas is None:
            continue
        with transaction.atomic(), pgtrigger.ignore(*jenis.abaikan_pemicu) if jenis.abaikan_pemicu else nullcontext():
            for tabel in jenis.daftar_tabel():
                if tabel not in ada:  # not (yet) partitioned on this database: nothing to drop
                    continue
                nama, baris = partisi.partisi_sebelum(tabel, batas)
                h.partisi += nama
                h.baris += baris
                if not kering:
                    partisi.partisi_buang_sebelum(tabel, batas)
            if jenis.bersihkan is not None:
                h.baris += int(jenis.bersihkan(_batas_waktu(batas), kering) or 0)
    if not kering:
        log.info("Retensi: %s", {h.kode: (h.partisi, h.baris) for h in hasil if h.baris or h.partisi})
    return hasil


# --- tksk's own kinds (registered in TkskConfig.ready) -------------------------------------------
def _model_riwayat() -> list:
    """Every django-pghistory event model of the project (households, members, visits, complaints …)."""
    import pghistory.models

    return [m for m in apps.get_models() if issubclass(m, pghistory.models.Event) and not m._meta.proxy
            and m._meta.managed and m._meta.db_table != "pghistory_context"]


def _tabel_riwayat_berpartisi() -> tuple[str, ...]:
    ada = {t for t, _ in partisi.tabel_berpartisi()}
    return tuple(m._meta.db_table for m in _model_riwayat() if m._meta.db_table in ada)


def _bersihkan_riwayat_lain(batas: datetime, kering: bool) -> int:
    """History tables not partitioned (yet): a plain DELETE of the old events."""
    ada = {t for t, _ in partisi.tabel_berpartisi()}
    jumlah = 0
    for model in _model_riwayat():
        if model._meta.db_table in ada:
            continue
        qs = model.objects.filter(pgh_created_at__lt=batas)
        jumlah += qs.count() if kering else qs._raw_delete(qs.db)
    return jumlah


def _bersihkan_notifikasi(batas: datetime, kering: bool) -> int:
    from .models import Notifikasi

    qs = Notifikasi.objects.filter(dibuat_pada__lt=batas)
    return qs.count() if kering else qs.delete()[0]


_TUGAS_SELESAI = """
    FROM procrastinate_jobs j
    WHERE j.status IN ('succeeded', 'failed', 'cancelled', 'aborted')
      AND NOT EXISTS (SELECT 1 FROM procrastinate_events e WHERE e.job_id = j.id AND e.at >= %s)
"""


def _bersihkan_tugas(batas: datetime, kering: bool) -> int:
    """Finished background jobs (their arguments name records and files) whose last event is old."""
    with connection.cursor() as c:
        if kering:
            c.execute("SELECT count(*)" + _TUGAS_SELESAI, [batas])
            return c.fetchone()[0]
        c.execute("DELETE FROM procrastinate_jobs WHERE id IN (SELECT j.id" + _TUGAS_SELESAI + ")", [batas])
        return c.rowcount


def daftarkan_bawaan() -> None:
    daftarkan_retensi(JenisRetensi(
        "riwayat", "Riwayat perubahan data (django-pghistory)", bulan=60,
        alasan="Jejak siapa mengubah data keluarga dan keputusan bantuan; 5 tahun mengikuti masa simpan "
               "arsip bantuan sosial dan pemeriksaan BPK/Inspektorat atas penyaluran.",
        tabel=_tabel_riwayat_berpartisi, bersihkan=_bersihkan_riwayat_lain,
    ))
    daftarkan_retensi(JenisRetensi(
        "notifikasi", "Notifikasi dalam aplikasi", bulan=12,
        alasan="Pemberitahuan kerja harian; setelah setahun tidak lagi ditindaklanjuti (peristiwanya "
               "tercatat di riwayat masing-masing data).",
        bersihkan=_bersihkan_notifikasi,
    ))
    daftarkan_retensi(JenisRetensi(
        "tugas", "Tugas latar belakang yang sudah selesai (procrastinate)", bulan=1,
        alasan="Catatan teknis antrean; argumennya menyebut data dan berkas, tidak diperlukan untuk audit.",
        bersihkan=_bersihkan_tugas,
    ))
