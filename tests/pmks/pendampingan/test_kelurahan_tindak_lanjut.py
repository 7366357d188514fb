"""The follow-up's kelurahan (``RencanaTindakLanjut.kelurahan``, ``pmks.pendampingan.pemicu``) is always its
household's — whatever writes it, after household moves (one or many in a statement), a follow-up moved to
another household, a merge — and the dashboard's follow-up figures and lists read from it equal the
definition through the household (their plans on generated data: ``test_tindak_lanjut_area``), and
their query counts do not grow with the area."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pmks.models import Keluarga
from pmks.pendampingan import choices as pc
from pmks.pendampingan import services
from pmks.pendampingan.models import RencanaTindakLanjut
from pmks.pendampingan.selectors import angka_dasbor
from pmks.pendampingan.selectors.tanggal import akhir_minggu
from tests.balapan import serentak
from tests.factories import KeluargaFactory, wilayah
from tests.pmks.ganda.test_gabung import _gabung, dunia  # noqa: F401 - the merge fixture
from tests.pmks.pendampingan.test_pendampingan_bantu import tindak_lanjut
from tksk.models import Wilayah

pytestmark = pytest.mark.django_db

T = pc.StatusTindakLanjut
HARI_INI = date(2026, 3, 4)  # a Wednesday; the week ends Sunday 8 Mar


def _salah() -> list:
    """Follow-ups whose kelurahan is not their household's (must be none)."""
    with connection.cursor() as cur:
        cur.execute("""SELECT t.id, t.kelurahan_id, k.kelurahan_id FROM pmks_rencanatindaklanjut t
                       JOIN pmks_keluarga k ON k.id = t.keluarga_id
                       WHERE t.kelurahan_id IS DISTINCT FROM k.kelurahan_id""")
        return cur.fetchall()


def _angka_dari_awal(user, hari_ini: date) -> dict[int, tuple[int, int]]:
    """Per kelurahan of the TKSK's kecamatan: (due this week, overdue), counted through the household."""
    hasil: dict[int, list[int]] = {}
    akhir = akhir_minggu(hari_ini)
    kode = user.wilayah.kode
    for t in RencanaTindakLanjut.objects.select_related("keluarga__kelurahan"):
        kel = t.keluarga.kelurahan
        if t.status != T.TERBUKA or t.batas_waktu > akhir or not kel.kode.startswith(f"{kode}."):
            continue
        b = hasil.setdefault(kel.pk, [0, 0])
        b[0 if t.batas_waktu >= hari_ini else 1] += 1
    return {k: tuple(v) for k, v in hasil.items()}


def _daftar_dari_awal(user, hari_ini: date) -> list[int]:
    kode = user.wilayah.kode
    baris = [t for t in RencanaTindakLanjut.objects.select_related("keluarga__kelurahan")
             if t.status == T.TERBUKA and t.batas_waktu <= akhir_minggu(hari_ini)
             and t.keluarga.kelurahan.kode.startswith(f"{kode}.")]
    return [t.pk for t in sorted(baris, key=lambda t: (t.batas_waktu, t.pk))[:10]]


def _dasbor_sama(user) -> None:
    d = angka_dasbor(user=user, hari_ini=HARI_INI)
    dari_dasbor = {b.wilayah.pk: (b.tindak_lanjut_minggu_ini, b.tindak_lanjut_terlambat) for b in d.baris
                   if b.tindak_lanjut_minggu_ini or b.tindak_lanjut_terlambat}
    assert dari_dasbor == _angka_dari_awal(user, HARI_INI)
    assert [t.pk for t in d.tindak_lanjut_list] == _daftar_dari_awal(user, HARI_INI)


def test_follow_up_takes_its_households_kelurahan_whatever_the_writer_gives(tksk_kanigaran, kel_kanigaran,
                                                                            kel_mayangan):
    k = KeluargaFactory(kelurahan=kel_kanigaran)
    dari_layanan = services.tindak_lanjut_tambah(keluarga=k, oleh=tksk_kanigaran, uraian="Cek", batas_waktu=HARI_INI)
    assert dari_layanan.kelurahan_id == kel_kanigaran.pk
    salah = RencanaTindakLanjut.objects.create(keluarga=k, kelurahan=kel_mayangan, uraian="x", batas_waktu=HARI_INI,
                                               dibuat_oleh=tksk_kanigaran)
    tanpa = tindak_lanjut(k, batas=HARI_INI, oleh=tksk_kanigaran)  # the ORM without a kelurahan
    RencanaTindakLanjut.objects.filter(pk=dari_layanan.pk).update(kelurahan=kel_mayangan)  # written directly
    for t in (dari_layanan, salah, tanpa):
        t.refresh_from_db()
        assert t.kelurahan_id == kel_kanigaran.pk
    # a status change does not touch it (and does not read the household)
    services.tindak_lanjut_selesaikan(item=tanpa, oleh=tksk_kanigaran, catatan="ok")
    assert _salah() == []


def test_follow_ups_move_with_their_household_one_or_many_in_a_statement(tksk_kanigaran, kel_kanigaran,
                                                                         kel_sukoharjo, kel_mayangan):
    k1, k2, k3 = (KeluargaFactory(kelurahan=kel_kanigaran) for _ in range(3))
    for k in (k1, k1, k2, k3):
        tindak_lanjut(k, batas=HARI_INI, oleh=tksk_kanigaran)
    k1.kelurahan = kel_sukoharjo
    k1.save()
    assert set(RencanaTindakLanjut.objects.filter(keluarga=k1).values_list("kelurahan_id", flat=True)) == {
        kel_sukoharjo.pk}
    Keluarga.objects.filter(pk__in=[k1.pk, k2.pk]).update(kelurahan=kel_mayangan)
    assert set(RencanaTindakLanjut.objects.filter(keluarga__in=[k1, k2]).values_list("kelurahan_id", flat=True)) == {
        kel_mayangan.pk}
    assert RencanaTindakLanjut.objects.get(keluarga=k3).kelurahan_id == kel_kanigaran.pk
    assert _salah() == []


def test_merge_moves_the_follow_up_to_the_survivors_kelurahan(dunia, tksk_kanigaran, kel_sukoharjo):  # noqa: F811
    d = dunia
    Keluarga.objects.filter(pk=d["k2"].pk).update(kelurahan=kel_sukoharjo)  # the duplicate lived elsewhere
    assert RencanaTindakLanjut.objects.get(pk=d["tl"].pk).kelurahan_id == kel_sukoharjo.pk
    _gabung(tksk_kanigaran, d)
    tl = RencanaTindakLanjut.objects.get(pk=d["tl"].pk)
    assert (tl.keluarga_id, tl.kelurahan_id) == (d["k1"].pk, d["k1"].kelurahan_id)
    assert _salah() == []


@pytest.mark.parametrize("seed", [1, 2])  # two random sequences: CI time (each is ~40 random steps)
def test_dashboard_follow_up_figures_equal_the_count_through_the_household_after_every_change(
        seed, tksk_kanigaran, tksk_mayangan, kel_kanigaran, kel_sukoharjo, kel_mayangan):
    rng = random.Random(seed)
    kelurahan = [kel_kanigaran, kel_sukoharjo, kel_mayangan]
    keluarga = [KeluargaFactory(kelurahan=rng.choice(kelurahan)) for _ in range(6)]
    langkah = []
    for _ in range(40):
        pilihan = rng.choice(["tambah", "tambah", "pindah", "pindah_banyak", "ganti_keluarga", "selesai", "batal",
                              "tunda"])
        tl = list(RencanaTindakLanjut.objects.order_by("id"))
        if pilihan == "tambah" or not tl:
            tindak_lanjut(rng.choice(keluarga), batas=HARI_INI + timedelta(days=rng.randint(-6, 8)),
                          oleh=tksk_kanigaran)
        elif pilihan == "pindah":
            k = rng.choice(keluarga)
            k.refresh_from_db()
            k.kelurahan = rng.choice(kelurahan)
            k.save()
        elif pilihan == "pindah_banyak":
            Keluarga.objects.filter(pk__in=[k.pk for k in rng.sample(keluarga, 3)]).update(
                kelurahan=rng.choice(kelurahan))
        elif pilihan == "ganti_keluarga":  # what a merge does with a household-level row
            RencanaTindakLanjut.objects.filter(pk=rng.choice(tl).pk).update(keluarga=rng.choice(keluarga))
        elif pilihan == "tunda":
            RencanaTindakLanjut.objects.filter(pk=rng.choice(tl).pk).update(
                batas_waktu=HARI_INI + timedelta(days=rng.randint(-6, 8)))
        else:
            RencanaTindakLanjut.objects.filter(pk=rng.choice(tl).pk).update(
                status=T.SELESAI if pilihan == "selesai" else T.BATAL)
        langkah.append(pilihan)
        try:
            assert _salah() == []
            _dasbor_sama(tksk_kanigaran)
            _dasbor_sama(tksk_mayangan)
        except AssertionError as exc:
            raise AssertionError(f"setelah langkah {langkah}: {exc}") from exc


def test_follow_up_list_page_shows_the_areas_open_items_in_due_order(client, tksk_kanigaran, kel_kanigaran,
                                                                     kel_sukoharjo, kel_mayangan):
    hari_ini = timezone.localdate()
    k1, k2 = KeluargaFactory(kelurahan=kel_kanigaran), KeluargaFactory(kelurahan=kel_sukoharjo)
    luar = KeluargaFactory(kelurahan=kel_mayangan)
    dibuat = [tindak_lanjut(k, batas=hari_ini + timedelta(days=i % 9 - 3), oleh=tksk_kanigaran)
              for i, k in enumerate([k1, k2] * 14)]
    tindak_lanjut(luar, batas=hari_ini, oleh=tksk_kanigaran)
    tindak_lanjut(k1, batas=hari_ini, oleh=tksk_kanigaran, status=T.SELESAI)
    client.force_login(tksk_kanigaran)
    urut = [t.pk for t in sorted(dibuat, key=lambda t: (t.batas_waktu, t.pk))]
    r1 = client.get("/pmks/pendampingan/tindak-lanjut/")
    r2 = client.get("/pmks/pendampingan/tindak-lanjut/?halaman=2")
    assert r1.context["halaman"].paginator.count == 28
    assert [t.pk for t in r1.context["halaman"]] + [t.pk for t in r2.context["halaman"]] == urut
    assert all(hasattr(t.keluarga, "kepala_list") for t in r1.context["halaman"])
    terlambat = client.get("/pmks/pendampingan/tindak-lanjut/?filter=terlambat").context["halaman"]
    assert [t.pk for t in terlambat] == [t.pk for t in sorted(dibuat, key=lambda t: (t.batas_waktu, t.pk))
                                          if t.batas_waktu < hari_ini]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("transactional_db")  # reloads the reference data a flush removed
def test_a_follow_up_added_while_its_household_moves_ends_in_the_new_kelurahan(tksk_kanigaran, kel_kanigaran,
                                                                              kel_sukoharjo):
    k = KeluargaFactory(kelurahan=kel_kanigaran)

    def pindah(tidur: float):
        def _():
            with transaction.atomic():
                Keluarga.objects.filter(pk=k.pk).update(kelurahan=kel_sukoharjo)
                time.sleep(tidur)  # the move is not committed yet while the other adds its follow-up
        return _

    def tambah(tidur: float):
        def _():
            with transaction.atomic():
                tindak_lanjut(k, batas=HARI_INI, oleh=tksk_kanigaran)
                time.sleep(tidur)
        return _

    for tidur_pindah, tidur_tambah in [(0.3, 0), (0, 0.3)] * 2:
        assert serentak([pindah(tidur_pindah), tambah(tidur_tambah)]) == [(True, ""), (True, "")]
        assert _salah() == []
        Keluarga.objects.filter(pk=k.pk).update(kelurahan=kel_kanigaran)
    assert RencanaTindakLanjut.objects.filter(keluarga=k).count() == 4


# --- query counts (the plans on generated data: test_tindak_lanjut_area) ---------------------------------

def test_dashboard_and_list_query_counts_do_not_grow_with_the_area(client, tksk_kanigaran, kel_kanigaran,
                                                                   kel_sukoharjo):
    def kueri() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as a:
            angka_dasbor(user=tksk_kanigaran)
        client.force_login(tksk_kanigaran)
        with CaptureQueriesContext(connection) as b:
            client.get("/pmks/pendampingan/tindak-lanjut/")
        return len(a), len(b)

    hari_ini = timezone.localdate()
    tindak_lanjut(KeluargaFactory(kelurahan=kel_kanigaran), batas=hari_ini, oleh=tksk_kanigaran)
    sedikit = kueri()
    for i in range(40):
        tindak_lanjut(KeluargaFactory(kelurahan=[kel_kanigaran, kel_sukoharjo][i % 2]),
                      batas=hari_ini + timedelta(days=i % 7 - 3), oleh=tksk_kanigaran)
    assert kueri() == sedikit


def test_bulk_loaded_follow_ups_carry_their_households_kelurahan(dinsos):
    from pmks.pendampingan import sintetis
    from pmks.registri.sintetis_massal import KeluargaSintetis
    from tksk.salin_massal import tanpa_trigger

    kel = [wilayah("35.74.04.1003"), wilayah("35.74.03.1001")]
    keluarga = [KeluargaFactory(kelurahan=kel[i % 2]) for i in range(120)]
    with connection.cursor() as cur, tanpa_trigger(cur, sintetis.model()):  # as buat_data_sintetis writes
        k = sintetis.siapkan(cur, rng=random.Random(3), pengguna_id=dinsos.pk, hari_ini=timezone.localdate())
        hasil = sintetis.isi(cur, k, [KeluargaSintetis(id=x.pk, kelurahan_id=x.kelurahan_id, desil=None, jenis=())
                                      for x in keluarga])
    assert hasil["tindak_lanjut"] > 0
    assert _salah() == []
    assert Wilayah.objects.filter(pk__in=RencanaTindakLanjut.objects.values("kelurahan_id")).count() == 2
