"""Admin: administrators extend the PMKS types; the registry is view-only in the admin."""

from pmks.models import JenisPMKS
from tests.factories import KeluargaFactory


def test_administrator_adds_a_local_pmks_type(client, admin_user):
    client.force_login(admin_user)
    resp = client.post(
        "/admin/pmks/jenispmks/add/",
        {"kode": 101, "nama": "Keluarga Korban Banjir Rob", "singkatan": "KBR", "sumber": "lokal", "aktif": "on"},
    )
    assert resp.status_code == 302
    assert JenisPMKS.objects.filter(singkatan="KBR").exists()


def test_registry_is_view_only_in_admin(client, admin_user):
    keluarga = KeluargaFactory()
    client.force_login(admin_user)
    assert client.get("/admin/pmks/keluarga/").status_code == 200
    assert client.get(f"/admin/pmks/keluarga/{keluarga.pk}/change/").status_code == 200
    assert client.get("/admin/pmks/keluarga/add/").status_code == 403
    assert client.post(f"/admin/pmks/keluarga/{keluarga.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"/admin/pmks/anggota/{keluarga.kepala_uji.pk}/change/").status_code == 200
