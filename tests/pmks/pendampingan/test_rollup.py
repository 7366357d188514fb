"""The pendampingan rollup (``pmks.models.rollup_pendampingan``) equals the figures counted from
scratch after every kind of change: a random sequence of services (visits with and without a
follow-up, corrections of a visit, follow-ups added / completed / cancelled, referrals made and moved
along) and plain writes (a household moved to another kelurahan, added to / removed from a visit,
visits / referrals / follow-ups / history rows re-dated or deleted), checked against
``angka_pendampingan_dari_awal`` for every month, and the rollup's rows against a rebuild, after
every step."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pmks.models import Keluarga, RollupKunjungan, RollupPendampingan
from pmks.models.rollup_pendampingan import TABEL
from pmks.pendampingan import choices as pc
from pmks.pendampingan import services
from pmks.pendampingan.models import Kunjungan, RencanaTindakLanjut, RiwayatStatusRujukan, Rujukan
from pmks.pendampingan.selectors.rekap import angka_pendampingan, angka_pendampingan_dari_awal, jumlah_kunjungan
from tests.factories import KeluargaFactory
from tests.rollup_uji import dari_awal, isi_tabel

pytestmark = pytest.mark.django_db

BULAN = [date(2026, m, 1) for m in range(5, 13)]
GAGAL = (ValidationError, PermissionDenied)


def _waktu(rng: random.Random) -> datetime:
    # 16:00–17:59 UTC = 23:00–00:59 WIB: some land in the next WIB month than their UTC date
    return datetime(2026, rng.randint(5, 11), rng.choice([28, 30]), rng.choice([16, 17]), tzinfo=UTC)


def _tanggal(rng: random.Random) -> date:
    return date(2026, rng.randint(6, 11), rng.choice([1, 15, 28, 30]))


def _isi_rollup() -> dict[str, list]:
    return isi_tabel(TABEL, rollup="pmks_rolluppendampingan")

def _dari_awal_tabel():
    """The rows as a rebuild from scratch writes them (in a savepoint, rolled back)."""
    return dari_awal("sidamping_rollup_pendampingan_bangun", _isi_rollup)


def _sama_dengan_dari_awal(ids: list[int]) -> None:
    for bulan in BULAN:
        assert angka_pendampingan(kelurahan_ids=ids, bulan=bulan) == angka_pendampingan_dari_awal(
            kelurahan_ids=ids, bulan=bulan), bulan
    assert _isi_rollup() == _dari_awal_tabel()


def _langkah(rng: random.Random, *, keluarga, kelurahan, oleh) -> str:
    pilihan = rng.choice([
        "kunjungan", "kunjungan", "kunjungan_kelompok", "kunjungan_ubah", "tambah_keluarga", "lepas_keluarga",
        "tindak_lanjut", "selesaikan", "batalkan", "ubah_tindak_lanjut", "rujukan", "rujukan", "rujukan_maju",
        "rujukan_maju", "ubah_riwayat", "pindah_kelurahan", "hapus_kunjungan", "hapus_rujukan", "ubah_kunjungan_orm",
    ])
    kunjungan = list(Kunjungan.objects.order_by("id"))
    tl = list(RencanaTindakLanjut.objects.order_by("id"))
    rujukan = list(Rujukan.objects.order_by("id"))
    try:
        if pilihan in ("kunjungan", "kunjungan_kelompok") or not kunjungan:
            k = rng.choice(keluarga)
            sekecamatan = [x for x in keluarga if x.kelurahan.induk_id == k.kelurahan.induk_id]
            kelompok = pilihan == "kunjungan_kelompok" and len(sekecamatan) > 1
            tanggal = _tanggal(rng)
            services.kunjungan_catat(
                oleh=oleh, keluarga=rng.sample(sekecamatan, 2) if kelompok else [k], tanggal=tanggal,
                jenis=pc.JenisKunjungan.BIMBINGAN_KELOMPOK if kelompok else rng.choice(
                    [pc.JenisKunjungan.ASESMEN, pc.JenisKunjungan.MEDIASI, pc.JenisKunjungan.PENDATAAN]),
                tanggal_tindak_lanjut=rng.choice([None, date(2026, tanggal.month, 28)]),
                rencana_tindak_lanjut="Kunjungi lagi",
            )
            return "kunjungan"
        v = rng.choice(kunjungan)
        if pilihan == "kunjungan_ubah":
            v.refresh_from_db()
            services.kunjungan_ubah(kunjungan=v, oleh=oleh, versi=v.versi, tanggal=_tanggal(rng),
                                    jenis=rng.choice([pc.JenisKunjungan.ASESMEN, pc.JenisKunjungan.MEDIASI]))
        elif pilihan == "tambah_keluarga":
            v.keluarga.add(rng.choice(keluarga))
        elif pilihan == "lepas_keluarga" and v.keluarga.count() > 1:
            v.keluarga.remove(v.keluarga.order_by("id").first())
        elif pilihan == "ubah_kunjungan_orm":
            Kunjungan.objects.filter(pk=v.pk).update(kelurahan=rng.choice(kelurahan), tanggal=_tanggal(rng))
        elif pilihan == "hapus_kunjungan":
            RencanaTindakLanjut.objects.filter(kunjungan=v).update(kunjungan=None)
            v.delete()  # not a service, but the admin or a restore may
        elif pilihan == "tindak_lanjut":
            services.tindak_lanjut_tambah(keluarga=rng.choice(keluarga), oleh=oleh, uraian="Cek",
                                          batas_waktu=_tanggal(rng))
        elif pilihan in ("selesaikan", "batalkan") and tl:
            item = rng.choice(tl)
            if pilihan == "selesaikan":
                services.tindak_lanjut_selesaikan(item=item, oleh=oleh)
            else:
                services.tindak_lanjut_batalkan(item=item, oleh=oleh, catatan="Batal")
        elif pilihan == "ubah_tindak_lanjut" and tl:
            item = rng.choice(tl)
            RencanaTindakLanjut.objects.filter(pk=item.pk).update(
                dibuat_pada=_waktu(rng), batas_waktu=_tanggal(rng),
                diselesaikan_pada=_waktu(rng) if item.status != pc.StatusTindakLanjut.TERBUKA else None,
            )
        elif pilihan == "rujukan" or not rujukan:
            services.rujukan_buat(oleh=oleh, keluarga=rng.choice(keluarga), kategori=rng.choice(
                [pc.KategoriRujukan.KESEHATAN, pc.KategoriRujukan.PENDIDIKAN]), alasan="Perlu",
                tanggal=_tanggal(rng), tujuan_lain="Puskesmas")
        elif pilihan == "rujukan_maju":
            r = rng.choice(rujukan)
            ke = {pc.StatusRujukan.DIKIRIM: rng.choice([pc.StatusRujukan.DITERIMA, pc.StatusRujukan.DITOLAK]),
                  pc.StatusRujukan.DITERIMA: pc.StatusRujukan.SELESAI}.get(r.status)
            if ke:
                services.rujukan_ubah_status(rujukan=r, oleh=oleh, status=ke, versi=r.versi, catatan="Uji")
        elif pilihan == "ubah_riwayat":
            h = RiwayatStatusRujukan.objects.order_by("?").first()
            if h:
                RiwayatStatusRujukan.objects.filter(pk=h.pk).update(pada=_waktu(rng))
        elif pilihan == "pindah_kelurahan":
            Keluarga.objects.filter(pk=rng.choice(keluarga).pk).update(kelurahan=rng.choice(kelurahan))
        elif pilihan == "hapus_rujukan":
            rng.choice(rujukan).delete()  # its history goes with it
    except GAGAL:
        pass  # refused: nothing changes
    return pilihan


@pytest.mark.parametrize("seed", [1, 2])  # two random sequences: CI time (each is ~40 random steps)
def test_rollup_equals_counting_from_scratch_after_every_change(seed, admin_user, kel_kanigaran, kel_sukoharjo,
                                                                 kel_mayangan):
    rng = random.Random(seed)
    kelurahan = [kel_kanigaran, kel_sukoharjo, kel_mayangan]
    ids = [k.pk for k in kelurahan]
    keluarga = [KeluargaFactory(kelurahan=rng.choice(kelurahan)) for _ in range(5)]
    langkah = []
    for _ in range(60):
        langkah.append(_langkah(rng, keluarga=keluarga, kelurahan=kelurahan, oleh=admin_user))
        for k in keluarga:
            k.refresh_from_db()
        try:
            _sama_dengan_dari_awal(ids)
        except AssertionError as exc:
            raise AssertionError(f"setelah langkah {langkah}: {exc}") from exc
    assert RollupKunjungan.objects.exists()
    assert RollupPendampingan.objects.filter(peristiwa="tl:terlambat", n__gt=0).exists()


def test_overdue_follow_up_counts_from_its_first_overdue_month_until_closed(admin_user, kel_kanigaran):
    k = KeluargaFactory(kelurahan=kel_kanigaran)
    item = services.tindak_lanjut_tambah(keluarga=k, oleh=admin_user, uraian="Cek", batas_waktu=date(2026, 8, 31))
    RencanaTindakLanjut.objects.filter(pk=item.pk).update(dibuat_pada=datetime(2026, 8, 10, 3, tzinfo=UTC))
    terlambat = {b: angka_pendampingan(kelurahan_ids=[kel_kanigaran.pk], bulan=b).tindak_lanjut.get(
        kel_kanigaran.pk, {}).get("terlambat", 0) for b in BULAN}
    # due on August's last day: not overdue at the end of August, overdue from September on
    assert [terlambat[date(2026, m, 1)] for m in (8, 9, 10)] == [0, 1, 1]
    RencanaTindakLanjut.objects.filter(pk=item.pk).update(
        status=pc.StatusTindakLanjut.SELESAI, diselesaikan_pada=datetime(2026, 10, 31, 18, tzinfo=UTC))  # 1 Nov WIB
    angka = {b: angka_pendampingan(kelurahan_ids=[kel_kanigaran.pk], bulan=b).tindak_lanjut.get(kel_kanigaran.pk, {})
             for b in BULAN}
    assert [angka[date(2026, m, 1)].get("terlambat", 0) for m in (9, 10, 11)] == [1, 1, 0]
    assert angka[date(2026, 11, 1)]["selesai"] == 1


def test_dashboard_visit_counts_read_the_rollup(admin_user, kel_kanigaran, kel_sukoharjo, django_assert_num_queries):
    for kel in (kel_kanigaran, kel_sukoharjo):
        services.kunjungan_catat(oleh=admin_user, keluarga=[KeluargaFactory(kelurahan=kel)],
                                 tanggal=date(2026, 11, 3), jenis=pc.JenisKunjungan.ASESMEN)
    with django_assert_num_queries(1):
        per_kec = jumlah_kunjungan(kelurahan_ids=[kel_kanigaran.pk, kel_sukoharjo.pk], bulan=date(2026, 11, 1),
                                   per_kecamatan=True)
    assert per_kec == {kel_kanigaran.induk_id: 2}
    assert jumlah_kunjungan(kelurahan_ids=[kel_kanigaran.pk], bulan=date(2026, 11, 1)) == {kel_kanigaran.pk: 1}
