"""The proposal queue reads its area's index range (#16), on generated data: 3,000 households of
Kota Probolinggo with synthetic proposals, most of them then moved to another province (so that a
walk of the global order index would pass other areas' proposals).

- the queue gives the same rows in the same order as the household-scoped query it replaced, for
  every scope level (kelurahan filter, kecamatan, kab/kota, province, administrator), with and
  without the status / program / "menunggu" filters and a search, on page 1 and deep;
- its page query reads the area's index (``usulan_antrean_*``), never the global order index;
- the page still runs the same number of queries.
"""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from bantuan import choices as c
from bantuan.models import Usulan
from bantuan.models.usulan import URUTAN_ANTREAN
from bantuan.selectors import kepala_subquery, usulan_antrian
from laporan.management.commands.bench_laporan import isi_bantuan_sintetis
from laporan.periode import Periode
from pmks.models import Anggota, Keluarga
from pmks.registri.selectors import kelurahan_ids_lingkup
from tests.conftest import KODE, data_modul, persona
from tests.factories import PenggunaFactory, wilayah
from tests.laporan.test_rencana_kueri import isi_registri
from tksk.models import Wilayah
from tksk.paginasi import PaginatorKunci

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("antrean_area")]
PORSI_PROVINSI_LAIN = 0.9


def antrian_lama(*, user, program=None, kecamatan=None, kelurahan=None, status=None, q="", menunggu=False):
    """The queue as it was before the area key (scope and filters through the household only)."""
    ids = kelurahan_ids_lingkup(user)
    qs = Usulan.objects.for_user(user) if ids is None else Usulan.objects.filter(keluarga__kelurahan_id__in=ids)
    qs = qs.select_related("program", "keluarga__kelurahan__induk", "anggota", "diusulkan_oleh").annotate(
        nama_kepala=kepala_subquery("keluarga_id"))
    if program:
        qs = qs.filter(program_id=program)
    if kecamatan:
        qs = qs.filter(keluarga__kelurahan__induk_id=kecamatan)
    if kelurahan:
        qs = qs.filter(keluarga__kelurahan_id=kelurahan)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(keluarga__no_kk__startswith=q) | Q(keluarga__anggota__nama__icontains=q)
                       | Q(keluarga__anggota__nik__startswith=q)).distinct()
    if menunggu:
        qs = qs.filter(status__in=c.STATUS_MENUNGGU_KEPUTUSAN)
    return qs.order_by("-diajukan_pada", "-dibuat_pada", "-id")


def antrian_baru(*, menunggu=False, **kw):
    qs = usulan_antrian(**kw)
    return qs.filter(status__in=c.STATUS_MENUNGGU_KEPUTUSAN) if menunggu else qs  # as the view does


def _provinsi_lain() -> Wilayah:
    """Jawa Tengah's Kota Semarang chain (33 → 33.74 → 33.74.01 → 33.74.01.1001): another province."""
    induk = None
    for kode, nama, tingkat in (("33", "Jawa Tengah", "provinsi"), ("33.74", "Kota Semarang", "kota"),
                                ("33.74.01", "Semarang Tengah", "kecamatan"), ("33.74.01.1001", "Sekayu", "kelurahan")):
        induk = Wilayah.objects.create(kode=kode, nama=nama, tingkat=tingkat, induk=induk)
    return induk


def _bangun_antrean() -> Wilayah:
    isi_registri(jumlah=3000, pengguna_id=persona("dinsos").pk)
    isi_bantuan_sintetis(porsi=1.0, periode=Periode.bulan_ini())
    kel_lain = _provinsi_lain()
    ids = sorted(Keluarga.objects.values_list("id", flat=True))
    random.Random(16).shuffle(ids)
    # one statement: the move trigger carries every moved household's proposals along
    Keluarga.objects.filter(pk__in=ids[: int(len(ids) * PORSI_PROVINSI_LAIN)]).update(kelurahan=kel_lain)
    with connection.cursor() as cur:
        for t in ("pmks_keluarga", "bantuan_usulan", "tksk_wilayah"):
            cur.execute(f'ANALYZE "{t}"')
    return kel_lain


@pytest.fixture(scope="module")
def antrean_besar(request, django_db_setup, django_db_blocker):
    """The generated queue, built once for the module (see ``tests.conftest.data_modul``)."""
    yield from data_modul(request, django_db_blocker, _bangun_antrean)


@pytest.fixture
def pengguna(antrean_besar, tksk_kanigaran, dinsos, pejabat_kota, admin_user):
    provinsi = wilayah("35")
    return {
        "tksk kecamatan": tksk_kanigaran,
        "dinsos kota": dinsos,
        "pejabat kota": pejabat_kota,
        "dinsos provinsi": PenggunaFactory(username="dinsos.jatim", peran="dinsos", wilayah=provinsi),
        "pejabat provinsi": PenggunaFactory(username="pejabat.jatim", peran="pejabat", wilayah=provinsi),
        "dinsos provinsi lain": PenggunaFactory(username="dinsos.jateng", peran="dinsos", wilayah=wilayah("33")),
        "admin": admin_user,
    }


def _saringan() -> list[tuple[str, dict]]:
    from bantuan.models import ProgramBantuan

    program = Usulan.objects.order_by("id").values_list("program_id", flat=True).first()
    assert ProgramBantuan.objects.filter(pk=program).exists()
    kepala = (Anggota.objects.filter(keluarga__kelurahan__kode__startswith=f"{KODE['kanigaran']}.",
                                     keluarga__usulan_bantuan__isnull=False, hubungan="kepala")
              .order_by("id").values_list("nama", flat=True).first())
    return [
        ("tanpa saringan", {}),
        ("status diajukan", {"status": c.StatusUsulan.DIAJUKAN}),
        ("status dikembalikan", {"status": c.StatusUsulan.DIKEMBALIKAN}),
        ("menunggu keputusan", {"menunggu": True}),
        ("program", {"program": program}),
        ("kecamatan Kanigaran", {"kecamatan": wilayah(KODE["kanigaran"]).pk}),
        ("kelurahan Kanigaran", {"kelurahan": wilayah(KODE["kel_kanigaran"]).pk}),
        ("kelurahan + status", {"kelurahan": wilayah(KODE["kel_kanigaran"]).pk, "status": c.StatusUsulan.DISALURKAN}),
        ("cari nama", {"q": kepala.split()[0]}),
        ("cari No. KK", {"q": "3574"}),
    ]


def test_the_queue_gives_the_same_rows_in_the_same_order_as_before_for_every_scope(pengguna):
    dilihat = 0
    for peran, user in pengguna.items():
        for nama, saring in _saringan():
            lama = list(antrian_lama(user=user, **saring).values_list("pk", flat=True))
            baru = antrian_baru(user=user, **saring)
            assert list(baru.values_list("pk", flat=True)) == lama, (peran, nama)
            assert _semua_halaman(baru) == lama, (peran, nama)  # every keyset page, to the last one
            dilihat += len(lama)
    assert dilihat > 5000
    # the data reaches every scope: the other province's user sees only its own proposals
    lain = set(antrian_baru(user=pengguna["dinsos provinsi lain"]).values_list("keluarga__kelurahan__kode", flat=True))
    assert lain == {"33.74.01.1001"}


def _semua_halaman(qs, per: int = 100) -> list[int]:
    paginator = PaginatorKunci(qs, per, urutan=URUTAN_ANTREAN)
    halaman = paginator.pertama()
    hasil = [u.pk for u in halaman]
    while halaman.has_next():
        halaman = paginator.halaman({"setelah": halaman.token_berikut})
        hasil += [u.pk for u in halaman]
    return hasil


def _halaman_dalam(user, saring: dict, *, kedalaman: int) -> str:
    """The SQL of the keyset page after row ``kedalaman`` of the queue (the page query itself)."""
    qs = antrian_baru(user=user, **saring)
    paginator = PaginatorKunci(qs, 26, urutan=URUTAN_ANTREAN)
    baris = list(qs[kedalaman - 1: kedalaman])
    assert baris, (user, saring)
    with CaptureQueriesContext(connection) as ctx:
        halaman = paginator.halaman({"setelah": paginator.token(paginator.kunci_dari(baris[0]))})
    assert len(halaman.object_list) == 26 and len(ctx.captured_queries) == 1
    return ctx.captured_queries[0]["sql"]


def _rencana_usulan(sql: str, params=()) -> list[dict]:
    """The plan nodes that read ``bantuan_usulan`` (a Bitmap Index Scan names no relation: kept too).

    Sequential scans are off: on a few thousand rows reading the whole table is legitimately the
    cheapest plan, which it never is for a province's proposals; what is checked is which index
    range serves the page once the table is too large to read whole."""
    with connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        rencana = cur.fetchone()[0]
        cur.execute("RESET enable_seqscan")
    rencana = rencana[0] if isinstance(rencana, list) else rencana
    hasil: list[dict] = []

    def jalan(node: dict) -> None:
        relasi = node.get("Relation Name")
        if relasi == "bantuan_usulan" or (relasi is None and "Index Name" in node):
            hasil.append(node)
        for anak in node.get("Plans", []):
            jalan(anak)

    jalan(rencana["Plan"])
    return hasil


def _indeks_usulan(user, saring: dict) -> set[str]:
    """The indexes (and scans) the first page's query of the queue uses on ``bantuan_usulan``."""
    sql, params = antrian_baru(user=user, **saring)[:26].query.sql_with_params()
    return {n.get("Index Name") or n["Node Type"] for n in _rencana_usulan(sql, params)}


# (A province-wide page with a status filter is left out: on the test's few thousand rows the planner may
# read the (status, dibuat_pada) index alone, whose entries for that status span every province.)
AREA_DAN_INDEKS = [
    ("tksk kecamatan", {}, "usulan_antrean_kecamatan"),
    ("tksk kecamatan", {"menunggu": True}, "usulan_antrean_kecamatan"),
    ("dinsos kota", {}, "usulan_antrean_kota"),
    ("dinsos kota", {"menunggu": True}, "usulan_antrean_kota"),
    ("dinsos kota", {"status": "diajukan"}, "usulan_antrean_kota"),
    ("dinsos kota", {"kecamatan": "kanigaran"}, "usulan_antrean_kecamatan"),
    ("dinsos kota", {"kelurahan": "kel_kanigaran"}, "usulan_antrean_kelurahan"),
    ("dinsos provinsi", {}, "usulan_antrean_provinsi"),
]


def test_the_queue_page_reads_the_area_index_not_the_global_order(pengguna):
    # one data set for every case (generating it is most of the test's time)
    for peran, saring, indeks in AREA_DAN_INDEKS:
        saring = {k: wilayah(KODE[v]) if k in ("kecamatan", "kelurahan") else v for k, v in saring.items()}
        dipakai = _indeks_usulan(pengguna[peran], saring)
        assert indeks in dipakai, (peran, saring, dipakai)
        assert not dipakai & {"usulan_urutan_antrean", "usulan_urutan_menunggu", "Seq Scan"}, (peran, saring, dipakai)


def test_a_deep_keyset_page_continues_the_area_index_range_from_the_previous_pages_last_row(pengguna):
    """The last page of a kecamatan's, a kab/kota's and a province's queue: one range of the area index,
    bounded by the row comparison (no OFFSET: the rows before it are not read)."""
    diperiksa = []
    for peran, saring, indeks in AREA_DAN_INDEKS:
        if "status" in saring or "menunggu" in saring:
            continue  # fewer than 400 rows in the test data
        saring = {k: wilayah(KODE[v]) if k in ("kecamatan", "kelurahan") else v for k, v in saring.items()}
        n = antrian_baru(user=pengguna[peran], **saring).count()
        if n < 30:  # a kelurahan's few proposals: no second page to seek to
            continue
        sql = _halaman_dalam(pengguna[peran], saring, kedalaman=n - 26)  # the last full page
        assert "OFFSET" not in sql.upper(), sql
        simpul = [n for n in _rencana_usulan(sql) if n.get("Index Name") == indeks]
        assert simpul, (peran, saring, _rencana_usulan(sql))
        syarat = simpul[0].get("Index Cond", "")
        assert "ROW(diajukan_pada, dibuat_pada, id) <" in syarat, (peran, syarat)
        diperiksa.append(indeks)
    assert {"usulan_antrean_kecamatan", "usulan_antrean_kota", "usulan_antrean_provinsi"} <= set(diperiksa), diperiksa


def test_the_administrator_walks_the_global_order(pengguna):
    assert "usulan_urutan_antrean" in _indeks_usulan(pengguna["admin"], {})


def test_the_queue_page_runs_the_same_queries_as_before(client, pengguna, monkeypatch):
    """The area key costs no query: the filters' codes are subqueries, the user's area is loaded once."""
    for peran in ("tksk kecamatan", "dinsos kota", "dinsos provinsi"):
        client.force_login(pengguna[peran])
        for url in ("/bantuan/", "/bantuan/?status=menunggu", f"/bantuan/?kecamatan={wilayah(KODE['kanigaran']).pk}"):
            with CaptureQueriesContext(connection) as baru:
                assert client.get(url).status_code == 200
            with monkeypatch.context() as m:
                m.setattr("bantuan.selectors.rentang_area", lambda qs, **kw: qs)
                with CaptureQueriesContext(connection) as lama:
                    assert client.get(url).status_code == 200
            assert len(baru) == len(lama), (peran, url)
