"""Registry services: status transitions, No. KK change, member moves, classification, races."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pmks.models import Anggota, JenisPMKS, PerpindahanAnggota
from pmks.registri import services
from tests.factories import AnggotaFactory, KeluargaFactory, no_kk_valid, wilayah
from tests.pmks.helpers import keluarga_tiga_orang


@pytest.fixture
def keluarga(db):
    k = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    k.istri = AnggotaFactory(keluarga=k, hubungan="istri_suami", jenis_kelamin="P", tanggal_lahir=date(1982, 1, 9))
    k.anak = AnggotaFactory(keluarga=k, tanggal_lahir=date(2009, 9, 9))
    return k


def test_household_is_archived_with_reason_and_can_be_reactivated(keluarga, tksk_kanigaran):
    services.keluarga_ubah_status(user=tksk_kanigaran, keluarga=keluarga, status="meninggal_semua", alasan="Banjir")
    keluarga.refresh_from_db()
    assert keluarga.status == "meninggal_semua" and keluarga.alasan_status == "Banjir"
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        services.keluarga_ubah_status(user=tksk_kanigaran, keluarga=keluarga, status="pindah", alasan="x")
    with pytest.raises(ValidationError, match="Aktifkan kembali"):
        services.klasifikasi_tambah(user=tksk_kanigaran, keluarga=keluarga, jenis=JenisPMKS.objects.first(),
                                    tanggal_asesmen=date(2026, 1, 1))
    services.keluarga_ubah_status(user=tksk_kanigaran, keluarga=keluarga, status="aktif", alasan="Salah catat")
    keluarga.refresh_from_db()
    assert keluarga.status == "aktif"


def test_status_change_needs_a_reason(keluarga, tksk_kanigaran):
    with pytest.raises(ValidationError, match="Alasan"):
        services.keluarga_ubah_status(user=tksk_kanigaran, keluarga=keluarga, status="pindah", alasan="  ")


def test_tksk_of_other_kecamatan_cannot_write(keluarga, tksk_mayangan, pejabat_kota):
    for user in (tksk_mayangan, pejabat_kota):
        with pytest.raises(PermissionDenied):
            services.keluarga_ubah_status(user=user, keluarga=keluarga, status="pindah", alasan="x")


def test_no_kk_change_keeps_history_and_search_finds_old_number(keluarga, tksk_kanigaran, client):
    lama = keluarga.no_kk
    baru = no_kk_valid()
    services.keluarga_ganti_no_kk(user=tksk_kanigaran, keluarga=keluarga, no_kk_baru=baru, alasan="Pindah RT")
    keluarga.refresh_from_db()
    assert keluarga.no_kk == baru
    assert keluarga.riwayat_no_kk.get().no_kk == lama
    client.force_login(tksk_kanigaran)
    assert client.get("/pmks/", {"q": lama}).context["page_obj"].paginator.count == 1


def test_head_cannot_leave_without_a_successor(keluarga, tksk_kanigaran):
    with pytest.raises(ValidationError) as exc:
        services.anggota_ubah_status(user=tksk_kanigaran, anggota=keluarga.kepala_uji, status="meninggal",
                                     alasan="Meninggal 2026")
    assert "kepala_baru" in exc.value.message_dict
    services.anggota_ubah_status(user=tksk_kanigaran, anggota=keluarga.kepala_uji, status="meninggal",
                                 alasan="Meninggal 2026", kepala_baru=keluarga.istri)
    keluarga.istri.refresh_from_db()
    keluarga.kepala_uji.refresh_from_db()
    assert keluarga.istri.hubungan == "kepala"
    assert keluarga.kepala_uji.status == "meninggal" and keluarga.kepala_uji.status_hidup == "meninggal"


def test_member_moves_with_history_and_classification(keluarga, tksk_kanigaran):
    tujuan = KeluargaFactory(kelurahan=wilayah("35.74.04.1002"), kepala__tanggal_lahir=date(1955, 5, 5))
    pd = JenisPMKS.objects.get(singkatan="PD")
    kl = services.klasifikasi_tambah(user=tksk_kanigaran, keluarga=keluarga, anggota=keluarga.anak, jenis=pd,
                                     tanggal_asesmen=date(2026, 2, 2))
    services.anggota_pindahkan(user=tksk_kanigaran, anggota=keluarga.anak, ke_keluarga=tujuan, hubungan="cucu",
                               alasan="Ikut kakek")
    anak = Anggota.objects.get(pk=keluarga.anak.pk)
    assert anak.keluarga == tujuan and anak.hubungan == "cucu" and anak.nik == keluarga.anak.nik
    kl.refresh_from_db()
    assert kl.keluarga == tujuan
    assert PerpindahanAnggota.objects.get().dari_keluarga == keluarga


def test_move_into_household_that_breaks_its_rules_is_refused(keluarga, tksk_kanigaran):
    tujuan = KeluargaFactory(kelurahan=wilayah("35.74.04.1002"))
    with pytest.raises(ValidationError, match="Di keluarga tujuan"):
        services.anggota_pindahkan(user=tksk_kanigaran, anggota=keluarga.istri, ke_keluarga=tujuan,
                                   hubungan="kepala", alasan="x")


def test_same_classification_twice_is_refused_and_revoking_keeps_it(keluarga, tksk_kanigaran):
    fm = JenisPMKS.objects.get(singkatan="FM")
    kl = services.klasifikasi_tambah(user=tksk_kanigaran, keluarga=keluarga, jenis=fm, tanggal_asesmen=date(2026, 1, 1))
    with pytest.raises(ValidationError, match="sudah tercatat"):
        services.klasifikasi_tambah(user=tksk_kanigaran, keluarga=keluarga, jenis=fm, tanggal_asesmen=date(2026, 1, 2))
    services.klasifikasi_cabut(user=tksk_kanigaran, klasifikasi=kl, alasan="Sudah mampu")
    kl.refresh_from_db()
    assert not kl.aktif and kl.alasan_dicabut == "Sudah mampu"
    services.klasifikasi_tambah(user=tksk_kanigaran, keluarga=keluarga, jenis=fm, tanggal_asesmen=date(2026, 3, 1))


def test_database_uniqueness_race_becomes_a_clear_form_error(keluarga, tksk_kanigaran, kel_kanigaran, monkeypatch):
    """Two users saving the same No. KK at the same moment: the loser gets a message, not a 500."""
    # The existence check ran just before the other user's commit:
    monkeypatch.setattr(services, "periksa_no_kk_baru", lambda **kw: kw["no_kk"])
    rows = [{**a, "tanggal_lahir": date.fromisoformat(a["tanggal_lahir"])} for a in keluarga_tiga_orang()]
    with pytest.raises(ValidationError) as exc:
        services.keluarga_daftarkan(
            user=tksk_kanigaran, data={"no_kk": keluarga.no_kk, "kelurahan": kel_kanigaran, "alamat": "X"},
            anggota=rows,
        )
    assert "baru saja didaftarkan oleh pengguna lain" in str(exc.value.message_dict["no_kk"])
    assert Anggota.objects.filter(nama="Dimas Riyadi").count() == 0
