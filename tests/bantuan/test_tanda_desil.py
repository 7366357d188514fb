"""Eligibility drift: a new desil above the programme's maximum flags an active recipient exactly once,
Dinas Sosial decides with a reason (lanjutkan / nonaktifkan), the household page, the queue and the
monthly report show it, and "belum terjangkau" reads the newest desil."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bantuan import choices as c
from bantuan.cakupan import belum_terjangkau
from bantuan.models import RiwayatStatusUsulan, TandaDesil
from bantuan.selectors import tanda_desil_per_kelurahan
from bantuan.services.desil import tanda_desil_putuskan
from laporan.bagian import Lingkup
from laporan.bagian import desil as bagian_desil
from laporan.periode import Periode
from tests.bantuan.conftest import buat_program, keluarga_pmks, usulan_status
from tests.pmks.impor.test_impor_desil import baris, impor_desil, periksa

pytestmark = pytest.mark.django_db

BARU = date(2025, 11, 1)


@pytest.fixture(autouse=True)
def berkas_privat(settings, tmp_path):
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path)


@pytest.fixture
def penerima(tksk_kanigaran):
    """An active recipient (desil 3) of a programme for desil 1–4, and one of a programme without limit."""
    k = keluarga_pmks(desil=3)
    terbatas = usulan_status(buat_program("sembako-d4", desil_maksimum=4), k, c.StatusUsulan.DISETUJUI,
                             oleh=tksk_kanigaran)
    bebas = usulan_status(buat_program("bebas-desil"), k, c.StatusUsulan.DISALURKAN, oleh=tksk_kanigaran)
    return k, terbatas, bebas


def _naik(user, k, desil=7, posisi=BARU):
    return impor_desil(user, [baris(k, desil, posisi=posisi)])


def test_a_new_desil_above_the_range_flags_the_active_recipient_exactly_once(tksk_kanigaran, penerima):
    k, terbatas, bebas = penerima
    pratinjau = periksa(tksk_kanigaran, [baris(k, 7, posisi=BARU)])
    assert pratinjau.ringkasan["penerima_ditandai"] == 1 and not TandaDesil.objects.exists()
    impor = _naik(tksk_kanigaran, k)
    assert impor.ringkasan["penerima_ditandai"] == 1
    tanda = TandaDesil.objects.get()
    assert (tanda.usulan, tanda.desil_lama, tanda.desil_baru, tanda.desil_maksimum, tanda.status) == (
        terbatas, 3, 7, 4, c.StatusTandaDesil.TERBUKA)
    # the same file again, and a newer position with the same value: no new flag
    _naik(tksk_kanigaran, k)
    _naik(tksk_kanigaran, k, posisi=date(2025, 12, 1))
    assert TandaDesil.objects.count() == 1
    terbatas.refresh_from_db()
    assert terbatas.status_penerima == c.StatusPenerima.AKTIF  # never silently dropped


def test_desil_within_the_range_or_an_inactive_recipient_raises_no_flag(tksk_kanigaran, dinsos, penerima):
    k, terbatas, _ = penerima
    _naik(tksk_kanigaran, k, desil=4)
    assert not TandaDesil.objects.exists()
    terbatas.status_penerima = c.StatusPenerima.NONAKTIF
    terbatas.save()
    _naik(tksk_kanigaran, k, desil=9, posisi=date(2025, 12, 1))
    assert not TandaDesil.objects.exists()


def test_a_later_move_to_another_desil_is_a_new_position_and_a_new_flag(tksk_kanigaran, penerima):
    k, _, _ = penerima
    _naik(tksk_kanigaran, k, desil=7)
    _naik(tksk_kanigaran, k, desil=9, posisi=date(2025, 12, 1))
    assert sorted(TandaDesil.objects.values_list("desil_baru", flat=True)) == [7, 9]


def test_dinsos_continues_with_a_reason(tksk_kanigaran, dinsos, penerima):
    k, terbatas, _ = penerima
    _naik(tksk_kanigaran, k)
    tanda = TandaDesil.objects.get()
    with pytest.raises(ValidationError):
        tanda_desil_putuskan(tanda=tanda, oleh=dinsos, keputusan="lanjutkan", alasan="  ")
    tanda_desil_putuskan(tanda=tanda, oleh=dinsos, keputusan="lanjutkan", alasan="Verifikasi lapangan: masih miskin")
    tanda.refresh_from_db()
    terbatas.refresh_from_db()
    assert (tanda.status, tanda.diputuskan_oleh, terbatas.status_penerima) == (
        c.StatusTandaDesil.DILANJUTKAN, dinsos, c.StatusPenerima.AKTIF)
    assert tanda.pgh_event_model.objects.filter(pgh_obj_id=tanda.pk).count() >= 2  # history of the flag
    with pytest.raises(ValidationError, match="sudah diputuskan"):
        tanda_desil_putuskan(tanda=tanda, oleh=dinsos, keputusan="nonaktifkan", alasan="Berubah pikiran")


def test_dinsos_deactivates_through_the_recipient_service_with_history(tksk_kanigaran, dinsos, penerima):
    k, terbatas, _ = penerima
    _naik(tksk_kanigaran, k)
    tanda = TandaDesil.objects.get()
    tanda_desil_putuskan(tanda=tanda, oleh=dinsos, keputusan="nonaktifkan", alasan="Desil 7 menurut DTSEN")
    terbatas.refresh_from_db()
    assert (terbatas.status_penerima, terbatas.alasan_nonaktif) == (c.StatusPenerima.NONAKTIF,
                                                                    c.AlasanNonaktif.TIDAK_MEMENUHI)
    assert "Desil 7 menurut DTSEN" in terbatas.keterangan_nonaktif
    assert RiwayatStatusUsulan.objects.filter(usulan=terbatas, catatan__contains="dinonaktifkan").exists()


@pytest.mark.parametrize("persona", ["tksk_kanigaran", "pejabat_kota"])
def test_tksk_and_pejabat_cannot_decide(persona, personas, tksk_kanigaran, penerima):
    k, _, _ = penerima
    _naik(tksk_kanigaran, k)
    tanda = TandaDesil.objects.get()
    with pytest.raises(PermissionDenied):
        tanda_desil_putuskan(tanda=tanda, oleh=personas[persona], keputusan="lanjutkan", alasan="Saya kira masih layak")
    tanda.refresh_from_db()
    assert tanda.status == c.StatusTandaDesil.TERBUKA


def test_queue_page_decides_and_is_scoped(client, tksk_kanigaran, tksk_mayangan, dinsos, penerima):
    k, _, _ = penerima
    _naik(tksk_kanigaran, k)
    tanda = TandaDesil.objects.get()
    client.force_login(tksk_mayangan)
    assert f'data-testid="tanda-{tanda.pk}"' not in client.get("/bantuan/tanda-desil/").content.decode()
    client.force_login(tksk_kanigaran)
    html = client.get("/bantuan/tanda-desil/").content.decode()
    assert f'data-testid="tanda-{tanda.pk}"' in html and f'data-testid="putuskan-{tanda.pk}"' not in html
    assert client.post(f"/bantuan/tanda-desil/{tanda.pk}/putuskan/",
                       {"keputusan": "lanjutkan", "alasan": "x"}).status_code == 403
    client.force_login(dinsos)
    assert f'data-testid="putuskan-{tanda.pk}"' in client.get("/bantuan/tanda-desil/").content.decode()
    assert client.post(f"/bantuan/tanda-desil/{tanda.pk}/putuskan/", {"keputusan": "lanjutkan"}).status_code == 400
    resp = client.post(f"/bantuan/tanda-desil/{tanda.pk}/putuskan/", {"keputusan": "lanjutkan", "alasan": "Layak"})
    assert resp.status_code == 302
    tanda.refresh_from_db()
    assert tanda.status == c.StatusTandaDesil.DILANJUTKAN


def test_household_page_shows_the_flag(client, tksk_kanigaran, penerima):
    k, _, _ = penerima
    _naik(tksk_kanigaran, k)
    client.force_login(tksk_kanigaran)
    html = client.get(f"/pmks/keluarga/{k.pk}/").content.decode()
    assert 'data-testid="daftar-tanda-desil"' in html and "Tidak lagi memenuhi syarat desil" in html


def test_monthly_report_counts_flags_from_the_one_selector(tksk_kanigaran, dinsos, penerima, kec_kanigaran):
    k, _, _ = penerima
    _naik(tksk_kanigaran, k)
    periode = Periode.dari_tanggal(timezone.localdate())
    hasil = tanda_desil_per_kelurahan(kelurahan_ids=[k.kelurahan_id], mulai=periode.mulai, selesai=periode.selesai)
    assert hasil[k.kelurahan_id] == {"ditandai": 1, "dilanjutkan": 0, "dinonaktifkan": 0, "terbuka": 1}
    tanda_desil_putuskan(tanda=TandaDesil.objects.get(), oleh=dinsos, keputusan="nonaktifkan", alasan="DTSEN")
    bagian = bagian_desil.bangun(Lingkup.untuk(wilayah=kec_kanigaran, periode=periode))
    total = bagian["tabel"][0]["total"]
    assert (total["ditandai"], total["dinonaktifkan"], total["terbuka"]) == (1, 1, 0)
    sebelumnya = periode.sebelumnya
    lalu = tanda_desil_per_kelurahan(kelurahan_ids=[k.kelurahan_id], mulai=sebelumnya.mulai,
                                     selesai=sebelumnya.selesai)
    assert not lalu


def test_belum_terjangkau_reads_the_newest_desil(tksk_kanigaran):
    buat_program("fm-d4", desil_maksimum=4)
    k = keluarga_pmks(desil=None)
    impor_desil(tksk_kanigaran, [baris(k, 2, posisi=date(2025, 6, 1))])
    assert k.pk in set(belum_terjangkau(user=tksk_kanigaran).values_list("pk", flat=True))
    impor_desil(tksk_kanigaran, [baris(k, 8, posisi=BARU)])
    assert k.pk not in set(belum_terjangkau(user=tksk_kanigaran).values_list("pk", flat=True))
    impor_desil(tksk_kanigaran, [baris(k, 1, posisi=date(2025, 1, 1))])  # older: the newest still decides
    assert k.pk not in set(belum_terjangkau(user=tksk_kanigaran).values_list("pk", flat=True))


def test_a_desil_typed_on_the_registry_form_flags_the_recipient_too(client, tksk_kanigaran, penerima):
    from tests.korpus.daftar import data_keluarga_ubah
    from tests.simpan_aman import versi_kini

    k, terbatas, _ = penerima
    data = data_keluarga_ubah(k)
    data.update(desil="6", sumber_desil="Estimasi TKSK", tanggal_desil=timezone.localdate().isoformat(),
                versi=versi_kini(k))
    client.force_login(tksk_kanigaran)
    assert client.post(f"/pmks/keluarga/{k.pk}/ubah/", data).status_code == 302
    tanda = TandaDesil.objects.get()
    assert (tanda.usulan, tanda.desil_lama, tanda.desil_baru, tanda.riwayat_desil.sumber) == (terbatas, 3, 6, "lokal")
