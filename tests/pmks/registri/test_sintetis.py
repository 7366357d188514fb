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
