"""The TKSK's "Hari ini" worklist (#12 item 5): follow-ups due today or overdue, households never
visited or not for ``SIDAMPING_BULAN_TANPA_KUNJUNGAN`` months, and what higher apps register through
``pmks.ekstensi.daftarkan_tugas_hari_ini`` (bantuan: proposals returned for revision). Each item is a
card with one action; the list is sorted by kelurahan and RT so that a day's route is obvious.

Reads only; the rules (what is "due", "not visited for months") come from ``pmks.pendampingan.selectors``.
A constant number of queries whatever the amount of data (each list is capped at ``BATAS_PER_JENIS``;
the dashboard links to the full lists).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse

from .. import ekstensi
from ..ekstensi import TugasHariIni
from ..models import Keluarga
from .selectors import (
    batas_tanpa_kunjungan,
    hari_ini_jakarta,
    keluarga_lama_tanpa_kunjungan,
    kunci_tindak_lanjut,
    muat_tindak_lanjut,
)

BATAS_PER_JENIS = 30


@dataclass
class DaftarHariIni:
    hari_ini: date
    tugas: list[TugasHariIni] = field(default_factory=list)
    terpotong: dict[str, bool] = field(default_factory=dict)  # kind → more than BATAS_PER_JENIS exist

    @property
    def jumlah(self) -> dict[str, int]:
        hasil: dict[str, int] = {}
        for t in self.tugas:
            hasil[t.jenis] = hasil.get(t.jenis, 0) + 1
        return hasil


def urut_rute(kelurahan_kode: str, rt: str, alamat: str) -> tuple:
    """Sort key of a day's route: kelurahan, then RT (as a number), then address."""
    rt_angka = int(rt) if (rt or "").isdigit() else 10_000
    return (kelurahan_kode, rt_angka, (alamat or "").lower())


def _kepala(k: Keluarga) -> str:
    daftar = getattr(k, "kepala_list", None)
    return daftar[0].nama if daftar else "Tanpa kepala keluarga"


def _alamat(k: Keluarga) -> str:
    rt_rw = f" RT {k.rt}/RW {k.rw}" if k.rt or k.rw else ""
    return f"{k.alamat}{rt_rw}"


def _catat(k: Keluarga) -> str:
    return reverse("pmks:kunjungan_tambah", kwargs={"keluarga_pk": k.pk})


def _tindak_lanjut(user, hari_ini: date) -> tuple[list[TugasHariIni], bool]:
    baris = list(muat_tindak_lanjut(
        kunci_tindak_lanjut(user=user, awal=0, akhir=BATAS_PER_JENIS + 1, sampai=hari_ini)))
    hasil = []
    for tl in baris[:BATAS_PER_JENIS]:
        k = tl.keluarga
        telat = (hari_ini - tl.batas_waktu).days
        hasil.append(TugasHariIni(
            jenis="tindak_lanjut",
            judul=f"Terlambat {telat} hari" if telat else "Tindak lanjut hari ini",
            keterangan=tl.uraian, keluarga_id=k.pk, nama_kepala=_kepala(k), alamat=_alamat(k),
            kelurahan=k.kelurahan.nama, url_aksi=_catat(k), label_aksi="Catat kunjungan",
            urut=urut_rute(k.kelurahan.kode, k.rt, k.alamat), penting=telat > 0, ikon="bi-alarm",
        ))
    return hasil, len(baris) > BATAS_PER_JENIS


def _perlu_dikunjungi(user, hari_ini: date) -> tuple[list[TugasHariIni], bool]:
    baris = keluarga_lama_tanpa_kunjungan(
        user=user, batas=batas_tanpa_kunjungan(hari_ini), n=BATAS_PER_JENIS + 1, write=True)
    hasil = []
    for k in baris[:BATAS_PER_JENIS]:
        if k.kunjungan_terakhir is None:
            jenis, judul = "belum_dikunjungi", "Belum pernah dikunjungi"
        else:
            jenis, judul = "lama_tidak_dikunjungi", f"Terakhir dikunjungi {k.kunjungan_terakhir:%d-%m-%Y}"
        hasil.append(TugasHariIni(
            jenis=jenis, judul=judul, keterangan="", keluarga_id=k.pk, nama_kepala=_kepala(k), alamat=_alamat(k),
            kelurahan=k.kelurahan.nama, url_aksi=_catat(k), label_aksi="Catat kunjungan",
            urut=urut_rute(k.kelurahan.kode, k.rt, k.alamat), ikon="bi-house-exclamation",
        ))
    return hasil, len(baris) > BATAS_PER_JENIS


def daftar_hari_ini(*, user, hari_ini: date | None = None) -> DaftarHariIni:
    """The worklist of ``user`` (a TKSK: own kecamatan). Queries: 4 + those of registered sources."""
    hari_ini = hari_ini or hari_ini_jakarta()
    hasil = DaftarHariIni(hari_ini=hari_ini)
    for nama, sumber in (("tindak_lanjut", _tindak_lanjut), ("kunjungan", _perlu_dikunjungi)):
        tugas, lebih = sumber(user, hari_ini)
        hasil.tugas += tugas
        hasil.terpotong[nama] = lebih
    for fn in ekstensi.tugas_hari_ini():
        hasil.tugas += fn(user, hari_ini) or []
    # Route order; within one household, the most pressing first.
    hasil.tugas.sort(key=lambda t: (*t.urut, not t.penting, t.jenis))
    return hasil
