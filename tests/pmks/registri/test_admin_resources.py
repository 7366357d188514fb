"""Administrator spreadsheets through django-import-export: extend PMKS types, export the registry."""

import pytest
import tablib

from pmks.models import JenisPMKS
from pmks.registri.resources import AnggotaResource, JenisPMKSResource
from tests.factories import KeluargaFactory

pytestmark = pytest.mark.django_db


def test_administrator_extends_pmks_types_from_a_spreadsheet_without_touching_existing_ones():
    data = tablib.Dataset(headers=["kode", "nama", "singkatan", "sumber", "aktif"])
    data.append([29, "Keluarga Terdampak Stunting", "KTS", "kategori lokal uji", True])
    data.append([24, "Fakir Miskin", "FM", "Permensos 08/2012", True])  # unchanged row
    hasil = JenisPMKSResource().import_data(data, dry_run=False)
    assert not hasil.has_errors()
    assert JenisPMKS.objects.get(kode=29).singkatan == "KTS"
    assert JenisPMKS.objects.count() == 29


def test_admin_export_keeps_nik_as_text(kel_kanigaran):
    keluarga = KeluargaFactory(kelurahan=kel_kanigaran)
    dataset = AnggotaResource().export()
    baris = [r for r in dataset.dict if r["no_kk"] == keluarga.no_kk]
    assert baris and all(isinstance(r["nik"], str) and len(r["nik"]) == 16 for r in baris)


def test_admin_pages_offer_import_and_export(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/pmks/jenispmks/import/").status_code == 200
    assert client.get("/admin/pmks/anggota/export/").status_code == 200


def test_household_list_offers_export_of_the_current_filter(client, tksk_kanigaran, kel_kanigaran):
    client.force_login(tksk_kanigaran)
    html = client.get("/pmks/", {"kelurahan": kel_kanigaran.pk}).content.decode()
    from django.urls import reverse

    url = reverse("pmks:ekspor_unduh", args=["keluarga", "xlsx"])
    assert f"{url}?kelurahan={kel_kanigaran.pk}" in html
