"""The dictionary clean-up racing a rename that reuses the spelling it is deleting: real threads, real
PostgreSQL, each with its own connection. Whichever comes first, the spelling a committed member row
carries stays in ``pmks_kamusnama`` and the province-wide search finds the member.

Also the daily scan: it queues the clean-up and the real worker runs it."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction

from pmks.models import Anggota, KamusNama
from pmks.models.cari import kamus_nama_bersihkan
from pmks.registri.selectors import cari_nama
from tests.factories import KeluargaFactory, wilayah
from tests.pekerja import jalankan_pekerja
from tksk import jadwal
from tksk.kunci import KelasKunci

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("transactional_db")]

KEL = "35.74.04.1003"
EJAAN = "cokrowinoto"


def _keluarga(nama: str):
    return KeluargaFactory(kelurahan=wilayah(KEL), kepala__nama=nama)


def _ejaan_tanpa_orang() -> int:
    """A member who will take the spelling ``EJAAN`` while nobody carries it any more (only the
    dictionary row is left); returns that member's id."""
    lama = _keluarga("Tjokrowinoto")
    Anggota.objects.filter(pk=lama.kepala_uji.pk).update(nama="Hartono")
    assert KamusNama.objects.filter(nama_cari=EJAAN).exists()
    _keluarga("Budi Santoso")  # the member's old spelling stays carried: the clean-up's counts are about EJAAN
    return _keluarga("Budi Santoso").kepala_uji.pk


def _ganti_nama(anggota_id: int) -> None:
    a = Anggota.objects.get(pk=anggota_id)
    a.nama = "Tjokrowinoto"
    a.save()


def _thread(fungsi, hasil: dict, kunci: str) -> threading.Thread:
    def jalankan():
        try:
            hasil[kunci] = fungsi()
        except Exception as exc:  # noqa: BLE001 - report any failure to the test
            hasil[kunci] = exc
        finally:
            connection.close()

    t = threading.Thread(target=jalankan)
    t.start()
    return t


def _ada_yang_menunggu_kunci_kamus() -> bool:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND NOT granted",
            [int(KelasKunci.KAMUS_NAMA)],
        )
        return cur.fetchone()[0] > 0


def _tunggu(syarat, detik: float = 10) -> None:
    batas = time.monotonic() + detik
    while not syarat():
        assert time.monotonic() < batas, "timed out"
        time.sleep(0.02)


def _penulis_terbuka(anggota_id: int, hasil: dict) -> tuple[threading.Thread, threading.Event]:
    """A rename whose transaction has written the member's row and stays open until the event is set."""
    ditulis, lanjut = threading.Event(), threading.Event()

    def penulis():
        with transaction.atomic():
            _ganti_nama(anggota_id)
            ditulis.set()
            assert lanjut.wait(20)

    tw = _thread(penulis, hasil, "penulis")
    assert ditulis.wait(20)
    return tw, lanjut


def _ditemukan(anggota_id: int) -> None:
    assert KamusNama.objects.filter(nama_cari=EJAAN).exists()
    keluarga_id = Anggota.objects.get(pk=anggota_id).keluarga_id
    assert cari_nama("Tjokrowinoto", wilayah=wilayah("35")) == [keluarga_id]


def test_a_rename_open_while_the_clean_up_starts_keeps_the_spelling_it_reuses():
    """The rename's transaction has written the member's row (its dictionary insert found the old row:
    nothing inserted) and is still open: the clean-up must not take that row away."""
    anggota_id = _ejaan_tanpa_orang()
    hasil: dict = {}
    tw, lanjut = _penulis_terbuka(anggota_id, hasil)
    tc = _thread(lambda: kamus_nama_bersihkan(tunggu=20), hasil, "bersihkan")
    time.sleep(0.5)
    menunggu = tc.is_alive()
    lanjut.set()
    tw.join(30)
    tc.join(30)
    assert hasil == {"penulis": None, "bersihkan": 0}
    _ditemukan(anggota_id)
    assert menunggu, "the clean-up waited for the open writer"


def test_a_rename_during_a_clean_up_batch_puts_the_spelling_back():
    """The batch has deleted the spelling (nobody carried it) and is still open when the rename comes:
    the rename waits at its dictionary insert and inserts the spelling again once the batch commits."""
    anggota_id = _ejaan_tanpa_orang()
    dihapus, lanjut = threading.Event(), threading.Event()
    hasil: dict = {}

    def pembersih():
        with transaction.atomic():
            n = kamus_nama_bersihkan()
            dihapus.set()
            assert lanjut.wait(20)
        return n

    tc = _thread(pembersih, hasil, "bersihkan")
    assert dihapus.wait(20)
    tw = _thread(lambda: _ganti_nama(anggota_id), hasil, "penulis")
    _tunggu(_ada_yang_menunggu_kunci_kamus)
    assert tw.is_alive()
    lanjut.set()
    tc.join(30)
    tw.join(30)
    assert hasil == {"bersihkan": 1, "penulis": None}
    _ditemukan(anggota_id)


def test_the_clean_up_gives_up_for_today_rather_than_queue_behind_a_long_writer():
    anggota_id = _ejaan_tanpa_orang()
    KamusNama.objects.create(nama_cari="tidak ada orangnya")
    hasil: dict = {}
    tw, lanjut = _penulis_terbuka(anggota_id, hasil)
    try:
        assert kamus_nama_bersihkan(tunggu=0.3) == 0
        assert not _ada_yang_menunggu_kunci_kamus(), "never queued: other writers are not held up"
    finally:
        lanjut.set()
        tw.join(30)
    assert kamus_nama_bersihkan() == 1
    _ditemukan(anggota_id)


def test_the_daily_scan_queues_the_clean_up_and_the_worker_runs_it():
    KamusNama.objects.create(nama_cari="tidak ada orangnya")
    k = _keluarga("Siti Rahayu")
    assert "kamus_nama" in jadwal.pindaian_terdaftar()
    assert jadwal.jalankan_pindaian(datetime(2026, 12, 1, 0, 0, tzinfo=UTC))["kamus_nama"] == 1
    assert jadwal.jalankan_pindaian(datetime(2026, 12, 1, 0, 0, tzinfo=UTC))["kamus_nama"] == 0, "queued once"
    jalankan_pekerja()
    assert not KamusNama.objects.filter(nama_cari="tidak ada orangnya").exists()
    assert cari_nama("Siti Rahayu", wilayah=wilayah("35")) == [k.pk]
