"""Section IV: pendampingan — activities by type and area, referrals and their outcomes.

The figures are ``pmks.pendampingan.selectors.rekap.angka_pendampingan`` (the definitions are in
its module: visits and referrals by their date, households accompanied, referral outcomes reached
in the month, follow-ups created / completed / overdue), grouped per kelurahan and rolled up here
per area unit, so the monthly report and the city recap use the same code.
"""

from __future__ import annotations

from collections import defaultdict

from pmks.pendampingan import choices as pc
from pmks.pendampingan.selectors.rekap import AngkaPendampingan, angka_pendampingan

from .. import grafik
from . import Lingkup, bagian, kolom, tabel, tabel_matriks, tabel_per_unit

JUDUL = "Pendampingan"


def _per_unit(lingkup: Lingkup, angka: AngkaPendampingan) -> tuple[dict, dict, dict]:
    """(figures per unit, visits per (jenis, unit), referrals per kategori) from the selector."""
    data: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    matriks_jenis: dict[tuple[str, str], int] = defaultdict(int)
    per_kategori: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    unit = lingkup.unit_kelurahan.get
    for (kel, jenis), n in angka.kunjungan.items():
        if u := unit(kel):
            data[u]["kunjungan"] += n
            matriks_jenis[(jenis, u)] += n
    for kel, n in angka.keluarga_didampingi.items():
        if u := unit(kel):
            data[u]["keluarga_didampingi"] += n
    for (kel, kategori), n in angka.rujukan.items():
        if u := unit(kel):
            data[u]["rujukan"] += n
            per_kategori[kategori]["dibuat"] += n
    for (kel, kategori, status), n in angka.hasil_rujukan.items():
        if u := unit(kel):
            per_kategori[kategori][status] += n
            if status == pc.StatusRujukan.SELESAI:
                data[u]["rujukan_selesai"] += n
    for kel, tl in angka.tindak_lanjut.items():
        if u := unit(kel):
            for kode in ("dibuat", "selesai", "terlambat"):
                data[u][f"tl_{kode}"] += tl[kode]
    return data, matriks_jenis, per_kategori


def bangun(lingkup: Lingkup) -> dict:
    angka = angka_pendampingan(kelurahan_ids=lingkup.kelurahan_ids, bulan=lingkup.periode.awal)
    data, matriks_jenis, per_kategori = _per_unit(lingkup, angka)
    jenis_label = list(pc.JenisKunjungan.choices)
    tabel_unit = tabel_per_unit(
        lingkup,
        kode="pendampingan_per_unit",
        judul=f"Kegiatan pendampingan per {lingkup.label_unit.lower()}",
        kolom_nilai=[
            kolom("kunjungan", "Kegiatan/kunjungan"),
            kolom("keluarga_didampingi", "Keluarga didampingi"),
            kolom("rujukan", "Rujukan dibuat"),
            kolom("rujukan_selesai", "Rujukan selesai"),
            kolom("tl_dibuat", "Tindak lanjut baru"),
            kolom("tl_selesai", "Tindak lanjut selesai"),
            kolom("tl_terlambat", "Tindak lanjut terlambat (akhir bulan)"),
        ],
        data=data,
        catatan="Keluarga didampingi: keluarga berbeda yang terlibat dalam kegiatan bulan ini.",
    )
    tabel_jenis = tabel_matriks(
        lingkup,
        kode="pendampingan_matriks_jenis",
        judul=f"Kegiatan pendampingan per jenis × {lingkup.label_unit.lower()}",
        label="Jenis kegiatan",
        kategori=jenis_label,
        data=matriks_jenis,
    )
    status_hasil = [s for s in pc.StatusRujukan.choices if s[0] != pc.StatusRujukan.DIKIRIM]
    tabel_rujukan = tabel(
        kode="pendampingan_rujukan",
        judul="Rujukan per kategori tujuan dan hasilnya bulan ini",
        label="Kategori tujuan",
        kolom_nilai=[kolom("dibuat", "Rujukan dibuat"), *[kolom(s, label) for s, label in status_hasil]],
        baris=[
            {"label": label, "nilai": per_kategori[kode]}
            for kode, label in pc.KategoriRujukan.choices
            if kode in per_kategori
        ],
        catatan="Hasil = rujukan yang mencapai status itu pada bulan laporan (termasuk rujukan bulan sebelumnya).",
    )
    total_jenis = defaultdict(int)
    for (jenis, _unit), n in matriks_jenis.items():
        total_jenis[jenis] += n
    grafik_jenis = grafik.batang(
        kode="grafik_pendampingan_jenis",
        judul="Kegiatan pendampingan bulan ini per jenis",
        data=[(label, total_jenis.get(kode, 0)) for kode, label in jenis_label],
        warna=4,
    )
    return bagian(
        kode="pendampingan",
        judul=JUDUL,
        tabel_list=[tabel_unit, tabel_jenis, tabel_rujukan],
        grafik=[grafik_jenis],
    )
