"""Bulk writing of synthetic registry data (benchmark databases): households, members and
classifications with COPY, and the secondary indexes and constraints switched off during a large load.

The households come from the plans of ``pmks.registri.sintetis`` (``rencana_keluarga``, spread over
the kelurahan by ``sebaran_kelurahan``); ``manage.py buat_data_sintetis`` is the command.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, timedelta

from . import choices as c
from .sintetis import PenomoranUnik, peluang_miskin_untuk, rencana_keluarga, sebaran_kelurahan

KOLOM_KELUARGA_MASSAL = [
    "id", "no_kk", "kelurahan_id", "alamat", "rt", "rw", "status_kepemilikan_rumah", "luas_lantai", "lantai",
    "dinding", "atap", "sumber_air_minum", "penerangan", "fasilitas_bab", "desil", "sumber_desil", "tanggal_desil",
    "perkiraan_penghasilan", "status", "alasan_status", "catatan", "didaftarkan_oleh_id", "dibuat_pada",
    "diubah_pada",
]
KOLOM_ANGGOTA_MASSAL = [
    "keluarga_id", "nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "hubungan", "status_perkawinan",
    "pendidikan", "pekerjaan", "disabilitas", "status_hidup", "status", "alasan_status",
    "peringatan_nik_dikonfirmasi", "alasan_konfirmasi_nik", "dibuat_pada", "diubah_pada",
]
KOLOM_KLASIFIKASI_MASSAL = [
    "keluarga_id", "jenis_id", "tanggal_asesmen", "dinilai_oleh_id", "catatan", "aktif", "alasan_dicabut",
    "dibuat_pada",
]
@dataclass(frozen=True, slots=True)
class KeluargaSintetis:
    """What the aid and pendampingan generators need to know of a household just written."""

    id: int
    kelurahan_id: int
    desil: int | None
    jenis: tuple[str, ...]  # singkatan of its PMKS types


def skema_tabel(cur, tabel: list[str]) -> dict[str, list]:
    """Indexes, constraints and triggers of ``tabel`` (and their partitions) as the catalog defines them.

    Compared before and after a bulk load: the generator must leave the schema exactly as the
    migrations made it.
    """
    cur.execute(
        """
        WITH t AS (
            SELECT c.oid FROM pg_class c WHERE c.oid = ANY(%s::regclass[])
            UNION SELECT i.inhrelid FROM pg_inherits i WHERE i.inhparent = ANY(%s::regclass[])
        )
        SELECT 'indeks', indexrelid::regclass::text, pg_get_indexdef(indexrelid) || CASE WHEN indisvalid
               THEN '' ELSE ' INVALID' END
          FROM pg_index WHERE indrelid IN (SELECT oid FROM t)
        UNION ALL
        SELECT 'batasan', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)
               || CASE WHEN convalidated THEN '' ELSE ' NOT VALIDATED' END
          FROM pg_constraint WHERE conrelid IN (SELECT oid FROM t)
        UNION ALL
        SELECT 'trigger', tgrelid::regclass::text || '.' || tgname, pg_get_triggerdef(oid) || ' ' || tgenabled::text
          FROM pg_trigger WHERE tgrelid IN (SELECT oid FROM t) AND NOT tgisinternal  -- FK triggers: by constraint
        ORDER BY 1, 2
        """,
        [tabel, tabel],
    )
    hasil: dict[str, list] = {"indeks": [], "batasan": [], "trigger": []}
    for jenis, nama, definisi in cur.fetchall():
        hasil[jenis].append((nama, definisi))
    return hasil


@contextmanager
def tanpa_indeks_sekunder(cur, tabel: list[str], *, catat=None) -> Iterator[None]:
    """Secondary indexes, UNIQUE and FOREIGN KEY constraints of ``tabel`` off during a bulk load.

    Inside the caller's transaction: dropped on entry, re-created on exit from the catalog's own
    definitions (``pg_get_indexdef`` / ``pg_get_constraintdef``), so every index and constraint the
    migrations made — including ones added later by other apps — comes back exactly; an error in
    between rolls the whole transaction back, drops included. Primary keys stay (the ids are
    ascending, cheap to index as they come) and so do indexes another table's foreign key relies
    on, and so do partial indexes (their predicate does not always read back the way the migration
    wrote it; they are small and fed in key order). Re-creating checks every UNIQUE index and
    validates every foreign key over all rows.
    """
    from django.db import connection

    if not connection.in_atomic_block:
        raise RuntimeError("tanpa_indeks_sekunder hanya di dalam transaksi (transaction.atomic)")
    catat = catat or (lambda teks: None)
    cur.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype
          FROM pg_constraint c
         WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('u', 'f') AND conparentid = 0
           AND NOT EXISTS (SELECT 1 FROM pg_constraint r WHERE r.contype = 'f' AND r.conindid = c.conindid
                            AND c.contype = 'u')
         ORDER BY contype DESC, 1, 2
        """,
        [tabel],
    )
    batasan = cur.fetchall()  # UNIQUE first, then FOREIGN KEY ('u' > 'f')
    cur.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
          FROM pg_index i
         WHERE i.indrelid = ANY(%s::regclass[])
           AND i.indpred IS NULL
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
           AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)
         ORDER BY 1
        """,
        [tabel],
    )
    indeks = cur.fetchall()
    for t, nama, _, _ in reversed(batasan):  # foreign keys first
        cur.execute(f'ALTER TABLE {t} DROP CONSTRAINT "{nama}"')
    for nama, _ in indeks:
        cur.execute(f"DROP INDEX {nama}")
    yield
    mulai = time.perf_counter()
    cur.execute("SET LOCAL maintenance_work_mem = '1GB'")
    cur.execute("SET LOCAL max_parallel_maintenance_workers = 2")
    for _, definisi in indeks:
        # a partitioned table's index reads "ON ONLY": re-created on the parent, it recurses into the
        # partitions again and gives them the names they had
        cur.execute(definisi.replace(" ON ONLY ", " ON ", 1))
    cur.execute("SELECT oid::regclass::text FROM pg_class WHERE oid = ANY(%s::regclass[]) AND relkind = 'p'",
                [tabel])
    berpartisi = {r[0] for r in cur.fetchall()}
    for t, nama, definisi, _ in batasan:
        # a partitioned table's foreign key is validated partition by partition: probe the referenced
        # primary key instead of hashing the whole referenced table once per partition
        cur.execute(f"SET LOCAL enable_hashjoin = {'off' if t in berpartisi else 'on'}")
        cur.execute(f"SET LOCAL enable_mergejoin = {'off' if t in berpartisi else 'on'}")
        cur.execute(f'ALTER TABLE {t} ADD CONSTRAINT "{nama}" {definisi}')
    cur.execute("SET LOCAL enable_hashjoin = on")
    cur.execute("SET LOCAL enable_mergejoin = on")
    catat(f"indeks & batasan dibangun ulang: {len(indeks)} indeks, {len(batasan)} batasan "
          f"({time.perf_counter() - mulai:.1f} s)")


def _isi_indeks_nama(cur, dari: int, sampai: int, pengguna_id: int) -> None:
    """Name search rows (``IndeksNama``, ``KamusNama``) of the households ``dari``..``sampai`` this run wrote,
    in one go."""
    from pmks.models.cari import ISI_KAMUS_DARI_BARU

    cur.execute(
        """
        WITH baru AS (
          INSERT INTO pmks_indeksnama (anggota_id, keluarga_id, kode_wilayah, nama_cari)
          SELECT a.id, a.keluarga_id, w.kode, sidamping_nama_cari(a.nama)
            FROM pmks_anggota a JOIN pmks_keluarga k ON k.id = a.keluarga_id
            JOIN tksk_wilayah w ON w.id = k.kelurahan_id
           WHERE a.keluarga_id BETWEEN %s AND %s AND k.id BETWEEN %s AND %s AND k.didaftarkan_oleh_id = %s
          RETURNING nama_cari
        )
        """ + ISI_KAMUS_DARI_BARU,  # triggers are off here: the new spellings into the dictionary too
        [dari, sampai, dari, sampai, pengguna_id],
    )


# rows added at least this share of the households already there: the indexes are dropped and built again
PORSI_LEPAS_INDEKS = 0.2


def tulis_massal(*, jumlah: int, pengguna_id: int, seed: int = 2026, batch: int = 5000, catatan: str = "",
                 progres=None, awalan: str | None = None, pengisi: list | None = None,
                 hari_ini: date | None = None, seed_sebaran: int | None = None,
                 lepas_indeks: bool | None = None, catat=None) -> dict:
    """Write ``jumlah`` synthetic households (with members and classifications) with COPY.

    Households are spread over the desa/kelurahan whose code starts with ``awalan`` (e.g. ``"35"``
    for Jawa Timur; every loaded kelurahan when ``None``) with unequal, realistic sizes
    (``sebaran_kelurahan``). ``pengisi`` are the registered generators of higher apps
    (``pmks.ekstensi.pengisi_sintetis()``: proposals, distributions, visits, …), called for every
    batch in the same transaction.

    For benchmark databases: history triggers are switched off inside the transaction (the rows
    are "imported", they have no edit history) and switched back on before commit; the name search
    index (``IndeksNama``) is filled for the new members. When the rows added are at least
    ``PORSI_LEPAS_INDEKS`` of the households already there (``lepas_indeks=None``; ``True``/``False``
    force it), the secondary indexes, UNIQUE and FOREIGN KEY constraints of the tables written are
    dropped for the load and built again before commit (``tanpa_indeks_sekunder``): one sorted build
    instead of millions of random index inserts. Everything runs in one transaction: an error leaves
    neither rows nor a changed schema. Rollups are the caller's business (``bangun_rollup``).
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from pmks.models import Anggota, IndeksNama, JenisPMKS, Keluarga, KlasifikasiPMKS
    from tksk.models import Wilayah
    from tksk.salin_massal import tanpa_trigger

    rng = random.Random(seed)
    kelurahan_qs = Wilayah.objects.kelurahan().order_by("kode")
    if awalan:
        kelurahan_qs = kelurahan_qs.filter(kode__startswith=f"{awalan.rstrip('.')}.")
    kelurahan = list(kelurahan_qs.values_list("id", "kode"))
    if not kelurahan:
        raise ValueError(
            f"Tidak ada desa/kelurahan{' di ' + awalan if awalan else ''}: jalankan migrate / muat_wilayah dulu."
        )
    kumulatif = sebaran_kelurahan(random.Random(seed if seed_sebaran is None else seed_sebaran), kelurahan)
    jenis = dict(JenisPMKS.objects.values_list("singkatan", "id"))
    nomor = PenomoranUnik(
        set(Anggota.objects.values_list("nik", flat=True)) | set(Keluarga.objects.values_list("no_kk", flat=True))
    )
    pengisi = list(pengisi or [])
    hari_ini = hari_ini or timezone.localdate()
    sekarang = timezone.now()
    total = {"keluarga": 0, "anggota": 0, "klasifikasi": 0}
    model_tulis = [Keluarga, Anggota, KlasifikasiPMKS, IndeksNama]
    for p in pengisi:
        model_tulis += [m for m in p.model() if m not in model_tulis]

    if lepas_indeks is None:
        lepas_indeks = jumlah >= PORSI_LEPAS_INDEKS * Keluarga.objects.count()
    tabel_tulis = [m._meta.db_table for m in model_tulis]
    rentang: list[int] = []

    with transaction.atomic(), connection.cursor() as cur, tanpa_trigger(cur, model_tulis), (
        tanpa_indeks_sekunder(cur, tabel_tulis, catat=catat) if lepas_indeks else nullcontext()
    ):
        keadaan = [p.siapkan(cur, rng=rng, pengguna_id=pengguna_id, hari_ini=hari_ini) for p in pengisi]
        sisa = jumlah
        while sisa > 0:
            n = min(batch, sisa)
            sisa -= n
            cur.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                        [Keluarga._meta.db_table, n])
            ids = [r[0] for r in cur.fetchall()]
            baris_k, baris_a, baris_kl, ringkas = [], [], [], []
            for kid in ids:
                kel_id, kel_kode = rng.choices(kelurahan, cum_weights=kumulatif)[0]
                r = rencana_keluarga(rng, kode_kecamatan=kel_kode[:8], nomor=nomor, hari_ini=hari_ini,
                                     peluang_miskin=peluang_miskin_untuk(kel_kode))
                k = r.kondisi
                baris_k.append((
                    kid, r.no_kk, kel_id, r.alamat, r.rt, r.rw, k["status_kepemilikan_rumah"], k["luas_lantai"],
                    k["lantai"], k["dinding"], k["atap"], k["sumber_air_minum"], k["penerangan"], k["fasilitas_bab"],
                    r.desil, "DTSEN (sintetis)" if r.desil else "", None, r.perkiraan_penghasilan,
                    c.StatusKeluarga.AKTIF, "", catatan, pengguna_id, sekarang, sekarang, 1,
                ))
                ringkas.append(KeluargaSintetis(kid, kel_id, r.desil, tuple(s for s in r.jenis_pmks if s in jenis)))
                for a in r.anggota:
                    baris_a.append((
                        kid, a.nik, a.nama, a.tempat_lahir, a.tanggal_lahir, a.jenis_kelamin, a.hubungan,
                        a.status_perkawinan, a.pendidikan, a.pekerjaan, a.disabilitas, c.StatusHidup.HIDUP,
                        c.StatusAnggota.AKTIF, "", "[]", "", sekarang, sekarang,
                    ))
                for singkatan in r.jenis_pmks:
                    if singkatan in jenis:
                        baris_kl.append((kid, jenis[singkatan], hari_ini - timedelta(days=rng.randint(0, 900)),
                                         pengguna_id, "", True, "", sekarang))
            for t, kolom, baris in (
                (Keluarga._meta.db_table, [*KOLOM_KELUARGA_MASSAL, "versi"], baris_k),  # versi: no DB default
                (Anggota._meta.db_table, KOLOM_ANGGOTA_MASSAL, baris_a),
                (KlasifikasiPMKS._meta.db_table, KOLOM_KLASIFIKASI_MASSAL, baris_kl),
            ):
                with cur.cursor.copy(f'COPY "{t}" ({", ".join(kolom)}) FROM STDIN') as copy:
                    for b in baris:
                        copy.write_row(b)
            rentang += [ids[0], ids[-1]]
            total["keluarga"] += len(baris_k)
            total["anggota"] += len(baris_a)
            total["klasifikasi"] += len(baris_kl)
            for p, st in zip(pengisi, keadaan, strict=True):
                for kunci, nilai in p.isi(cur, st, ringkas).items():
                    total[kunci] = total.get(kunci, 0) + nilai
            if progres:
                progres(total)
        for t in tabel_tulis:  # rows of an open transaction: the planner needs statistics of them
            cur.execute(f'ANALYZE "{t}"')
        if rentang:  # ids come from the sequence: this run's households lie between its first and last id
            mulai = time.perf_counter()
            _isi_indeks_nama(cur, min(rentang), max(rentang), pengguna_id)
            if catat:
                catat(f"indeks nama: {cur.rowcount:,} baris ({time.perf_counter() - mulai:.1f} s)")
            cur.execute(f'ANALYZE "{IndeksNama._meta.db_table}"')  # for the foreign key's validation
    perintah = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"  # VACUUM: not in a transaction
    with connection.cursor() as cur:
        for t in [*(m._meta.db_table for m in model_tulis), Wilayah._meta.db_table]:
            cur.execute(f'{perintah} "{t}"')  # visibility map: index-only counts
    return total
