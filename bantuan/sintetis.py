"""Synthetic aid rows for benchmark databases, written with COPY (history triggers off).

Two users:

- ``manage.py buat_data_sintetis`` (registered as a ``pmks.ekstensi.PengisiSintetis`` in
  ``bantuan.integrasi``): for every batch of new households, proposals in every status with their
  status history, distributions of the distributed ones (monthly programs every month), and BNBA
  receipts of the central programs (PKH, BPNT, per quarter). Programs ``sintetis-<jenis>-<tahun>``
  are created once and reused by later runs.
- ``isi_bantuan_sintetis`` (``bench_bantuan``, ``bench_laporan --dengan-bantuan``): one proposal for
  a share of the existing households inside a month, in the caller's transaction (rolled back).

Proportions per household: 30 % proposed (15 % of them twice, for another program), statuses
weighted as in ``STATUS``; 15 % PKH and 20 % BPNT recipients (poorer deciles more often).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from pmks.models import JenisPMKS, Keluarga
from tksk.salin_massal import ambil_id, salin, tanpa_trigger

from . import choices as c
from .models import PenerimaanEksternal, Penyaluran, ProgramBantuan, RiwayatStatusUsulan, Usulan

PORSI_DIUSULKAN = 0.30
PORSI_DUA_USULAN = 0.15
S = c.StatusUsulan
STATUS = {S.DRAFT: 5, S.DIAJUKAN: 10, S.DIVERIFIKASI: 6, S.DISETUJUI: 14, S.DITOLAK: 8, S.DIKEMBALIKAN: 4,
          S.DISALURKAN: 48, S.DIBATALKAN: 5}
JALUR = {
    S.DRAFT: [S.DRAFT],
    S.DIAJUKAN: [S.DRAFT, S.DIAJUKAN],
    S.DIKEMBALIKAN: [S.DRAFT, S.DIAJUKAN, S.DIKEMBALIKAN],
    S.DIBATALKAN: [S.DRAFT, S.DIAJUKAN, S.DIBATALKAN],
    S.DIVERIFIKASI: [S.DRAFT, S.DIAJUKAN, S.DIVERIFIKASI],
    S.DITOLAK: [S.DRAFT, S.DIAJUKAN, S.DIVERIFIKASI, S.DITOLAK],
    S.DISETUJUI: [S.DRAFT, S.DIAJUKAN, S.DIVERIFIKASI, S.DISETUJUI],
    S.DISALURKAN: [S.DRAFT, S.DIAJUKAN, S.DIVERIFIKASI, S.DISETUJUI, S.DISALURKAN],
}
# (jenis, nilai, bentuk, frekuensi, dikelola_dinas, target PMKS, desil maks)
PROGRAM = [
    ("sembako", 200_000, "natura", "bulanan", True, ["FM", "LUT", "PRSE"], 4),
    ("rtlh", 20_000_000, "barang", "sekali", True, ["RTLH"], None),
    ("ternak", 3_000_000, "barang", "sekali", True, ["FM"], 5),
    ("modal_usaha", 1_500_000, "tunai", "sekali", True, ["FM", "PRSE"], 6),
    ("pkh", 750_000, "tunai", "sekali", False, ["FM"], 4),
    ("bpnt", 200_000, "natura", "bulanan", False, ["FM"], 4),
]


@dataclass
class Keadaan:
    rng: random.Random
    pengguna_id: int
    awal: date
    akhir: date
    program: dict[tuple[str, int], tuple[int, int, str]] = field(default_factory=dict)  # (jenis, tahun) → id, nilai
    semua: bool = False  # every household given gets exactly one proposal (isi_bantuan_sintetis)
    eksternal: bool = True
    # kelurahan id → code: a proposal's ``kode_wilayah`` (its trigger is off here, the column is NOT NULL)
    kode_kelurahan: dict[int, str] = field(default_factory=dict)


def model() -> list:
    return [ProgramBantuan, ProgramBantuan.jenis_pmks.through, Usulan, RiwayatStatusUsulan, Penyaluran,
            PenerimaanEksternal]


def siapkan(cur, *, rng: random.Random, pengguna_id: int, hari_ini: date, awal: date | None = None,
            akhir: date | None = None, awalan_kode: str = "sintetis", semua: bool = False,
            eksternal: bool = True) -> Keadaan:
    from tksk.models import Wilayah

    k = Keadaan(rng, pengguna_id, awal or hari_ini - timedelta(days=395), akhir or hari_ini, semua=semua,
                eksternal=eksternal, kode_kelurahan=dict(Wilayah.objects.kelurahan().values_list("id", "kode")))
    tahun_list = sorted({k.awal.year, k.akhir.year})
    ada = {p.kode: p for p in ProgramBantuan.objects.filter(kode__startswith=f"{awalan_kode}-")}
    jenis_id = dict(JenisPMKS.objects.values_list("singkatan", "id"))
    baru, target = [], []
    for tahun in tahun_list:
        for jenis, nilai, bentuk, frek, dinas, pmks, desil in PROGRAM:
            kode = f"{awalan_kode}-{jenis.replace('_', '-')}-{tahun}"
            if kode in ada:
                k.program[(jenis, tahun)] = (ada[kode].pk, nilai, frek)
                continue
            (pid,) = ambil_id(cur, ProgramBantuan, 1)
            baru.append({
                "id": pid, "nama": f"{jenis.replace('_', ' ').title()} {tahun} (sintetis)", "kode": kode,
                "jenis": jenis, "sumber_dana": "apbd_kota" if dinas else "apbn", "tahun_anggaran": tahun,
                "periode_mulai": date(tahun, 1, 1), "periode_selesai": date(tahun, 12, 31), "bentuk": bentuk,
                "nilai_per_penerima": nilai, "frekuensi": frek, "dikelola_dinas": dinas,
                "desil_maksimum": desil, "dibuat_oleh_id": pengguna_id,
            })
            target += [(pid, jenis_id[s]) for s in pmks if s in jenis_id]
            k.program[(jenis, tahun)] = (pid, nilai, frek)
    salin(cur, ProgramBantuan, baru)
    through = ProgramBantuan.jenis_pmks.through
    kolom_p, kolom_j = (f.attname for f in through._meta.concrete_fields if f.is_relation)
    salin(cur, through, ({"id": i, kolom_p: p, kolom_j: j}
                         for i, (p, j) in zip(ambil_id(cur, through, len(target)), target, strict=True)))
    return k


def _waktu(rng: random.Random, d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(8)) + timedelta(minutes=rng.randint(0, 480)))


def _pilih_program(rng: random.Random, jenis_pmks: tuple[str, ...], kecuali: set[str]) -> str:
    pilihan = {"sembako": 50, "ternak": 20, "modal_usaha": 30, "rtlh": 60 if "RTLH" in jenis_pmks else 3}
    for j in kecuali:
        pilihan.pop(j, None)
    return rng.choices(list(pilihan), weights=list(pilihan.values()))[0]


def _bulan_berikut(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def isi(cur, k: Keadaan, keluarga: list) -> dict:
    rng = k.rng
    hari = (k.akhir - k.awal).days
    usulan, riwayat, salur, eksternal = [], [], [], []
    rencana = []
    for kel in keluarga:
        if k.semua:
            n = 1
        elif rng.random() < PORSI_DIUSULKAN:
            n = 2 if rng.random() < PORSI_DUA_USULAN else 1
        else:
            n = 0
        dipakai: set[str] = set()
        for _ in range(n):
            jenis = _pilih_program(rng, kel.jenis, dipakai)
            dipakai.add(jenis)
            rencana.append((kel, jenis, rng.choices(list(STATUS), weights=list(STATUS.values()))[0]))
    ids = ambil_id(cur, Usulan, len(rencana))
    for uid, (kel, jenis, status) in zip(ids, rencana, strict=True):
        jalur = JALUR[status]
        # the whole path fits before the window's end
        mulai = k.awal + timedelta(days=rng.randint(0, max(0, hari - 5 * (len(jalur) - 1))))
        tahun = mulai.year if (jenis, mulai.year) in k.program else k.akhir.year
        pid, nilai, frek = k.program[(jenis, tahun)]
        waktu = [_waktu(rng, mulai)]
        for _ in jalur[1:]:
            waktu.append(waktu[-1] + timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 6)))
        b = {"id": uid, "program_id": pid, "keluarga_id": kel.id, "kode_wilayah": k.kode_kelurahan[kel.kelurahan_id],
             "status": status,
             "justifikasi": "Usulan sintetis", "diusulkan_oleh_id": k.pengguna_id, "dibuat_pada": waktu[0],
             "diubah_pada": waktu[-1]}
        if len(jalur) > 1:
            b["diajukan_pada"] = waktu[1]
        if status in (S.DISETUJUI, S.DITOLAK, S.DISALURKAN, S.DIKEMBALIKAN):
            b.update(diputuskan_oleh_id=k.pengguna_id, diputuskan_pada=waktu[-1] if status != S.DISALURKAN
                     else waktu[-2], catatan_keputusan="")
        usulan.append(b)
        for i, ke in enumerate(jalur):
            riwayat.append({"usulan_id": uid, "dari": jalur[i - 1] if i else "", "ke": ke, "oleh_id": k.pengguna_id,
                            "pada": waktu[i], "catatan": ""})
        if status == S.DISALURKAN:
            pertama = waktu[-1].date()
            bulan = date(pertama.year, pertama.month, 1)
            while True:
                tanggal = max(pertama, bulan) if bulan.month == pertama.month and bulan.year == pertama.year \
                    else bulan + timedelta(days=rng.randint(0, 20))
                tanggal = min(tanggal, k.akhir)
                salur.append({"usulan_id": uid, "tanggal": tanggal, "bulan": bulan, "nilai": nilai,
                              "diterima_oleh": "Kepala keluarga", "dicatat_oleh_id": k.pengguna_id,
                              "dicatat_pada": _waktu(rng, tanggal)})
                bulan = _bulan_berikut(bulan)
                if frek != "bulanan" or bulan > k.akhir or bulan.year != tahun:
                    break
    if k.eksternal:
        kuartal = []
        d = date(k.awal.year, 3 * ((k.awal.month - 1) // 3) + 1, 1)
        while d <= k.akhir:
            akhir_q = date(d.year + (d.month >= 10), (d.month + 2) % 12 + 1, 1) - timedelta(days=1)
            kuartal.append((d, akhir_q))
            d = akhir_q + timedelta(days=1)
        for kel in keluarga:
            miskin = kel.desil is not None and kel.desil <= 4
            for jenis, peluang in (("pkh", 0.30 if miskin else 0.03), ("bpnt", 0.40 if miskin else 0.04)):
                if rng.random() >= peluang:
                    continue
                mulai_q = rng.randrange(len(kuartal))
                for awal_q, akhir_q in kuartal[mulai_q:]:
                    pid = k.program.get((jenis, awal_q.year), (None,))[0]
                    if pid is None:
                        continue
                    eksternal.append({
                        "program_id": pid, "keluarga_id": kel.id, "periode_mulai": awal_q,
                        "periode_selesai": akhir_q, "sumber": f"BNBA {jenis.upper()} {awal_q:%m/%Y} (sintetis)",
                        "aktif": True, "dicatat_oleh_id": k.pengguna_id,
                    })
    for daftar, m in ((salur, Penyaluran), (riwayat, RiwayatStatusUsulan), (eksternal, PenerimaanEksternal)):
        for i, b in zip(ambil_id(cur, m, len(daftar)), daftar, strict=True):
            b["id"] = i
    salin(cur, Usulan, usulan)
    salin(cur, RiwayatStatusUsulan, riwayat)
    salin(cur, Penyaluran, salur)
    salin(cur, PenerimaanEksternal, eksternal)
    return {"usulan": len(usulan), "penyaluran": len(salur), "eksternal": len(eksternal)}


def isi_bantuan_sintetis(*, porsi: float, awal: date, akhir: date, seed: int = 7) -> dict:
    """One synthetic proposal (any status) for ``porsi`` of the existing households, dated inside
    ``awal``..``akhir``, plus BNBA receipts and visits/referrals, in the caller's transaction."""
    from pmks.pendampingan import sintetis as pendampingan_sintetis
    from pmks.registri.sintetis_massal import KeluargaSintetis
    from tksk.models import Pengguna

    rng = random.Random(seed)
    oleh = Pengguna.objects.order_by("id").values_list("id", flat=True).first()
    baris = list(Keluarga.objects.order_by("id").values_list("id", "kelurahan_id", "desil"))
    rng.shuffle(baris)
    dipilih = [KeluargaSintetis(i, kel, desil, ()) for i, kel, desil in baris[: int(len(baris) * porsi)]]
    hari_ini = timezone.localdate()
    with connection.cursor() as cur, tanpa_trigger(cur, [*model(), *pendampingan_sintetis.model()]):
        k = siapkan(cur, rng=rng, pengguna_id=oleh, hari_ini=hari_ini, awal=awal, akhir=akhir,
                    awalan_kode=f"bench{seed}", semua=True)
        jumlah = isi(cur, k, dipilih)
        kp = pendampingan_sintetis.siapkan(cur, rng=rng, pengguna_id=oleh, hari_ini=hari_ini, awal=awal,
                                           akhir=akhir)
        jumlah.update(pendampingan_sintetis.isi(cur, kp, dipilih))
        for m in (*model(), *pendampingan_sintetis.model()):
            # fresh rows in an open transaction are invisible to autovacuum: give the planner statistics
            cur.execute(f'ANALYZE "{m._meta.db_table}"')
    from pmks.management.commands.bangun_rollup import bangun_rollup

    # the triggers were off: rebuild what aid and pendampingan rows feed (the registry is untouched)
    bangun_rollup(hanya=("pendampingan", "kunjungan_terakhir", "bantuan", "fakta_penerimaan"))
    return jumlah


def daftarkan() -> None:
    from pmks import ekstensi

    ekstensi.daftarkan_pengisi_sintetis(
        ekstensi.PengisiSintetis(kode="bantuan", urutan=20, model=model, siapkan=siapkan, isi=isi)
    )
