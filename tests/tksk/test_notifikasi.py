"""The notification API: one notification per event, in the caller's transaction, extra channels queued."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core import mail
from django.db import connection, transaction
from procrastinate.contrib.django.models import ProcrastinateJob

from bantuan import choices as c
from bantuan.services import usulan as bantuan_services
from laporan import services as laporan_services
from laporan.models import LaporanBulanan, StatusLaporan
from laporan.periode import Periode
from tests.bantuan.conftest import buat_program, keluarga_pmks, usulan_status
from tksk.models import Notifikasi, PreferensiNotifikasi
from tksk.notifikasi import (
    beri_tahu,
    jumlah_belum_dibaca,
    notifikasi_kirim,
    notifikasi_tandai_dibaca,
    notifikasi_tandai_semua_dibaca,
)

pytestmark = pytest.mark.django_db


def _pilih_email(user, alamat="tksk@contoh.id"):
    user.email = alamat
    user.save(update_fields=["email"])
    PreferensiNotifikasi.objects.update_or_create(pengguna=user, defaults={"kanal": ["email"]})


def test_same_event_notifies_a_user_exactly_once(tksk_kanigaran):
    pertama = beri_tahu(tksk_kanigaran, "usulan_disetujui", "Usulan #1 disetujui", "/bantuan/usulan/1/", kunci="u:1")
    kedua = beri_tahu(tksk_kanigaran, "usulan_disetujui", "Usulan #1 disetujui", "/bantuan/usulan/1/", kunci="u:1")
    assert pertama is not None and kedua is None
    assert Notifikasi.objects.filter(penerima=tksk_kanigaran).count() == 1


def test_same_event_notifies_each_recipient_once(tksk_kanigaran, dinsos):
    for user in (tksk_kanigaran, dinsos, tksk_kanigaran):
        beri_tahu(user, "aduan_terlambat", "Aduan terlambat", "/", kunci="aduan:7:terlambat")
    assert Notifikasi.objects.count() == 2


def test_a_duplicate_does_not_break_the_callers_transaction(tksk_kanigaran):
    with transaction.atomic():
        beri_tahu(tksk_kanigaran, "impor_selesai", "Impor selesai", "/", kunci="impor:1:selesai")
        beri_tahu(tksk_kanigaran, "impor_selesai", "Impor selesai", "/", kunci="impor:1:selesai")
        Notifikasi.objects.count()  # the transaction is still usable (no IntegrityError raised inside)
    assert Notifikasi.objects.count() == 1


def test_rolled_back_status_change_leaves_no_notification_and_no_job(tksk_kanigaran):
    _pilih_email(tksk_kanigaran)

    class Gagal(Exception):
        pass

    with pytest.raises(Gagal), transaction.atomic():
        beri_tahu(tksk_kanigaran, "usulan_ditolak", "Ditolak", "/", kunci="u:2:ditolak")
        raise Gagal
    assert not Notifikasi.objects.exists()
    assert not ProcrastinateJob.objects.filter(task_name="tksk.kirim_notifikasi").exists()


def test_concurrent_calls_for_one_event_create_one_notification(transactional_db, tksk_kanigaran):
    mulai = threading.Barrier(4)
    hasil = []

    def panggil():
        try:
            mulai.wait()
            with transaction.atomic():
                hasil.append(beri_tahu(tksk_kanigaran, "laporan_diterima", "Diterima", "/", kunci="laporan:1"))
        finally:
            connection.close()

    utas = [threading.Thread(target=panggil) for _ in range(4)]
    for t in utas:
        t.start()
    for t in utas:
        t.join()
    assert Notifikasi.objects.filter(kunci="laporan:1").count() == 1
    assert sum(1 for h in hasil if h is not None) == 1


def test_unknown_kind_or_external_url_is_a_programming_error(tksk_kanigaran):
    with pytest.raises(ValueError):
        beri_tahu(tksk_kanigaran, "tidak_ada", "x", "/", kunci="k")
    with pytest.raises(ValueError):
        beri_tahu(tksk_kanigaran, "impor_selesai", "x", "https://jahat.example/", kunci="k")
    with pytest.raises(ValueError):
        beri_tahu(tksk_kanigaran, "impor_selesai", "x", "//jahat.example/", kunci="k")
    with pytest.raises(ValueError):
        beri_tahu(tksk_kanigaran, "impor_selesai", "x", "/", kunci="")
    assert beri_tahu(None, "impor_selesai", "x", "/", kunci="k") is None


def test_long_title_is_cut_to_the_column(tksk_kanigaran):
    n = beri_tahu(tksk_kanigaran, "impor_selesai", "a" * 500, "/", kunci="panjang")
    assert len(n.judul) == 200 and n.judul.endswith("…")


def test_email_delivery_is_queued_only_for_users_who_chose_it(tksk_kanigaran, tksk_mayangan):
    _pilih_email(tksk_kanigaran)
    tksk_mayangan.email = "mayangan@contoh.id"
    tksk_mayangan.save()
    n = beri_tahu(tksk_kanigaran, "usulan_disetujui", "Disetujui", "/x/", kunci="e:1")
    beri_tahu(tksk_mayangan, "usulan_disetujui", "Disetujui", "/x/", kunci="e:1")  # did not choose e-mail
    jobs = ProcrastinateJob.objects.filter(task_name="tksk.kirim_notifikasi")
    assert [j.args for j in jobs] == [{"notifikasi_id": n.pk, "kanal": "email"}]
    assert mail.outbox == []  # nothing is sent in the request


def test_email_channel_without_an_address_is_skipped(tksk_kanigaran):
    PreferensiNotifikasi.objects.create(pengguna=tksk_kanigaran, kanal=["email"])
    tksk_kanigaran.email = ""
    tksk_kanigaran.save()
    beri_tahu(tksk_kanigaran, "usulan_disetujui", "Disetujui", "/x/", kunci="e:2")
    assert not ProcrastinateJob.objects.filter(task_name="tksk.kirim_notifikasi").exists()


def test_delivery_sends_one_mail_even_when_the_job_runs_twice(tksk_kanigaran, settings):
    settings.SIDAMPING_ALAMAT_SITUS = "https://sidamping.contoh.id"
    _pilih_email(tksk_kanigaran)
    n = beri_tahu(tksk_kanigaran, "laporan_dikembalikan", "Laporan dikembalikan", "/laporan/x/", kunci="e:3")
    assert notifikasi_kirim(notifikasi_id=n.pk, kanal="email") is True
    assert notifikasi_kirim(notifikasi_id=n.pk, kanal="email") is False
    assert len(mail.outbox) == 1
    surat = mail.outbox[0]
    assert surat.to == ["tksk@contoh.id"] and "Laporan dikembalikan" in surat.subject
    assert "https://sidamping.contoh.id/laporan/x/" in surat.body


def test_unread_count_is_one_bounded_query(tksk_kanigaran, django_assert_num_queries):
    for i in range(120):
        beri_tahu(tksk_kanigaran, "impor_selesai", f"Impor {i}", "/", kunci=f"hitung:{i}")
    with django_assert_num_queries(1):
        assert jumlah_belum_dibaca(tksk_kanigaran) == 100  # shown as "99+"


def test_marking_read_touches_only_the_recipients_own(tksk_kanigaran, tksk_mayangan):
    milik_kanigaran = beri_tahu(tksk_kanigaran, "impor_selesai", "A", "/", kunci="m:1")
    beri_tahu(tksk_mayangan, "impor_selesai", "B", "/", kunci="m:1")
    with pytest.raises(Notifikasi.DoesNotExist):
        notifikasi_tandai_dibaca(pengguna=tksk_mayangan, pk=milik_kanigaran.pk)
    assert notifikasi_tandai_semua_dibaca(pengguna=tksk_mayangan) == 1
    assert jumlah_belum_dibaca(tksk_kanigaran) == 1
    assert notifikasi_tandai_dibaca(pengguna=tksk_kanigaran, pk=milik_kanigaran.pk).sudah_dibaca
    assert jumlah_belum_dibaca(tksk_kanigaran) == 0


# --- hooks in the services --------------------------------------------------------------------------
@pytest.fixture
def sembako(db):
    return buat_program("sembako-notif", c.JenisProgram.SEMBAKO, frekuensi=c.Frekuensi.BULANAN)


@pytest.mark.parametrize(
    ("verba", "jenis"),
    [("setujui", "usulan_disetujui"), ("tolak", "usulan_ditolak"), ("kembalikan", "usulan_dikembalikan")],
)
def test_proposer_is_notified_of_the_decision_once(sembako, tksk_kanigaran, dinsos, verba, jenis):
    u = usulan_status(sembako, keluarga_pmks(), c.StatusUsulan.DIVERIFIKASI, oleh=tksk_kanigaran)
    layanan = {
        "setujui": lambda: bantuan_services.usulan_setujui(usulan=u, oleh=dinsos),
        "tolak": lambda: bantuan_services.usulan_tolak(usulan=u, oleh=dinsos, alasan="Tidak memenuhi syarat"),
        "kembalikan": lambda: bantuan_services.usulan_kembalikan(usulan=u, oleh=dinsos, catatan="Lengkapi foto"),
    }[verba]
    layanan()
    n = Notifikasi.objects.get(penerima=tksk_kanigaran)
    assert n.jenis == jenis and n.url == f"/bantuan/usulan/{u.pk}/" and f"#{u.pk}" in n.judul
    assert not Notifikasi.objects.filter(penerima=dinsos).exists()


def test_proposal_returned_twice_notifies_twice(sembako, tksk_kanigaran, dinsos):
    u = usulan_status(sembako, keluarga_pmks(), c.StatusUsulan.DIAJUKAN, oleh=tksk_kanigaran)
    bantuan_services.usulan_kembalikan(usulan=u, oleh=dinsos, catatan="Lengkapi foto")
    bantuan_services.usulan_ajukan(usulan=u, oleh=tksk_kanigaran)
    bantuan_services.usulan_kembalikan(usulan=u, oleh=dinsos, catatan="Foto buram")
    assert Notifikasi.objects.filter(penerima=tksk_kanigaran, jenis="usulan_dikembalikan").count() == 2


def test_submitting_or_verifying_notifies_nobody(sembako, tksk_kanigaran, dinsos):
    u = usulan_status(sembako, keluarga_pmks(), c.StatusUsulan.DRAFT, oleh=tksk_kanigaran)
    bantuan_services.usulan_ajukan(usulan=u, oleh=tksk_kanigaran)
    bantuan_services.usulan_verifikasi(usulan=u, oleh=dinsos)
    assert not Notifikasi.objects.exists()


@pytest.mark.parametrize(("verba", "jenis"), [("terima", "laporan_diterima"), ("kembalikan", "laporan_dikembalikan")])
def test_report_writer_is_notified_when_accepted_or_returned(kec_kanigaran, tksk_kanigaran, dinsos, verba, jenis):
    LaporanBulanan.objects.create(
        kecamatan=kec_kanigaran, periode=date(2026, 10, 1), status=StatusLaporan.DIAJUKAN, penyusun=tksk_kanigaran
    )
    periode = Periode.dari_teks("2026-10")
    if verba == "terima":
        laporan_services.laporan_terima(kecamatan=kec_kanigaran, periode=periode, oleh=dinsos)
    else:
        laporan_services.laporan_kembalikan(kecamatan=kec_kanigaran, periode=periode, oleh=dinsos, catatan="Lengkapi")
    n = Notifikasi.objects.get(penerima=tksk_kanigaran)
    assert n.jenis == jenis and n.url == f"/laporan/{kec_kanigaran.kode}/2026-10/"
