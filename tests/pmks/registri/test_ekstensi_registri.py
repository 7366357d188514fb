"""The registry pages use the extension points: household-detail panels in their order and the
"ada / belum ada bantuan" filter registered by bantuan; every contributor registers at start-up."""

import copy

import pytest

from pmks import ekstensi
from tests.factories import KeluargaFactory, wilayah


@pytest.fixture
def tanpa_ekstensi(monkeypatch):
    monkeypatch.setattr(ekstensi, "_panel", {})
    monkeypatch.setattr(ekstensi, "_filter_bantuan", [])


def test_detail_page_renders_registered_panels_in_order(client, tksk_kanigaran, tanpa_ekstensi, settings):
    # An in-memory template (not a tmp file: parallel pytest runs prune each other's tmp dirs).
    uji = {
        "NAME": "uji",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader",
                                 {"_uji_panel.html": "<p>isi {{ nilai }} untuk {{ keluarga_id }}</p>"})]},
    }
    settings.TEMPLATES = [*copy.deepcopy(settings.TEMPLATES), uji]
    k = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    for kode, urutan in (("kedua", 20), ("pertama", 10)):
        ekstensi.daftarkan_panel(ekstensi.Panel(
            kode=kode, judul=f"Panel {kode}", urutan=urutan, template="_uji_panel.html",
            konteks=lambda keluarga, user, kode=kode: {"nilai": kode, "keluarga_id": keluarga.pk},
        ))
    client.force_login(tksk_kanigaran)
    html = client.get(f"/pmks/keluarga/{k.pk}/").content.decode()
    assert f"isi pertama untuk {k.pk}" in html and f"isi kedua untuk {k.pk}" in html
    assert html.index('data-testid="panel-pertama"') < html.index('data-testid="panel-kedua"')


def test_aid_filter_uses_the_registered_function(client, tksk_kanigaran, tanpa_ekstensi):
    dapat = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"), alamat="Jl. Dapat Bantuan")
    belum = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"), alamat="Jl. Belum Dapat")
    ekstensi.daftarkan_filter_bantuan(lambda qs, ada: qs.filter(pk=dapat.pk) if ada else qs.exclude(pk=dapat.pk))
    client.force_login(tksk_kanigaran)
    assert 'name="bantuan"' in client.get("/pmks/").content.decode()
    ada = client.get("/pmks/", {"bantuan": "ada"}).context["page_obj"].object_list
    tidak = client.get("/pmks/", {"bantuan": "belum"}).context["page_obj"].object_list
    assert [k.pk for k in ada] == [dapat.pk]
    assert [k.pk for k in tidak] == [belum.pk]


def test_list_filters_by_pmks_type_kelurahan_and_status(client, tksk_kanigaran):
    from pmks.models import JenisPMKS
    from tests.factories import KlasifikasiPMKSFactory

    fm = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    KlasifikasiPMKSFactory(keluarga=fm, jenis=JenisPMKS.objects.get(singkatan="FM"), dinilai_oleh=tksk_kanigaran)
    lain = KeluargaFactory(kelurahan=wilayah("35.74.04.1001"))
    arsip = KeluargaFactory(kelurahan=wilayah("35.74.04.1001"), status="pindah")
    KeluargaFactory(kelurahan=wilayah("35.74.03.1001"))  # Mayangan: never in this TKSK's list
    client.force_login(tksk_kanigaran)

    def pks(**params):
        return {k.pk for k in client.get("/pmks/", params).context["page_obj"].object_list}

    assert pks() == {fm.pk, lain.pk}
    assert pks(jenis=JenisPMKS.objects.get(singkatan="FM").pk) == {fm.pk}
    assert pks(kelurahan=wilayah("35.74.04.1001").pk) == {lain.pk}
    assert pks(status="pindah") == {arsip.pk}
    assert pks(status="semua") == {fm.pk, lain.pk, arsip.pk}
    resp = client.get("/pmks/", {"kelurahan": wilayah("35.74.03.1001").pk})  # outside the area: not a choice
    assert resp.context["page_obj"].paginator.count == 0


def test_every_contributor_is_registered_at_start_up():
    """PmksConfig.ready and BantuanConfig.ready register every panel, timeline source, filter and figure."""
    from bantuan import integrasi
    from pmks.pendampingan import selectors as ps

    assert [p.kode for p in ekstensi.panel_keluarga()] == ["desil", "bantuan", "tanda_desil", "pendampingan",
                                                            "linimasa"]
    from bantuan.services.desil import tanda_desil_catat

    assert ekstensi.pengamat_desil() == [tanda_desil_catat]
    assert {ps.peristiwa_registri, ps.peristiwa_pendampingan, integrasi.peristiwa_linimasa} <= set(
        ekstensi.sumber_linimasa()
    )
    assert ekstensi.filter_bantuan() is integrasi.filter_ada_bantuan
    assert integrasi.angka_dasbor in ekstensi.angka_dasbor()
