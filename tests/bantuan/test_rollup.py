"""The aid rollup (``bantuan.models.rollup``) equals the figures counted from scratch after every kind
of change: a random sequence of aid services (propose, submit, verify, approve, reject, return,
cancel, distribute, deactivate a recipient, record an external receipt) and plain writes (a household
moved to another kelurahan, proposals / history rows / distributions re-dated, re-valued, moved to
another program, deleted; a receipt switched off; a program's estimated value changed), checked
against the ``…_dari_awal`` twins of ``bantuan.selectors`` for every month, and the rollup's rows
against a rebuild from scratch, after every step."""

from __future__ import annotations

import calendar
import io
import random
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from bantuan import choices as c
from bantuan import selectors
from bantuan.models import (
    FaktaBantuan,
    PenerimaanEksternal,
    Penyaluran,
    ProgramBantuan,
    RiwayatStatusUsulan,
    RollupBantuan,
    Usulan,
)
from bantuan.services import penerima as penerima_svc
from bantuan.services import penyaluran as penyaluran_svc
from bantuan.services import usulan as usulan_svc
from pmks.models import Keluarga
from tests.conftest import KODE
from tests.rollup_uji import dari_awal
from tests.simpan_aman import versi_kini

from .conftest import buat_program, keluarga_pmks

pytestmark = pytest.mark.django_db

S = c.StatusUsulan
GAGAL = (ValidationError, PermissionDenied)


def _bulan_geser(bulan: date, n: int) -> date:
    k = bulan.year * 12 + bulan.month - 1 + n
    return date(k // 12, k % 12 + 1, 1)


# The eight months up to this one (the suite runs on any date: across a year's end, in February)
BULAN_INI = timezone.localdate().replace(day=1)
BULAN = [_bulan_geser(BULAN_INI, -k) for k in range(7, -1, -1)]


def _waktu(rng: random.Random) -> datetime:
    # 16:00–17:59 UTC on a month's last days = 23:00–00:59 WIB: some land in the next WIB month
    bulan = rng.choice(BULAN[:-1])
    akhir = calendar.monthrange(bulan.year, bulan.month)[1]
    return datetime(bulan.year, bulan.month, rng.choice([akhir - 2, akhir]), rng.choice([16, 17]), tzinfo=UTC)


def _tanggal(rng: random.Random) -> date:
    bulan = rng.choice(BULAN[1:-1])
    return bulan.replace(day=rng.randint(1, 28))


def _isi_rollup() -> list[tuple]:
    """The rollup's rows with something in them (a row whose contributions all went away stays at 0)."""
    return sorted(RollupBantuan.objects.exclude(n=0, nilai=0).values_list(
        "kelurahan_id", "bulan", "program_id", "peristiwa", "n", "nilai"))


def _dari_awal_tabel() -> list[tuple]:
    """The rollup's rows as a rebuild from scratch writes them (rebuilt in a savepoint, rolled back)."""
    return dari_awal("sidamping_rollup_bantuan_bangun", _isi_rollup)


def _sama_dengan_dari_awal(ids: list[int]) -> None:
    for bulan in BULAN:
        for nama in ("angka_usulan", "angka_penyaluran", "angka_penerima_eksternal"):
            assert getattr(selectors, nama)(bulan=bulan, kelurahan_ids=ids) == getattr(
                selectors, f"{nama}_dari_awal")(bulan=bulan, kelurahan_ids=ids), (nama, bulan)
    assert selectors.usulan_per_status(kelurahan_ids=ids) == selectors.usulan_per_status_dari_awal(kelurahan_ids=ids)
    with connection.cursor() as cur:  # the facts are exactly each household's contribution now
        cur.execute("SELECT * FROM sidamping_fakta_bantuan(ARRAY(SELECT id FROM pmks_keluarga))")
        dari_awal = sorted(cur.fetchall())
    assert sorted(FaktaBantuan.objects.values_list(
        "keluarga_id", "kelurahan_id", "bulan", "program_id", "peristiwa", "n", "nilai")) == dari_awal
    assert _isi_rollup() == _dari_awal_tabel()


def _langkah(rng: random.Random, *, keluarga, kelurahan, program, oleh) -> str:
    semua = list(Usulan.objects.order_by("id"))
    pilihan = rng.choice([
        "usul", "usul", "maju", "maju", "maju", "maju", "maju", "maju", "ajukan", "verifikasi", "setujui", "tolak",
        "kembalikan", "batalkan", "salurkan", "nonaktifkan", "eksternal", "eksternal_mati", "pindah_kelurahan",
        "ubah_tanggal", "ubah_riwayat", "ubah_nilai", "ubah_program", "nilai_program", "hapus_penyaluran",
        "hapus_usulan",
    ])
    if pilihan == "maju" and semua:  # one step along the happy path: submit, verify, approve, distribute
        urutan = [S.DRAFT, S.DIKEMBALIKAN, S.DIAJUKAN, S.DIVERIFIKASI, S.DISETUJUI, S.DISALURKAN]
        jalan = [x for x in semua if x.status in urutan] or semua
        u = max(jalan, key=lambda x: urutan.index(x.status) if x.status in urutan else -1)
        u = u if rng.random() < 0.6 else rng.choice(jalan)
        pilihan = {S.DRAFT: "ajukan", S.DIKEMBALIKAN: "ajukan", S.DIAJUKAN: "verifikasi", S.DIVERIFIKASI: "setujui",
                   S.DISETUJUI: "salurkan", S.DISALURKAN: "salurkan"}.get(u.status, "usul")
        semua = [u]  # the step below acts on this proposal
    if pilihan == "usul" or not semua:
        try:
            usulan_svc.usulan_buat(oleh=oleh, keluarga=rng.choice(keluarga), program=rng.choice(program),
                                   justifikasi="Uji rollup", ajukan=rng.random() < 0.5)
        except GAGAL:
            pass
        return "usul"
    perlu = {"ajukan": (S.DRAFT, S.DIKEMBALIKAN), "verifikasi": (S.DIAJUKAN,), "setujui": (S.DIVERIFIKASI,),
             "tolak": (S.DIAJUKAN, S.DIVERIFIKASI), "kembalikan": (S.DIAJUKAN, S.DIVERIFIKASI),
             "nonaktifkan": (S.DISETUJUI, S.DISALURKAN)}.get(pilihan)
    u = rng.choice([x for x in semua if perlu is None or x.status in perlu] or semua)
    try:
        if pilihan == "ajukan":
            usulan_svc.usulan_ajukan(usulan=u, oleh=oleh)
        elif pilihan == "verifikasi":
            usulan_svc.usulan_verifikasi(usulan=u, oleh=oleh)
        elif pilihan == "setujui":
            usulan_svc.usulan_setujui(usulan=u, oleh=oleh)
        elif pilihan == "tolak":
            usulan_svc.usulan_tolak(usulan=u, oleh=oleh, alasan="Tidak layak")
        elif pilihan == "kembalikan":
            usulan_svc.usulan_kembalikan(usulan=u, oleh=oleh, catatan="Lengkapi")
        elif pilihan == "batalkan":
            usulan_svc.usulan_batalkan(usulan=u, oleh=oleh, alasan="Batal")
        elif pilihan == "salurkan":
            disetujui = [x for x in semua if x.status in (S.DISETUJUI, S.DISALURKAN)] or [u]
            penyaluran_svc.penyaluran_catat(
                usulan=rng.choice(disetujui), oleh=oleh, tanggal=_tanggal(rng), diterima_oleh="Siti",
                nilai=rng.choice([None, 150_000, 250_000]),
            )
        elif pilihan == "nonaktifkan":
            penerima_svc.penerima_nonaktifkan(usulan=u, oleh=oleh, versi=versi_kini(u), alasan="meninggal",
                                              keterangan="Wafat")
    except GAGAL:
        pass  # refused in this status: nothing changes
    if pilihan == "eksternal":
        mulai = _tanggal(rng)
        penyaluran_svc.penerimaan_eksternal_catat(
            program=rng.choice(program), keluarga=rng.choice(keluarga), periode_mulai=mulai,
            periode_selesai=rng.choice([b for b in BULAN if b >= mulai.replace(day=1)]).replace(day=28),
            sumber="BNBA uji",
        )
    elif pilihan == "eksternal_mati":
        e = PenerimaanEksternal.objects.order_by("?").first()
        if e:
            PenerimaanEksternal.objects.filter(pk=e.pk).update(aktif=not e.aktif)
    elif pilihan == "pindah_kelurahan":
        Keluarga.objects.filter(pk=rng.choice(keluarga).pk).update(kelurahan=rng.choice(kelurahan))
    elif pilihan == "ubah_tanggal":
        Usulan.objects.filter(pk=u.pk).update(dibuat_pada=_waktu(rng))
    elif pilihan == "ubah_riwayat":
        r = RiwayatStatusUsulan.objects.filter(usulan=u).order_by("?").first()
        if r:
            RiwayatStatusUsulan.objects.filter(pk=r.pk).update(pada=_waktu(rng))
    elif pilihan == "ubah_nilai":
        Penyaluran.objects.filter(usulan=u).update(nilai=rng.choice([None, 99_000]))
    elif pilihan == "ubah_program":
        try:
            with transaction.atomic():  # the open-proposal constraint may refuse it
                Usulan.objects.filter(pk=u.pk).update(program=rng.choice(program))
        except Exception:  # noqa: BLE001 - IntegrityError: nothing changed
            pass
    elif pilihan == "nilai_program":
        ProgramBantuan.objects.filter(pk=rng.choice(program).pk).update(nilai_per_penerima=rng.choice([0, 50_000]))
    elif pilihan == "hapus_penyaluran":
        Penyaluran.objects.filter(pk__in=Penyaluran.objects.filter(usulan=u).values("pk")[:1]).delete()
    elif pilihan == "hapus_usulan" and not u.penyaluran.exists() and not Usulan.objects.filter(menggantikan=u).exists():
        u.delete()  # not a service (proposals are never deleted), but the admin or a restore may
    return pilihan


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rollup_equals_counting_from_scratch_after_every_change(seed, admin_user, kel_kanigaran, kel_sukoharjo,
                                                                 kel_mayangan):
    rng = random.Random(seed)
    kelurahan = [kel_kanigaran, kel_sukoharjo, kel_mayangan]
    ids = [k.pk for k in kelurahan]
    sejak = {"periode_mulai": BULAN[0]}  # programs running through the whole window
    program = [
        buat_program("sembako-r", c.JenisProgram.SEMBAKO, frekuensi=c.Frekuensi.BULANAN, nilai_per_penerima=200_000,
                     **sejak),
        buat_program("ternak-r", c.JenisProgram.TERNAK, bentuk=c.BentukBantuan.NATURA, nilai_per_penerima=0, **sejak),
    ]
    keluarga = [keluarga_pmks(rng.choice([KODE["kel_kanigaran"], KODE["kel_sukoharjo"]])) for _ in range(6)]
    langkah = []
    for _ in range(70):
        langkah.append(_langkah(rng, keluarga=keluarga, kelurahan=kelurahan, program=program, oleh=admin_user))
        try:
            _sama_dengan_dari_awal(ids)
        except AssertionError as exc:
            raise AssertionError(f"setelah langkah {langkah}: {exc}") from exc
    assert RollupBantuan.objects.filter(peristiwa="salur:penerima", n__gt=0).exists()
    assert RollupBantuan.objects.filter(peristiwa="usulan:disetujui", n__gt=0).exists()


def test_report_figures_read_the_rollup_in_one_query_each(admin_user, kel_kanigaran, django_assert_num_queries):
    p = buat_program("sembako-q", c.JenisProgram.SEMBAKO, frekuensi=c.Frekuensi.BULANAN, nilai_per_penerima=200_000)
    u = usulan_svc.usulan_buat(oleh=admin_user, keluarga=keluarga_pmks(), program=p, justifikasi="Uji", ajukan=True)
    Usulan.objects.filter(pk=u.pk).update(status=S.DISETUJUI)
    hari_ini = timezone.localdate()
    penyaluran_svc.penyaluran_catat(usulan=u, oleh=admin_user, tanggal=hari_ini, diterima_oleh="Siti")
    with django_assert_num_queries(1):
        angka = selectors.angka_penyaluran(bulan=BULAN_INI, kelurahan_ids=[kel_kanigaran.pk])
    assert angka == {(kel_kanigaran.pk, p.pk): {"kali": 1, "penerima": 1, "nilai": 200_000}}
    ProgramBantuan.objects.filter(pk=p.pk).update(nilai_per_penerima=300_000)  # recorded value: unchanged
    assert selectors.angka_penyaluran(bulan=BULAN_INI, kelurahan_ids=[kel_kanigaran.pk])[
        (kel_kanigaran.pk, p.pk)]["nilai"] == 200_000
    with django_assert_num_queries(1):
        assert selectors.jumlah_usulan_menunggu(kelurahan_ids=[kel_kanigaran.pk]) == 0


def test_bangun_rollup_rebuilds_the_aid_rollup_and_checks_it(admin_user, kel_kanigaran):
    p = buat_program("sembako-b", c.JenisProgram.SEMBAKO, frekuensi=c.Frekuensi.BULANAN)
    usulan_svc.usulan_buat(oleh=admin_user, keluarga=keluarga_pmks(), program=p, justifikasi="Uji", ajukan=True)
    benar = _isi_rollup()
    RollupBantuan.objects.update(n=99)
    FaktaBantuan.objects.all().delete()
    call_command("bangun_rollup", stdout=io.StringIO())
    assert _isi_rollup() == benar
    keluar = io.StringIO()
    call_command("bangun_rollup", "--tanpa-bangun", "--periksa", "35.74", stdout=keluar)
    assert "sama" in keluar.getvalue() and "BERBEDA" not in keluar.getvalue()
