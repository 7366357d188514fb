"""The coverage section's query (``laporan.bagian.cakupan`` → ``hitung_himpunan``) for ONE kecamatan
can read only that kecamatan: on generated data (households in every kecamatan of the city, aid in
realistic proportions) no nested loop rescans a set the planner estimated at one row (the
21,000 × 1,600 loop of #16), and with sequential scans priced out (``enable_seqscan = off``: on a few
thousand rows a table scan is cheaper, at 1 M it is not) no big table is scanned whole — every
table is reached through an index on the area or the household — and the aid sets come from the
area's facts (index ``fakta_penerimaan_area``)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from laporan.bagian import Lingkup, cakupan
from laporan.management.commands.bench_laporan import isi_bantuan_sintetis
from laporan.periode import Periode

from .test_rencana_kueri import isi_registri

TABEL_BESAR = {"pmks_keluarga", "bantuan_usulan", "bantuan_penerimaaneksternal", "bantuan_faktapenerimaan",
               "pmks_klasifikasipmks"}


@pytest.fixture
def data_besar(db, dinsos):
    isi_registri(jumlah=3000, pengguna_id=dinsos.pk)
    periode = Periode.bulan_ini()
    isi_bantuan_sintetis(porsi=0.3, periode=periode)
    with connection.cursor() as cursor:
        for tabel in ("bantuan_faktapenerimaan", "bantuan_ringkasanpenerimaan", "pmks_jenisaktifkeluarga"):
            cursor.execute(f"ANALYZE {tabel}")
    return periode


def _simpul(node: dict):
    yield node
    for anak in node.get("Plans", []):
        yield from _simpul(anak)


def _rencana_cakupan(lingkup: Lingkup, *, tanpa_seqscan: bool = False,
                     penanda: str = "bantuan_faktapenerimaan") -> dict:
    """The plan of the section's query that reads ``penanda`` (the coverage sets: the receipt facts;
    *belum terjangkau*: its per-household table)."""
    with CaptureQueriesContext(connection) as ctx:
        cakupan.bangun(lingkup)
    sql = next(q["sql"] for q in ctx.captured_queries if penanda in q["sql"] and "GROUP BY" in q["sql"])
    with connection.cursor() as cursor:
        if tanpa_seqscan:
            cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            rencana = cursor.fetchone()[0]
        finally:
            cursor.execute("RESET enable_seqscan")
    return (rencana[0] if isinstance(rencana, list) else rencana)["Plan"]


@pytest.mark.parametrize("bulan", ["ini", "lalu"])
def test_coverage_of_a_kecamatan_reads_only_its_area(data_besar, kec_kanigaran, bulan):
    periode = data_besar if bulan == "ini" else data_besar.sebelumnya
    lingkup = Lingkup.untuk(wilayah=kec_kanigaran, periode=periode)
    for n in _simpul(_rencana_cakupan(lingkup)):
        if n["Node Type"] != "Nested Loop":
            continue
        for anak in n.get("Plans", [])[1:]:  # the inner side, rescanned once per outer row
            agregat = [x for x in _simpul(anak) if x["Node Type"] == "Aggregate"]
            assert not (agregat and anak["Plan Rows"] <= 1), "nested loop over a set estimated at one row"
    simpul = list(_simpul(_rencana_cakupan(lingkup, tanpa_seqscan=True)))
    seq = sorted({n["Relation Name"] for n in simpul if n["Node Type"] == "Seq Scan"} & TABEL_BESAR)
    assert seq == [], f"sequential scan of {seq}"
    fakta = [n for n in simpul if n.get("Relation Name") == "bantuan_faktapenerimaan"]
    assert fakta and all({x.get("Index Name") for x in _simpul(n)} - {None} == {"fakta_penerimaan_area"}
                         for n in fakta)


@pytest.mark.parametrize("bulan", ["ini", "lalu"])
def test_belum_terjangkau_of_a_kecamatan_reads_one_row_per_household_of_its_area(data_besar, kec_kanigaran, bulan):
    periode = data_besar if bulan == "ini" else data_besar.sebelumnya
    lingkup = Lingkup.untuk(wilayah=kec_kanigaran, periode=periode)
    simpul = list(_simpul(_rencana_cakupan(lingkup, tanpa_seqscan=True, penanda="pmks_jenisaktifkeluarga")))
    dibaca = {n["Relation Name"]: n for n in simpul if n.get("Relation Name")}
    assert set(dibaca) == {"pmks_jenisaktifkeluarga", "bantuan_ringkasanpenerimaan"}  # no facts, no households
    for tabel, indeks in (("pmks_jenisaktifkeluarga", "jenis_aktif_area"),
                          ("bantuan_ringkasanpenerimaan", "ringkasan_penerimaan_area")):  # the area's range
        assert {x.get("Index Name") for x in _simpul(dibaca[tabel])} - {None} == {indeks}
    assert not [n for n in simpul if n["Node Type"] in {"Nested Loop", "Merge Join", "Hash Join"}]  # no join to plan
