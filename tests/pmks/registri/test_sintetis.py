"""``manage.py buat_data_sintetis``: a province-shaped data set with aid and pendampingan, with COPY."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from bantuan import choices as bc
from bantuan.models import PenerimaanEksternal, Penyaluran, ProgramBantuan, RiwayatStatusUsulan, Usulan
from pmks.models import Anggota, IndeksNama, Keluarga, KlasifikasiPMKS, Kunjungan, RencanaTindakLanjut, Rujukan
from pmks.pendampingan import choices as pc

pytestmark = pytest.mark.django_db


def _jumlah_riwayat() -> dict[str, int]:
    """Rows of every django-pghistory event table."""
    import pghistory.models

    hasil = {}
    for model in apps.get_models():
        if issubclass(model, pghistory.models.Event):
            hasil[model._meta.label] = model.objects.count()
    hasil["pghistory.Context"] = pghistory.models.Context.objects.count()
    return hasil


def _buat(**opsi) -> str:
    out = io.StringIO()
    call_command("buat_data_sintetis", izinkan_db_utama=True, stdout=out, **opsi)
    return out.getvalue()


def test_data_set_fills_the_province_with_aid_and_pendampingan_in_every_status_and_no_history():
    riwayat_awal = _jumlah_riwayat()
    _buat(hingga=600, wilayah="35", batch=250)

    assert Keluarga.objects.count() == 600
    kode = list(Keluarga.objects.values_list("kelurahan__kode", flat=True))
    assert all(k.startswith("35.") for k in kode)
    assert len({k[:5] for k in kode}) > 20, "spread over the kab/kota of the province"
    assert len({k[:8] for k in kode}) > 200
    assert Anggota.objects.count() > 1500 and KlasifikasiPMKS.objects.exists()

    assert set(Usulan.objects.values_list("status", flat=True)) == set(bc.StatusUsulan.values)
    assert not Usulan.objects.exclude(keluarga__kelurahan__kode__startswith="35.").exists()
    # the status history leads to the status reached; distributions only for distributed proposals
    for u in Usulan.objects.filter(status=bc.StatusUsulan.DISALURKAN)[:20]:
        assert list(u.riwayat.order_by("pada").values_list("ke", flat=True))[-1] == bc.StatusUsulan.DISALURKAN
    assert Penyaluran.objects.exists()
    assert not Penyaluran.objects.exclude(usulan__status=bc.StatusUsulan.DISALURKAN).exists()
    assert RiwayatStatusUsulan.objects.count() > Usulan.objects.count()
    assert PenerimaanEksternal.objects.filter(program__dikelola_dinas=False).exists()
    assert Kunjungan.objects.exists() and RencanaTindakLanjut.objects.exists()
    assert set(Rujukan.objects.values_list("status", flat=True)) == set(pc.StatusRujukan.values)
    assert set(RencanaTindakLanjut.objects.values_list("status", flat=True)) == set(pc.StatusTindakLanjut.values)
    assert not Kunjungan.objects.exclude(kelurahan__kode__startswith="35.").exists()

    assert _jumlah_riwayat() == riwayat_awal, "synthetic rows have no edit history"
    with connection.cursor() as cur:  # the history triggers are back on
        cur.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'pmks_keluarga'::regclass AND tgenabled = 'D'")
        assert cur.fetchone()[0] == 0
    # the name search index covers every synthetic member
    assert IndeksNama.objects.count() == Anggota.objects.count()


def test_running_again_to_the_same_size_adds_nothing_and_a_larger_size_adds_the_difference():
    _buat(hingga=120, wilayah="35.74", batch=50)
    program = ProgramBantuan.objects.count()
    usulan = Usulan.objects.count()

    teks = _buat(hingga=120, wilayah="35.74")
    assert "tidak ada yang ditambahkan" in teks
    assert Keluarga.objects.count() == 120 and Usulan.objects.count() == usulan

    _buat(hingga=200, wilayah="35.74")
    assert Keluarga.objects.count() == 200
    assert ProgramBantuan.objects.count() == program, "programs are reused"
    assert Usulan.objects.count() > usulan
    assert not Keluarga.objects.exclude(kelurahan__kode__startswith="35.74.").exists()


def test_registry_only_when_asked():
    _buat(keluarga=30, wilayah="35.74", tanpa_bantuan=True)
    assert Keluarga.objects.count() == 30
    assert not Usulan.objects.exists() and not Kunjungan.objects.exists()


def _skema() -> dict:
    from pmks.registri.sintetis_massal import skema_tabel

    with connection.cursor() as cur:
        return skema_tabel(cur, connection.introspection.table_names(cur))


def test_a_bulk_load_leaves_every_index_constraint_and_trigger_as_the_migrations_made_them():
    from pmks.registri.sintetis_massal import PORSI_LEPAS_INDEKS

    sebelum = _skema()
    assert sebelum["indeks"] and sebelum["batasan"] and sebelum["trigger"]
    assert any("gin_trgm_ops" in d for _, d in sebelum["indeks"]), "the trigram indexes are among them"
    teks = _buat(hingga=300, wilayah="35.74", batch=100)
    assert "indeks & batasan dibangun ulang" in teks, "an empty database is loaded without its indexes"
    assert _skema() == sebelum
    # a small addition to a large data set keeps the indexes in place
    teks = _buat(keluarga=int(300 * PORSI_LEPAS_INDEKS) - 10, wilayah="35.74")
    assert "indeks & batasan dibangun ulang" not in teks
    assert _skema() == sebelum
    assert IndeksNama.objects.count() == Anggota.objects.count()


def test_a_load_that_fails_halfway_leaves_no_rows_and_the_schema_unchanged():
    from pmks import ekstensi
    from pmks.management.commands.buat_data_sintetis import pengguna_sintetis
    from pmks.registri.sintetis_massal import tulis_massal

    sebelum = _skema()
    keluarga = Keluarga.objects.count()

    def gagal(cur, keadaan, keluarga):
        raise RuntimeError("generator gagal di tengah jalan")

    rusak = ekstensi.PengisiSintetis(kode="rusak", urutan=99, model=lambda: [], siapkan=lambda cur, **kw: None,
                                     isi=gagal)
    with pytest.raises(RuntimeError, match="tengah jalan"):
        tulis_massal(jumlah=50, pengguna_id=pengguna_sintetis().pk, awalan="35.74", pengisi=[rusak],
                     lepas_indeks=True)
    assert Keluarga.objects.count() == keluarga
    assert _skema() == sebelum


def test_after_a_generated_run_the_rollups_equal_the_figures_counted_from_scratch():
    _buat(hingga=250, wilayah="35.74", batch=100)
    out = io.StringIO()
    call_command("bangun_rollup", periksa=["35.74", "35.74.04"], tanpa_bangun=True, stdout=out)
    assert "BERBEDA" not in out.getvalue() and out.getvalue().count("sama") == 4


def test_registry_still_passes_its_own_validation_after_a_bulk_load():
    from pmks.registri import nik as aturan_nik

    _buat(hingga=200, wilayah="35", batch=80, tanpa_bantuan=True)
    for a in Anggota.objects.select_related("keluarga")[:400]:
        assert aturan_nik.periksa_nik(a.nik) == []
        assert aturan_nik.peringatan_nik(a.nik, tanggal_lahir=a.tanggal_lahir, jenis_kelamin=a.jenis_kelamin) == []
        assert aturan_nik.periksa_no_kk(a.keluarga.no_kk) == []
    assert Anggota.objects.values("nik").distinct().count() == Anggota.objects.count()
