"""The path past one server (#16): PgBouncer in transaction mode and a streaming read replica.

Both run for real beside the private cluster (tests/klaster.py); nothing is mocked.
"""

from __future__ import annotations

import shutil
from datetime import date

import psycopg
import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pmks.models import Keluarga
from tests import klaster
from tests.factories import KeluargaFactory, PenggunaFactory, wilayah
from tksk.basisdata import KUNCI_SESI, REPLIKA
from tksk.models import Peran

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")

perlu_klaster_privat = pytest.mark.skipif(
    not klaster.socket_primer(), reason="butuh klaster privat bin/test (bukan DATABASE_URL)"
)


def _sambung_baru(**kw):
    db = connections["default"].settings_dict
    return psycopg.connect(host=kw.pop("host", db["HOST"]), user=db["USER"] or None, dbname=db["NAME"], **kw)


@pytest.mark.django_db
def test_connections_carry_no_libpq_options_a_pooler_would_refuse():
    assert "options" not in settings.DATABASES["default"].get("OPTIONS", {})


@pytest.mark.django_db
@perlu_klaster_privat
def test_every_new_session_gets_the_history_trigger_and_jit_defaults_from_the_database():
    with _sambung_baru() as conn:
        assert conn.execute('SHOW "pgtrigger.ignore"').fetchone()[0] == "{}"
        assert conn.execute("SHOW jit").fetchone()[0] == "off"


@pytest.fixture
def pgbouncer(transactional_db):
    if not shutil.which("pgbouncer") and not shutil.which("/usr/sbin/pgbouncer"):
        pytest.fail("pgbouncer tidak terpasang (bin/test memasangnya sebagai root: apt-get install pgbouncer)")
    if not klaster.socket_primer():
        pytest.skip("butuh klaster privat bin/test")
    with klaster.pgbouncer_transaksi() as (folder, port):
        alias = "lewat_pgbouncer"
        with klaster.koneksi_tambahan(alias, HOST=folder, PORT=str(port), DISABLE_SERVER_SIDE_CURSORS=True):
            yield alias, folder, port


@perlu_klaster_privat
def test_pgbouncer_in_transaction_mode_refuses_libpq_options(pgbouncer):
    _, folder, port = pgbouncer
    with pytest.raises(psycopg.OperationalError, match="unsupported startup parameter"):
        _sambung_baru(host=folder, port=port, options="-c jit=off").close()


@perlu_klaster_privat
def test_the_app_writes_with_history_through_pgbouncer_in_transaction_mode(pgbouncer):
    alias, _, _ = pgbouncer
    kelurahan = wilayah("35.74.04.1003")
    with transaction.atomic(using=alias):
        keluarga = Keluarga.objects.using(alias).create(
            no_kk="3574041403190001", kelurahan_id=kelurahan.pk, alamat="Jl. Lewat Pooler 1"
        )
        keluarga.alamat = "Jl. Lewat Pooler 2"
        keluarga.save(using=alias)
    with connections[alias].cursor() as c:
        c.execute('SHOW "pgtrigger.ignore"')
        assert c.fetchone()[0] == "{}"
    # the history triggers ran inside the pooled transaction; read back on a direct connection
    riwayat = Keluarga.pgh_event_model.objects.filter(pgh_obj_id=keluarga.pk).order_by("pgh_id")
    assert [e.alamat for e in riwayat] == ["Jl. Lewat Pooler 1", "Jl. Lewat Pooler 2"]
    # a large read in chunks works without server-side cursors
    assert len(list(Keluarga.objects.using(alias).values_list("pk", flat=True).iterator(chunk_size=2))) == 1


@pytest.fixture
def replika(transactional_db, settings):
    if not klaster.socket_primer():
        pytest.skip("butuh klaster privat bin/test")
    with klaster.replika_streaming() as folder, klaster.koneksi_tambahan(REPLIKA, HOST=folder) as pengaturan:
        settings.DATABASES = {**settings.DATABASES, REPLIKA: pengaturan}
        yield


def _dinsos():
    return PenggunaFactory(username="dinsos_replika", peran=Peran.DINSOS, wilayah=wilayah("35.74"))


def _kueri_di(alias: str, client, url: str):
    with CaptureQueriesContext(connections[alias]) as tangkap:
        resp = client.get(url)
    return resp, [q["sql"] for q in tangkap.captured_queries]


@perlu_klaster_privat
def test_report_and_dashboard_reads_are_served_by_a_real_streaming_replica(replika, client):
    KeluargaFactory()
    client.force_login(_dinsos())
    klaster.tunggu_replika_menyusul()
    with connections[REPLIKA].cursor() as c:
        c.execute("SELECT pg_is_in_recovery()")
        assert c.fetchone()[0] is True  # it really is a standby
    periode = date.today().strftime("%Y-%m")
    halaman = (
        reverse("home"),
        reverse("laporan:rekap", args=["35.74", periode]),
        reverse("laporan:detail", args=["35.74.04", periode]),
        reverse("pmks:ekspor_unduh", args=["keluarga", "csv"]),
    )
    for url in halaman:
        resp, di_replika = _kueri_di(REPLIKA, client, url)
        if resp.streaming:
            with CaptureQueriesContext(connections[REPLIKA]) as tangkap:
                isi = b"".join(resp.streaming_content)
            di_replika += [q["sql"] for q in tangkap.captured_queries]
            assert b"Jl. Suroyo" in isi
        assert resp.status_code == 200, url
        # the registry's rows, facts or rollups (the dashboard reads no household row any more)
        assert any('"pmks_' in q or " pmks_" in q for q in di_replika), f"{url}: tidak ada bacaan di replika"


@perlu_klaster_privat
def test_a_user_reads_the_primary_right_after_their_own_write(replika, client):
    client.force_login(_dinsos())
    klaster.tunggu_replika_menyusul()
    session = client.session
    session[KUNCI_SESI] = 0
    session.save()
    # any successful or refused POST pins the session to the primary for SIDAMPING_REPLIKA_JEDA seconds
    client.post(reverse("pmks:keluarga_tambah"), {})
    assert client.session[KUNCI_SESI] > 0
    resp, di_replika = _kueri_di(REPLIKA, client, reverse("home"))
    assert resp.status_code == 200
    assert di_replika == []


@perlu_klaster_privat
def test_pages_not_marked_for_the_replica_read_only_the_primary(replika, client):
    """Pages without the replica mark (here the household list) never read from the replica."""
    KeluargaFactory()
    client.force_login(_dinsos())
    klaster.tunggu_replika_menyusul()
    resp, di_replika = _kueri_di(REPLIKA, client, reverse("pmks:keluarga_list"))
    assert resp.status_code == 200
    assert di_replika == []
