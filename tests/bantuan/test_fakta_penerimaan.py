"""The aid-receipt facts (``bantuan.models.fakta``) equal the rows computed from scratch after every
kind of change: a random sequence of proposal services (draft, submit, verify, approve, return,
reject, cancel, deactivate a recipient), external receipts recorded, deactivated, re-dated and
deleted, a program re-dated, a household moved to another kelurahan — after each step the stored
rows are exactly ``sidamping_fakta_penerimaan`` of every household, and the coverage figures of the
facts equal the same figures counted from the source tables."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from bantuan import choices as c
from bantuan.cakupan import keluarga_menerima_dalam, keluarga_penerima_ganda
from bantuan.models import FaktaPenerimaan, PenerimaanEksternal, ProgramBantuan, RingkasanPenerimaan, Usulan
from bantuan.models.fakta import ringkasan_berbeda
from bantuan.services import penyaluran as layanan_penyaluran
from bantuan.services import usulan as services
from bantuan.services.penerima import penerima_nonaktifkan
from pmks.models import Keluarga
from tests.conftest import KODE
from tests.factories import wilayah

from .conftest import TAHUN, buat_program, keluarga_pmks

pytestmark = pytest.mark.django_db
KOLOM = ("keluarga_id", "kelurahan_id", "program_id", "sumber", "mulai", "selesai")


def _dari_awal() -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {', '.join(KOLOM)} FROM sidamping_fakta_penerimaan(ARRAY(SELECT id FROM pmks_keluarga))")
        return sorted(cur.fetchall())


def _menerima_dari_sumber(mulai: date, selesai: date) -> set[int]:
    """'Receives aid in the period' counted from the proposals and external lists themselves."""
    u = Usulan.objects.penerima_aktif().filter(program__periode_mulai__lte=selesai, program__periode_selesai__gte=mulai)
    e = PenerimaanEksternal.objects.berlaku().filter(periode_mulai__lte=selesai, periode_selesai__gte=mulai)
    return set(u.values_list("keluarga_id", flat=True)) | set(e.values_list("keluarga_id", flat=True))


def _ganda_dari_sumber(mulai: date, selesai: date) -> set[int]:
    u = Usulan.objects.penerima_aktif().filter(program__periode_mulai__lte=selesai, program__periode_selesai__gte=mulai)
    e = PenerimaanEksternal.objects.berlaku().filter(periode_mulai__lte=selesai, periode_selesai__gte=mulai)
    pasangan = {(k, p, "u") for k, p in u.values_list("keluarga_id", "program_id")}
    pasangan |= {(k, p, "e") for k, p in e.values_list("keluarga_id", "program_id")}
    n: dict[int, int] = {}
    for k, _, _ in pasangan:
        n[k] = n.get(k, 0) + 1
    return {k for k, v in n.items() if v > 1}


def _sama_dengan_dari_awal(kelurahan_ids: list[int]) -> None:
    tersimpan = sorted(FaktaPenerimaan.objects.values_list(*KOLOM))
    assert tersimpan == _dari_awal()
    assert not ringkasan_berbeda()  # and each household's summary row is its facts folded
    semua = Keluarga.objects.all()
    for bulan in (3, 6, 12):
        mulai, selesai = date(TAHUN, bulan, 1), date(TAHUN, bulan, 28)
        assert set(keluarga_menerima_dalam(semua, mulai=mulai, selesai=selesai).values_list("pk", flat=True)) == (
            _menerima_dari_sumber(mulai, selesai))
        assert set(keluarga_penerima_ganda(semua, mulai=mulai, selesai=selesai, kelurahan_ids=kelurahan_ids)
                   .values_list("pk", flat=True)) == _ganda_dari_sumber(mulai, selesai)


def _langkah(rng: random.Random, **kw) -> str:
    try:
        with transaction.atomic():
            return _ubah(rng, **kw)
    except (ValidationError, IntegrityError, PermissionDenied):
        return "ditolak"  # a transition the service refuses / a write a constraint refuses: nothing changes


def _ubah(rng: random.Random, *, program, keluarga, kelurahan, tksk, dinsos) -> str:
    pilihan = rng.choice([
        "usul", "usul", "ajukan", "verifikasi", "setujui", "setujui", "kembalikan", "tolak", "batalkan",
        "nonaktifkan", "eksternal", "eksternal", "eksternal_nonaktif", "eksternal_geser", "eksternal_hapus",
        "program_geser", "pindah_kelurahan", "status_langsung",
    ])
    semua_u, semua_e = list(Usulan.objects.order_by("id")), list(PenerimaanEksternal.objects.order_by("id"))
    u = rng.choice(semua_u) if semua_u else None
    e = rng.choice(semua_e) if semua_e else None
    k = rng.choice(keluarga)
    if pilihan == "usul" or u is None:
        services.usulan_buat(oleh=tksk, keluarga=k, program=rng.choice(program[:3]), justifikasi="Uji",
                             ajukan=rng.random() < 0.5)
        return "usul"
    if pilihan == "ajukan":
        services.usulan_ajukan(usulan=u, oleh=tksk)
    elif pilihan == "verifikasi":
        services.usulan_verifikasi(usulan=u, oleh=dinsos)
    elif pilihan == "setujui":
        services.usulan_setujui(usulan=u, oleh=dinsos)
    elif pilihan == "kembalikan":
        services.usulan_kembalikan(usulan=u, oleh=dinsos, catatan="Lengkapi")
    elif pilihan == "tolak":
        services.usulan_tolak(usulan=u, oleh=dinsos, alasan="Tidak layak")
    elif pilihan == "batalkan":
        services.usulan_batalkan(usulan=u, oleh=tksk, alasan="Batal")
    elif pilihan == "nonaktifkan":
        penerima_nonaktifkan(usulan=u, oleh=dinsos, versi=u.versi, alasan=rng.choice(c.AlasanNonaktif.values),
                             keterangan="Uji")
    elif pilihan == "status_langsung":  # a plain write (admin, repair script)
        Usulan.objects.filter(pk=u.pk).update(status=rng.choice(c.StatusUsulan.values),
                                               status_penerima=rng.choice(c.StatusPenerima.values))
    elif pilihan == "eksternal":
        bulan = rng.choice([1, 4, 7, 10])
        layanan_penyaluran.penerimaan_eksternal_catat(
            program=rng.choice(program[3:]), keluarga=k, periode_mulai=date(TAHUN, bulan, 1),
            periode_selesai=date(TAHUN, bulan + 2, 28), sumber="BNBA uji")
    elif pilihan == "eksternal_nonaktif" and e:
        PenerimaanEksternal.objects.filter(pk=e.pk).update(aktif=not e.aktif)
    elif pilihan == "eksternal_geser" and e:
        PenerimaanEksternal.objects.filter(pk=e.pk).update(periode_selesai=date(TAHUN, 12, rng.randint(1, 31)))
    elif pilihan == "eksternal_hapus" and e:
        e.delete()
    elif pilihan == "program_geser":
        p = rng.choice(program)
        mulai = date(TAHUN, rng.randint(1, 12), 1)
        ProgramBantuan.objects.filter(pk=p.pk).update(periode_mulai=mulai, periode_selesai=date(TAHUN, 12, 31))
    elif pilihan == "pindah_kelurahan":
        Keluarga.objects.filter(pk=k.pk).update(kelurahan=rng.choice(kelurahan))
    return pilihan


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_facts_equal_the_rows_from_scratch_after_every_step(seed, tksk_kanigaran, dinsos):
    rng = random.Random(seed)
    program = [
        buat_program("fakta-sembako", c.JenisProgram.SEMBAKO),
        buat_program("fakta-ternak", c.JenisProgram.TERNAK, periode_mulai=date(TAHUN, 4, 1)),
        buat_program("fakta-modal", c.JenisProgram.MODAL_USAHA, periode_selesai=date(TAHUN, 6, 30)),
        buat_program("fakta-pkh", c.JenisProgram.PKH, dikelola_dinas=False),
        buat_program("fakta-bpnt", c.JenisProgram.BPNT, dikelola_dinas=False),
    ]
    kelurahan = [wilayah(KODE["kel_kanigaran"]), wilayah(KODE["kel_sukoharjo"])]
    keluarga = [keluarga_pmks(rng.choice([KODE["kel_kanigaran"], KODE["kel_sukoharjo"]])) for _ in range(6)]
    ids = [w.pk for w in kelurahan]
    _sama_dengan_dari_awal(ids)
    dijalankan = []
    for i in range(40):
        langkah = _langkah(rng, program=program, keluarga=keluarga, kelurahan=kelurahan, tksk=tksk_kanigaran,
                           dinsos=dinsos)
        dijalankan.append(langkah)
        try:
            _sama_dengan_dari_awal(ids)
        except AssertionError as exc:
            raise AssertionError(f"langkah {i}: {langkah}") from exc
    assert dijalankan.count("ditolak") < 20, dijalankan  # the sequence really changed things


def test_rebuild_from_scratch_equals_the_trigger_kept_rows(tksk_kanigaran, dinsos):
    program = buat_program("fakta-bangun", c.JenisProgram.SEMBAKO)
    k = keluarga_pmks()
    u = services.usulan_buat(oleh=tksk_kanigaran, keluarga=k, program=program, justifikasi="Uji", ajukan=True)
    services.usulan_verifikasi(usulan=u, oleh=dinsos)
    services.usulan_setujui(usulan=u, oleh=dinsos)
    sebelum = sorted(FaktaPenerimaan.objects.values_list(*KOLOM))
    assert sebelum  # the approved proposal is a fact
    with connection.cursor() as cur:
        cur.execute("SELECT sidamping_fakta_penerimaan_bangun()")
    assert sorted(FaktaPenerimaan.objects.values_list(*KOLOM)) == sebelum


def test_bangun_rollup_rebuilds_the_facts_after_a_bulk_writer_with_triggers_off(tksk_kanigaran):
    from pmks.management.commands.bangun_rollup import bangun_rollup
    from tksk.salin_massal import tanpa_trigger

    program = buat_program("fakta-massal", c.JenisProgram.SEMBAKO)
    k = keluarga_pmks()
    with connection.cursor() as cur, tanpa_trigger(cur, [Usulan]):  # the bulk writers' switch: rows, no facts
        Usulan.objects.create(program=program, keluarga=k, status=c.StatusUsulan.DISETUJUI, justifikasi="Uji",
                              diusulkan_oleh=tksk_kanigaran, kode_wilayah=k.kelurahan.kode)  # NOT NULL: a bulk
        # writer fills the proposal's area code itself (bantuan.models.wilayah_usulan)
    assert not FaktaPenerimaan.objects.exists()
    bangun_rollup()
    assert sorted(FaktaPenerimaan.objects.values_list(*KOLOM)) == _dari_awal() != []
    assert list(RingkasanPenerimaan.objects.values_list("keluarga_id", "diusulkan")) == [(k.pk, False)]
    assert not ringkasan_berbeda()
