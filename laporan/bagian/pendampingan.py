"""Section IV: pendampingan — activities by type and area, referrals and their outcomes.

Same definitions as ``pmks.pendampingan.selectors.rekap_pendampingan`` (checked by a test), but
aggregated in the database and grouped by area unit so the city recap uses the same code:
- visits (kunjungan) and referrals (rujukan) belong to the month of their ``tanggal``;
- households accompanied: distinct households of the month's visits;
- referral outcomes: statuses reached in the month (status history, creation rows excluded);
- follow-ups (rencana tindak lanjut): created / completed in the month, overdue at month end.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q

from .. import grafik
from . import Lingkup, bagian, belum_tersedia, kolom, model_ada, per_unit, tabel, tabel_matriks, tabel_per_unit

JUDUL = "Pendampingan"


def bangun(lingkup: Lingkup) -> dict:
    Kunjungan = model_ada("pmks", "Kunjungan")
    Rujukan = model_ada("pmks", "Rujukan")
    RiwayatRujukan = model_ada("pmks", "RiwayatStatusRujukan")
    TindakLanjut = model_ada("pmks", "RencanaTindakLanjut")
    if Kunjungan is None or Rujukan is None or RiwayatRujukan is None or TindakLanjut is None:
        return belum_tersedia(kode="pendampingan", judul=JUDUL, catatan="Modul pendampingan belum tersedia.")
    from pmks.pendampingan import choices as pc

    p = lingkup.periode
    ids = lingkup.kelurahan_ids
    bulan_ini = Q(tanggal__gte=p.awal, tanggal__lte=p.tanggal_akhir)

    kunjungan = (
        Kunjungan.objects.filter(bulan_ini, kelurahan_id__in=ids)
        .values("kelurahan_id", "jenis")
        .annotate(n=Count("id"))
        .order_by()
    )
    keluarga = (
        Kunjungan.keluarga.through.objects.filter(
            kunjungan__kelurahan_id__in=ids,
            kunjungan__tanggal__gte=p.awal,
            kunjungan__tanggal__lte=p.tanggal_akhir,
        )
        .values("kunjungan__kelurahan_id")
        .annotate(keluarga_didampingi=Count("keluarga_id", distinct=True))
        .order_by()
    )
    rujukan = (
        Rujukan.objects.filter(bulan_ini, keluarga__kelurahan_id__in=ids)
        .values("keluarga__kelurahan_id", "kategori")
        .annotate(n=Count("id"))
        .order_by()
    )
    hasil_rujukan = (
        RiwayatRujukan.objects.filter(
            rujukan__keluarga__kelurahan_id__in=ids, pada__gte=p.mulai, pada__lt=p.selesai
        )
        .exclude(dari_status="")
        .values("rujukan__keluarga__kelurahan_id", "rujukan__kategori", "ke_status")
        .annotate(n=Count("id"))
        .order_by()
    )
    tindak_lanjut = (
        TindakLanjut.objects.filter(keluarga__kelurahan_id__in=ids)
        .values("keluarga__kelurahan_id")
        .annotate(
            tl_dibuat=Count("id", filter=Q(dibuat_pada__gte=p.mulai, dibuat_pada__lt=p.selesai)),
            tl_selesai=Count(
                "id",
                filter=Q(
                    status=pc.StatusTindakLanjut.SELESAI,
                    diselesaikan_pada__gte=p.mulai,
                    diselesaikan_pada__lt=p.selesai,
                ),
            ),
            tl_terlambat=Count(
                "id",
                filter=Q(batas_waktu__lt=p.tanggal_akhir, dibuat_pada__lt=p.selesai)
                & (Q(status=pc.StatusTindakLanjut.TERBUKA) | Q(diselesaikan_pada__gte=p.selesai)),
            ),
        )
        .order_by()
    )

    data: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    matriks_jenis: dict[tuple[str, str], int] = defaultdict(int)
    for row in kunjungan:
        unit = lingkup.unit_kelurahan.get(row["kelurahan_id"])
        if unit:
            data[unit]["kunjungan"] += row["n"]
            matriks_jenis[(row["jenis"], unit)] += row["n"]
    for unit, nilai in per_unit(
        lingkup, keluarga, kunci_kelurahan="kunjungan__kelurahan_id", nilai=["keluarga_didampingi"]
    ).items():
        data[unit].update(nilai)
    per_kategori: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for row in rujukan:
        unit = lingkup.unit_kelurahan.get(row["keluarga__kelurahan_id"])
        if unit:
            data[unit]["rujukan"] += row["n"]
            per_kategori[row["kategori"]]["dibuat"] += row["n"]
    for row in hasil_rujukan:
        unit = lingkup.unit_kelurahan.get(row["rujukan__keluarga__kelurahan_id"])
        if unit:
            per_kategori[row["rujukan__kategori"]][row["ke_status"]] += row["n"]
            if row["ke_status"] == pc.StatusRujukan.SELESAI:
                data[unit]["rujukan_selesai"] += row["n"]
    for unit, nilai in per_unit(
        lingkup,
        tindak_lanjut,
        kunci_kelurahan="keluarga__kelurahan_id",
        nilai=["tl_dibuat", "tl_selesai", "tl_terlambat"],
    ).items():
        data[unit].update(nilai)

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
