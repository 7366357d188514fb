"""Synthetic pendampingan rows for benchmark databases: visits, follow-ups and referrals.

Registered with ``pmks.ekstensi.daftarkan_pengisi_sintetis`` (``pmks.apps``), so
``manage.py buat_data_sintetis`` writes them with COPY for every batch of households, history
triggers off. Proportions (per household, over the last ~13 months up to today): 40 % visited
1–3 times (5 % of visits are group sessions of up to 5 households of one kelurahan), 30 % of visits
with a follow-up (past ones mostly done, some overdue), 4 % referred (every status).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tksk.salin_massal import ambil_id, salin

from . import choices as pc
from .models import Kunjungan, RencanaTindakLanjut, RiwayatStatusRujukan, Rujukan

PORSI_DIKUNJUNGI = 0.40
PORSI_TINDAK_LANJUT = 0.30
PORSI_DIRUJUK = 0.04
JENIS_KUNJUNGAN = {
    pc.JenisKunjungan.ASESMEN: 25, pc.JenisKunjungan.BIMBINGAN_PERORANGAN: 25,
    pc.JenisKunjungan.MONITORING_BANTUAN: 20, pc.JenisKunjungan.PENDATAAN: 15, pc.JenisKunjungan.MEDIASI: 5,
    pc.JenisKunjungan.RUJUKAN: 5, pc.JenisKunjungan.BIMBINGAN_KELOMPOK: 5,
}
STATUS_RUJUKAN = {
    pc.StatusRujukan.DIKIRIM: 25, pc.StatusRujukan.DITERIMA: 30, pc.StatusRujukan.SELESAI: 35,
    pc.StatusRujukan.DITOLAK: 10,
}
TUJUAN = {
    pc.KategoriRujukan.KESEHATAN: "Puskesmas", pc.KategoriRujukan.PENDIDIKAN: "SD Negeri",
    pc.KategoriRujukan.DINAS_LAIN: "Dinas Kependudukan", pc.KategoriRujukan.LKS: "LKS Lansia",
    pc.KategoriRujukan.LAINNYA: "BAZNAS",
}


@dataclass
class Keadaan:
    rng: random.Random
    pengguna_id: int
    awal: date
    akhir: date
    hari_ini: date
    porsi: float = 1.0


def model() -> list:
    return [Kunjungan, Kunjungan.keluarga.through, RencanaTindakLanjut, Rujukan, RiwayatStatusRujukan]


def siapkan(cur, *, rng: random.Random, pengguna_id: int, hari_ini: date, awal: date | None = None,
            akhir: date | None = None, porsi: float = 1.0) -> Keadaan:
    return Keadaan(rng, pengguna_id, awal or hari_ini - timedelta(days=395), akhir or hari_ini, hari_ini, porsi)


def _tanggal(k: Keadaan) -> date:
    return k.awal + timedelta(days=k.rng.randint(0, (k.akhir - k.awal).days))


def _waktu(rng: random.Random, d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(8)) + timedelta(minutes=rng.randint(0, 480)))


def _pilih(rng: random.Random, bobot: dict):
    return rng.choices(list(bobot), weights=list(bobot.values()))[0]


def isi(cur, k: Keadaan, keluarga: list) -> dict:
    rng = k.rng
    kunjungan, anggota_kunjungan, rencana = [], [], []
    per_kelurahan: dict[int, list[int]] = {}
    for kel in keluarga:
        per_kelurahan.setdefault(kel.kelurahan_id, []).append(kel.id)
    for kel in keluarga:
        if rng.random() >= PORSI_DIKUNJUNGI * k.porsi:
            continue
        for _ in range(rng.choices((1, 2, 3), weights=(6, 3, 1))[0]):
            jenis = _pilih(rng, JENIS_KUNJUNGAN)
            tanggal = _tanggal(k)
            peserta = [kel.id]
            if jenis == pc.JenisKunjungan.BIMBINGAN_KELOMPOK:
                tetangga = [i for i in per_kelurahan[kel.kelurahan_id] if i != kel.id]
                peserta += rng.sample(tetangga, min(len(tetangga), rng.randint(1, 4)))
            tindak = tanggal + timedelta(days=rng.randint(7, 45)) if rng.random() < PORSI_TINDAK_LANJUT else None
            kunjungan.append((kel.kelurahan_id, tanggal, jenis, tindak, peserta))
    ids = ambil_id(cur, Kunjungan, len(kunjungan))
    baris_k = []
    for kid, (kel_id, tanggal, jenis, tindak, peserta) in zip(ids, kunjungan, strict=True):
        pada = _waktu(rng, tanggal)
        baris_k.append({
            "id": kid, "kelurahan_id": kel_id, "tanggal": tanggal, "jenis": jenis,
            "peran": [rng.choice(list(pc.PeranTKSK.values))], "catatan": "Kunjungan sintetis",
            "hasil": "", "tanggal_tindak_lanjut": tindak, "dicatat_oleh_id": k.pengguna_id,
            "dibuat_pada": pada, "diubah_pada": pada,
        })
        anggota_kunjungan += [(kid, kel) for kel in peserta]
        if tindak is not None:
            rencana.append((peserta[0], kel_id, kid, tindak, pada))
    through = Kunjungan.keluarga.through
    id_through = ambil_id(cur, through, len(anggota_kunjungan))
    baris_rtl = []
    for keluarga_id, kel_id, kid, batas, pada in rencana:
        # kelurahan: the household's (the visit's own, peserta[0]); COPY runs with the triggers off
        b = {"keluarga_id": keluarga_id, "kelurahan_id": kel_id, "kunjungan_id": kid,
             "uraian": "Tindak lanjut kunjungan", "batas_waktu": batas, "dibuat_oleh_id": k.pengguna_id,
             "dibuat_pada": pada}
        if batas < k.hari_ini:
            status = rng.choices(
                [pc.StatusTindakLanjut.SELESAI, pc.StatusTindakLanjut.TERBUKA, pc.StatusTindakLanjut.BATAL],
                weights=[70, 25, 5],
            )[0]
            b["status"] = status
            if status == pc.StatusTindakLanjut.SELESAI:
                b.update(diselesaikan_pada=_waktu(rng, batas), diselesaikan_oleh_id=k.pengguna_id,
                         catatan_penyelesaian="Selesai")
        baris_rtl.append(b)
    id_rtl = ambil_id(cur, RencanaTindakLanjut, len(baris_rtl))
    for i, b in zip(id_rtl, baris_rtl, strict=True):
        b["id"] = i

    rujukan = [kel for kel in keluarga if rng.random() < PORSI_DIRUJUK * k.porsi]
    id_rujukan = ambil_id(cur, Rujukan, len(rujukan))
    baris_r, riwayat = [], []
    for rid, kel in zip(id_rujukan, rujukan, strict=True):
        kategori = rng.choice(list(TUJUAN))
        status = _pilih(rng, STATUS_RUJUKAN)
        tanggal = _tanggal(k)
        pada = _waktu(rng, tanggal)
        baris_r.append({
            "id": rid, "keluarga_id": kel.id, "kategori": kategori, "tujuan_lain": TUJUAN[kategori],
            "alasan": "Rujukan sintetis", "tanggal": tanggal, "status": status,
            "hasil": "Ditangani" if status == pc.StatusRujukan.SELESAI else "", "dibuat_oleh_id": k.pengguna_id,
            "dibuat_pada": pada, "diubah_pada": pada,
        })
        jalur = {
            pc.StatusRujukan.DIKIRIM: ["dikirim"], pc.StatusRujukan.DITERIMA: ["dikirim", "diterima"],
            pc.StatusRujukan.SELESAI: ["dikirim", "diterima", "selesai"],
            pc.StatusRujukan.DITOLAK: ["dikirim", "ditolak"],
        }[status]
        for i, ke in enumerate(jalur):
            riwayat.append({"rujukan_id": rid, "dari_status": jalur[i - 1] if i else "", "ke_status": ke,
                            "catatan": "", "oleh_id": k.pengguna_id, "pada": pada + timedelta(days=3 * i)})
    for i, b in zip(ambil_id(cur, RiwayatStatusRujukan, len(riwayat)), riwayat, strict=True):
        b["id"] = i

    salin(cur, Kunjungan, baris_k)
    salin(cur, through, ({"id": i, "kunjungan_id": a, "keluarga_id": b}
                         for i, (a, b) in zip(id_through, anggota_kunjungan, strict=True)))
    salin(cur, RencanaTindakLanjut, baris_rtl)
    salin(cur, Rujukan, baris_r)
    salin(cur, RiwayatStatusRujukan, riwayat)
    return {"kunjungan": len(baris_k), "tindak_lanjut": len(baris_rtl), "rujukan": len(baris_r)}


def daftarkan() -> None:
    from pmks import ekstensi

    ekstensi.daftarkan_pengisi_sintetis(
        ekstensi.PengisiSintetis(kode="pendampingan", urutan=10, model=model, siapkan=siapkan, isi=isi)
    )
