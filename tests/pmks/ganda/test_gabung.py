"""Merging a duplicate pair (pmks.ganda.services): every related row moves in one transaction, with
history; the other record is archived, never deleted; a merge happens once; every foreign key to a
member or household in the project is declared in the merge's table."""

from __future__ import annotations

from datetime import date

import pghistory.models
import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q

from bantuan.models import Aduan, PenerimaanEksternal, Penyaluran, Usulan
from pmks.ganda import choices as c
from pmks.ganda.models import PasanganDuplikat
from pmks.ganda.services import RELASI, pasangan_gabungkan, pasangan_tandai_berbeda
from pmks.models import AksesData, Anggota, Keluarga, KlasifikasiPMKS, RiwayatNoKK
from pmks.pendampingan.models import RencanaTindakLanjut, Rujukan
from pmks.registri import choices as rc
from tests.bantuan.aduan.helpers import aduan_baru
from tests.bantuan.conftest import buat_program, usulan_status
from tests.factories import KlasifikasiPMKSFactory
from tests.pmks.pendampingan.test_pendampingan_bantu import kunjungan, rujukan, tindak_lanjut

from .helpers import KEL_MAYANGAN, keluarga, orang, pasangan, pindai_kota

pytestmark = pytest.mark.django_db


def test_every_foreign_key_to_a_member_or_household_is_declared_in_the_merge():
    """Fails when a new model points at Anggota / Keluarga and the merge does not say what to do with it."""
    target = {apps.get_model("pmks.Anggota"), apps.get_model("pmks.Keluarga")}
    ada = set()
    for model in apps.get_models():
        if issubclass(model, pghistory.models.Event):
            continue  # history rows: append-only by construction
        for f in model._meta.get_fields():
            if f.is_relation and not f.auto_created and f.related_model in target:
                ada.add((model._meta.label, f.name))
    hilang = ada - set(RELASI)
    assert not hilang, f"Kunci asing ke Anggota/Keluarga yang tidak ditangani penggabungan (RELASI): {hilang}"
    assert set(RELASI) - ada == set(), f"RELASI menyebut kunci yang sudah tidak ada: {set(RELASI) - ada}"


@pytest.fixture
def dunia(tksk_kanigaran, dinsos):
    """A (kept) in one Kanigaran household; B (the duplicate) heads a second household of only B."""
    k1 = keluarga(nama_kepala="Slamet Riyadi", lahir=date(1965, 7, 7))
    a = orang(k1, nama="Nur Aini", lahir=date(1990, 3, 12), jk="P", tempat="Probolinggo")
    k2 = keluarga(nama_kepala="Nur Aini", lahir=date(1990, 3, 12), jk="P", tempat_lahir="")
    b = k2.kepala_uji
    program = buat_program("gabung-sembako")
    usulan = usulan_status(program, k2, "disetujui", oleh=tksk_kanigaran)
    Usulan.objects.filter(pk=usulan.pk).update(anggota=b)
    penyaluran = Penyaluran.objects.create(usulan=usulan, tanggal=date(2026, 2, 1), bulan=date(2026, 2, 1),
                                           diterima_oleh="Nur", dicatat_oleh=dinsos)
    pkh = buat_program("gabung-pkh", "pkh", dikelola_dinas=False)
    eksternal = PenerimaanEksternal.objects.create(program=pkh, keluarga=k2, anggota=b, periode_mulai=date(2026, 1, 1),
                                                   periode_selesai=date(2026, 3, 31), sumber="BNBA PKH")
    fm = KlasifikasiPMKSFactory(keluarga=k2, anggota=b, dinilai_oleh=tksk_kanigaran)
    klas_kel = KlasifikasiPMKSFactory(keluarga=k2, dinilai_oleh=tksk_kanigaran,
                                      jenis=apps.get_model("pmks.JenisPMKS").objects.get(singkatan="RTLH"))
    kj = kunjungan(k2, tanggal=date(2026, 3, 1), oleh=tksk_kanigaran)
    tl = tindak_lanjut(k2, batas=date(2026, 3, 9), oleh=tksk_kanigaran)
    rj = rujukan(k2, oleh=tksk_kanigaran)
    Rujukan.objects.filter(pk=rj.pk).update(anggota=b)
    aduan = aduan_baru(tksk_kanigaran, keluarga=k2)
    Aduan.objects.filter(pk=aduan.pk).update(anggota=b)
    log = AksesData.objects.create(oleh=dinsos, jenis="lihat", keluarga=k2, wilayah_id=k2.kelurahan_id)
    pindai_kota()
    p = pasangan(a, b)
    assert p is not None, "the scan must propose the seeded pair"
    return {"k1": k1, "k2": k2, "a": a, "b": b, "usulan": usulan, "penyaluran": penyaluran, "eksternal": eksternal,
            "fm": fm, "klas_kel": klas_kel, "kunjungan": kj, "tl": tl, "rujukan": rj, "aduan": aduan, "log": log,
            "pasangan": p}


def _gabung(user, d, *, nik_dari="a", **pilihan):
    return pasangan_gabungkan(user=user, pasangan=d["pasangan"], penyintas_id=d["a"].pk,
                              pilihan={"nik": d[nik_dari].pk, **pilihan}, alasan="Orang yang sama, NIK B salah ketik")


def test_merge_moves_every_related_row_and_archives_the_other(dunia, tksk_kanigaran):
    d = dunia
    hasil = _gabung(tksk_kanigaran, d)
    a, b, k1, k2 = (Anggota.objects.get(pk=d["a"].pk), Anggota.objects.get(pk=d["b"].pk),
                    Keluarga.objects.get(pk=d["k1"].pk), Keluarga.objects.get(pk=d["k2"].pk))
    assert hasil.keluarga_digabung
    # person-level rows follow A, their household column A's household
    assert Usulan.objects.get(pk=d["usulan"].pk).anggota_id == a.pk
    assert Usulan.objects.get(pk=d["usulan"].pk).keluarga_id == k1.pk
    assert Penyaluran.objects.get(pk=d["penyaluran"].pk).usulan.keluarga_id == k1.pk
    assert PenerimaanEksternal.objects.get(pk=d["eksternal"].pk).anggota_id == a.pk
    assert KlasifikasiPMKS.objects.get(pk=d["fm"].pk).anggota_id == a.pk
    assert Rujukan.objects.get(pk=d["rujukan"].pk).anggota_id == a.pk
    assert Aduan.objects.get(pk=d["aduan"].pk).keluarga_id == k1.pk
    # household-level rows of the duplicate's (now empty) household follow too
    assert KlasifikasiPMKS.objects.get(pk=d["klas_kel"].pk).keluarga_id == k1.pk
    assert list(d["kunjungan"].keluarga.all()) == [k1]
    assert RencanaTindakLanjut.objects.get(pk=d["tl"].pk).keluarga_id == k1.pk
    assert RiwayatNoKK.objects.filter(keluarga=k1, no_kk=k2.no_kk).exists()
    # append-only rows stay; nothing is deleted
    assert AksesData.objects.get(pk=d["log"].pk).keluarga_id == k2.pk
    assert b.status == rc.StatusAnggota.DIGABUNG and "NIK B salah ketik" in b.alasan_status
    assert k2.status == rc.StatusKeluarga.DIGABUNG
    p = PasanganDuplikat.objects.get(pk=d["pasangan"].pk)
    assert p.status == c.StatusPasangan.DIGABUNG and p.penyintas_id == a.pk and p.diputus_oleh == tksk_kanigaran


def test_merge_is_recorded_in_history_with_the_user_and_reason(dunia, tksk_kanigaran):
    _gabung(tksk_kanigaran, dunia)
    ev = pghistory.models.Events.objects.filter(
        Q(pgh_obj_model="pmks.Anggota", pgh_obj_id=str(dunia["b"].pk)) | Q(pgh_obj_model="bantuan.Aduan")
        | Q(pgh_obj_model="pmks.KlasifikasiPMKS")
    ).filter(pgh_context__gabung_pasangan=dunia["pasangan"].pk)
    assert {e.pgh_obj_model for e in ev} == {"pmks.Anggota", "bantuan.Aduan", "pmks.KlasifikasiPMKS"}
    assert all(e.pgh_context["user"] == tksk_kanigaran.pk for e in ev)
    assert all("NIK B salah ketik" in e.pgh_context["alasan"] for e in ev)
    # rows of models without their own history are listed on the pair (whose history holds the list)
    rincian = PasanganDuplikat.objects.get(pk=dunia["pasangan"].pk).rincian_gabung["dipindah"]
    assert rincian["bantuan.Usulan"] == [dunia["usulan"].pk]
    assert rincian["pmks.Kunjungan"] == [dunia["kunjungan"].pk]


def test_survivor_keeps_its_nik_unless_the_other_is_chosen_explicitly(dunia, tksk_kanigaran):
    nik_a, nik_b = dunia["a"].nik, dunia["b"].nik
    with pytest.raises(ValidationError, match="Pilih NIK"):
        pasangan_gabungkan(user=tksk_kanigaran, pasangan=dunia["pasangan"], penyintas_id=dunia["a"].pk, pilihan={},
                           alasan="x")
    _gabung(tksk_kanigaran, dunia, nik_dari="b", tempat_lahir=dunia["a"].pk)
    assert Anggota.objects.get(pk=dunia["a"].pk).nik == nik_b
    assert Anggota.objects.get(pk=dunia["b"].pk).nik == nik_a  # the archived record keeps the rejected NIK


def test_merging_twice_is_refused_with_a_clear_message(dunia, tksk_kanigaran):
    _gabung(tksk_kanigaran, dunia)
    dunia["pasangan"].refresh_from_db()
    with pytest.raises(ValidationError, match="sudah diputus"):
        _gabung(tksk_kanigaran, dunia)


def test_a_pair_whose_record_was_already_merged_is_refused(dunia, tksk_kanigaran):
    c3 = orang(dunia["k1"], nama="Nur Aini", lahir=date(1990, 3, 12), jk="P", tempat="")
    pindai_kota()
    lain = pasangan(dunia["b"], c3)
    assert lain is not None
    _gabung(tksk_kanigaran, dunia)
    with pytest.raises(ValidationError, match="sudah digabung dengan data lain"):
        pasangan_gabungkan(user=tksk_kanigaran, pasangan=lain, penyintas_id=c3.pk, pilihan={"nik": c3.pk},
                           alasan="x")
    lain.refresh_from_db()
    assert lain.status == c.StatusPasangan.BARU


def test_tksk_cannot_decide_a_pair_with_a_record_in_another_kecamatan(tksk_kanigaran, dinsos):
    x = keluarga(nama_kepala="Bambang Sutrisno", lahir=date(1971, 8, 3)).kepala_uji
    y = keluarga(KEL_MAYANGAN, nama_kepala="Bambang Sutrisna", lahir=date(1971, 8, 3)).kepala_uji
    pindai_kota()
    p = pasangan(x, y)
    assert not PasanganDuplikat.objects.for_user(tksk_kanigaran).filter(pk=p.pk).exists()
    with pytest.raises(PermissionDenied):
        pasangan_tandai_berbeda(user=tksk_kanigaran, pasangan=p, alasan="beda")
    assert PasanganDuplikat.objects.for_user(dinsos).filter(pk=p.pk).exists()


def test_archived_record_cannot_be_reactivated_through_the_status_form(dunia, tksk_kanigaran):
    from pmks.registri.services import anggota_ubah_status

    _gabung(tksk_kanigaran, dunia)
    b = Anggota.objects.get(pk=dunia["b"].pk)
    with pytest.raises(ValidationError, match="sudah digabung"):
        anggota_ubah_status(user=tksk_kanigaran, anggota=b, status=rc.StatusAnggota.AKTIF, alasan="x")
