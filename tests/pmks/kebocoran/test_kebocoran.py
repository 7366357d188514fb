"""The administrator's data-breach checklist (#15, UU PDP art. 46): who to tell within 3 × 24 hours,
what to write, the incident record with its 72-hour clock, and what the access log shows."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from pmks.kebocoran import services
from pmks.models import AksesData, InsidenKebocoran, JenisAkses
from tests.factories import KeluargaFactory
from tests.simpan_aman import dengan_token

WIB = ZoneInfo("Asia/Jakarta")
DITEMUKAN = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)


def _insiden(admin, **lain) -> InsidenKebocoran:
    isian = {"judul": "Akun TKSK dipakai orang lain", "ditemukan_pada": DITEMUKAN, "terjadi_sejak": date(2026, 10, 28),
             "uraian": "Sandi dibagikan.", "data_terdampak": "NIK, alamat", "jumlah_keluarga": 7,
             "dicatat_oleh": admin, **lain}
    return InsidenKebocoran.objects.create(**isian)


def _waktu(dt: datetime) -> str:
    return dt.astimezone(WIB).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.django_db
def test_the_checklist_names_the_three_parties_the_72_hours_and_what_to_write(client, admin_user):
    client.force_login(admin_user)
    teks = client.get(reverse("pmks:kebocoran_list")).content.decode()
    for kata in ("3 × 24 jam", "subjek data pribadi", "Komdigi/Kominfo", "Kepala Dinas Sosial",
                 "data pribadi yang terungkap", "kapan dan\n        bagaimana", "penanganan dan pemulihan"):
        assert kata in teks, kata
    assert reverse("pmks:akses_list") in teks


@pytest.mark.django_db
def test_only_the_administrator_may_open_or_record_incidents(client, dinsos, tksk_kanigaran, pejabat_kota):
    for user in (dinsos, tksk_kanigaran, pejabat_kota):
        client.force_login(user)
        assert client.get(reverse("pmks:kebocoran_list")).status_code == 403
        assert client.post(reverse("pmks:kebocoran_baru"), {"judul": "x"}).status_code == 403
    assert not InsidenKebocoran.objects.exists()


@pytest.mark.django_db
def test_recording_an_incident_starts_the_72_hour_clock_from_its_discovery(client, admin_user):
    client.force_login(admin_user)
    ditemukan = timezone.localtime().replace(second=0, microsecond=0) - timedelta(hours=10)
    url = reverse("pmks:kebocoran_baru")
    resp = client.post(url, dengan_token(admin_user, url, {
        "judul": "Daftar penerima tersebar", "ditemukan_pada": _waktu(ditemukan),
        "terjadi_sejak": ditemukan.date().isoformat(), "uraian": "Berkas ekspor dikirim ke grup WA yang salah.",
        "data_terdampak": "NIK, nama, alamat", "jumlah_keluarga": "40",
    }))
    insiden = InsidenKebocoran.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("pmks:kebocoran_detail", args=[insiden.pk])
    assert insiden.tenggat == ditemukan + timedelta(hours=72)
    halaman = client.get(resp["Location"]).content.decode()
    assert "Sisa 61 jam" in halaman or "Sisa 62 jam" in halaman
    assert (ditemukan + timedelta(hours=72)).strftime("%d-%m-%Y %H:%M") in halaman


@pytest.mark.django_db
def test_the_clock_counts_down_then_marks_each_party_on_time_late_or_overdue(admin_user):
    insiden = _insiden(admin_user, diberitahu_kepala_dinas_pada=DITEMUKAN + timedelta(hours=1))
    jam = services.jam_72(insiden, sekarang=DITEMUKAN + timedelta(hours=70))
    assert not jam.lewat and jam.sisa == timedelta(hours=2)
    assert {p.pihak: (p.tepat_waktu, p.terlambat_sekarang) for p in jam.pihak} == {
        "subjek": (None, False), "otoritas": (None, False), "kepala_dinas": (True, False),
    }
    insiden.diberitahu_otoritas_pada = DITEMUKAN + timedelta(hours=73)  # one hour late
    jam = services.jam_72(insiden, sekarang=DITEMUKAN + timedelta(hours=80))
    assert jam.lewat and jam.sisa_jam == 8
    status = {p.pihak: (p.tepat_waktu, p.terlambat_sekarang) for p in jam.pihak}
    assert status["otoritas"] == (False, False)
    assert status["subjek"] == (None, True)  # still not told, deadline passed
    assert not jam.semua_diberitahu


@pytest.mark.django_db
def test_a_notice_before_the_discovery_or_in_the_future_is_refused_and_nothing_changes(client, admin_user):
    insiden = _insiden(admin_user)
    client.force_login(admin_user)
    url = reverse("pmks:kebocoran_ubah", args=[insiden.pk])
    dasar = {"judul": insiden.judul, "ditemukan_pada": _waktu(DITEMUKAN), "terjadi_sejak": "2026-10-28",
             "uraian": "x", "data_terdampak": "NIK", "jumlah_keluarga": "7", "versi": "0"}
    for kolom, nilai in (
        ("diberitahu_subjek_pada", _waktu(DITEMUKAN - timedelta(hours=1))),
        ("diberitahu_otoritas_pada", _waktu(timezone.now() + timedelta(days=2))),
        ("terjadi_sampai", "2026-10-01"),
    ):
        resp = client.post(url, {**dasar, kolom: nilai})
        assert resp.status_code == 200, kolom
        assert resp.context["form"].errors.get(kolom), kolom
    insiden.refresh_from_db()
    assert insiden.diberitahu_subjek_pada is None and insiden.versi == 0


@pytest.mark.django_db
def test_recording_the_notices_and_closing_releases_the_retention_hold(client, admin_user):
    insiden = _insiden(admin_user)
    assert InsidenKebocoran.objects.ditahan_sejak() == date(2026, 10, 28)
    client.force_login(admin_user)
    url = reverse("pmks:kebocoran_ubah", args=[insiden.pk])
    resp = client.post(url, {
        "judul": insiden.judul, "ditemukan_pada": _waktu(DITEMUKAN), "terjadi_sejak": "2026-10-28", "uraian": "x",
        "data_terdampak": "NIK", "jumlah_keluarga": "7", "versi": "0", "penanganan": "Sandi diganti.",
        "diberitahu_subjek_pada": _waktu(DITEMUKAN + timedelta(hours=30)),
        "diberitahu_otoritas_pada": _waktu(DITEMUKAN + timedelta(hours=40)),
        "diberitahu_kepala_dinas_pada": _waktu(DITEMUKAN + timedelta(hours=1)),
        "ditutup_pada": _waktu(DITEMUKAN + timedelta(days=5)),
    })
    assert resp.status_code == 302
    insiden.refresh_from_db()
    assert services.jam_72(insiden).semua_diberitahu
    riwayat = client.get(reverse("pmks:kebocoran_detail", args=[insiden.pk])).context["riwayat"]
    assert riwayat[0].aksi == "diubah" and "lembaga PDP diberi tahu pada" in riwayat[0].kolom
    assert riwayat[-1].aksi == "dicatat"
    assert all(p.tepat_waktu for p in services.jam_72(insiden).pihak)
    assert InsidenKebocoran.objects.ditahan_sejak() is None


@pytest.fixture
def log_periode(db, admin_user, tksk_kanigaran, dinsos):
    """Access-log rows: 3 inside the incident's period by two users over two households, 1 outside."""
    k1, k2 = KeluargaFactory(), KeluargaFactory()
    dalam = datetime(2026, 10, 30, 10, 0, tzinfo=WIB)
    baris = ((tksk_kanigaran, k1, JenisAkses.LIHAT_KELUARGA), (tksk_kanigaran, k2, JenisAkses.TAMPIL_NOMOR),
             (dinsos, k1, JenisAkses.LIHAT_KELUARGA))
    for user, keluarga, jenis in baris:
        AksesData.objects.create(oleh=user, jenis=jenis, keluarga=keluarga, wilayah_id=keluarga.kelurahan_id,
                                 pada=dalam)
    AksesData.objects.create(oleh=dinsos, jenis=JenisAkses.EKSPOR, pada=datetime(2026, 9, 1, 10, 0, tzinfo=WIB))
    return _insiden(admin_user, terjadi_sampai=date(2026, 11, 1))


def test_the_incident_page_summarises_the_access_log_of_its_period(client, admin_user, log_periode):
    client.force_login(admin_user)
    resp = client.get(reverse("pmks:kebocoran_detail", args=[log_periode.pk]))
    r = resp.context["ringkasan"]
    assert (r.baris, r.keluarga, r.pengguna) == (3, 2, 2)
    assert r.per_pengguna[0] == ("tksk.kanigaran", 2, 2)
    assert resp.context["url_akses"] == reverse("pmks:akses_list") + "?dari=2026-10-28&sampai=2026-11-01"
    # the link opens the existing access-log page with exactly those rows
    assert client.get(resp.context["url_akses"]).context["page_obj"].paginator.count == 3


def test_the_summary_narrows_to_one_user_and_links_the_filtered_log(client, admin_user, log_periode):
    client.force_login(admin_user)
    resp = client.get(reverse("pmks:kebocoran_detail", args=[log_periode.pk]),
                      {"oleh": "dinsos", "dari": "2026-09-01", "sampai": "2026-11-01"})
    r = resp.context["ringkasan"]
    assert (r.baris, r.keluarga, r.pengguna) == (2, 1, 1)
    assert "oleh=dinsos" in resp.context["url_akses"]
    assert client.get(resp.context["url_akses"]).context["page_obj"].paginator.count == 2


@pytest.mark.parametrize("param", ["oleh", "dari", "sampai"])
@pytest.mark.parametrize("nilai", ["\x00", "9" * 40, "2026-13-45", "x" * 2000, "0001-01-01"])
def test_hostile_summary_filters_never_fail_the_page(client, admin_user, log_periode, param, nilai):
    client.force_login(admin_user)
    resp = client.get(reverse("pmks:kebocoran_detail", args=[log_periode.pk]), {param: nilai})
    assert resp.status_code == 200
