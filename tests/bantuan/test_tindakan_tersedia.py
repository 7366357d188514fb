"""The detail page offers exactly what the services accept: for every status × role the buttons
drawn from ``tindakan_tersedia`` equal the verbs whose service call succeeds, so the two cannot drift."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bantuan import choices as c
from bantuan.models import Usulan
from bantuan.services import penerima as penerima_svc
from bantuan.services import penyaluran as penyaluran_svc
from bantuan.services import usulan as usulan_svc

from .berkas_uji import pdf
from .conftest import TAHUN, usulan_status

S = c.StatusUsulan
pytestmark = pytest.mark.django_db
PERSONA = ["tksk_kanigaran", "dinsos", "pejabat_kota", "admin"]

LAYANAN = {
    "ajukan": lambda u, o: usulan_svc.usulan_ajukan(usulan=u, oleh=o, catatan="uji"),
    "verifikasi": lambda u, o: usulan_svc.usulan_verifikasi(usulan=u, oleh=o, catatan="uji"),
    "setujui": lambda u, o: usulan_svc.usulan_setujui(usulan=u, oleh=o, catatan="uji"),
    "kembalikan": lambda u, o: usulan_svc.usulan_kembalikan(usulan=u, oleh=o, catatan="Lengkapi foto"),
    "tolak": lambda u, o: usulan_svc.usulan_tolak(usulan=u, oleh=o, alasan="Tidak memenuhi"),
    "batalkan": lambda u, o: usulan_svc.usulan_batalkan(usulan=u, oleh=o, alasan="Pindah"),
    "ubah": lambda u, o: usulan_svc.usulan_ubah(usulan=u, oleh=o, versi=u.versi, justifikasi="Diperbaiki"),
    "lampiran": lambda u, o: usulan_svc.lampiran_tambah(usulan=u, oleh=o, berkas=pdf(), jenis=c.JenisLampiran.DOKUMEN),
    "penyaluran": lambda u, o: penyaluran_svc.penyaluran_catat(
        usulan=u, oleh=o, tanggal=min(timezone.localdate(), date(TAHUN, 12, 31)), diterima_oleh="Siti"
    ),
    "monitoring": lambda u, o: penyaluran_svc.monitoring_catat(
        usulan=u, oleh=o, tanggal=timezone.localdate(), ternak_hidup=2
    ),
    "penerima": lambda u, o: penerima_svc.penerima_nonaktifkan(
        usulan=u, oleh=o, versi=u.versi, alasan=c.AlasanNonaktif.MENINGGAL, keterangan="Wafat"
    ),
}


class _Batal(Exception):
    """Rolls the attempt back: every verb is tried on the same, unchanged proposal."""


def diterima_layanan(usulan: Usulan, user) -> set[str]:
    hasil = set()
    for verba, fungsi in LAYANAN.items():
        try:
            with transaction.atomic():
                fungsi(Usulan.objects.get(pk=usulan.pk), user)
                raise _Batal
        except _Batal:
            hasil.add(verba)
        except (ValidationError, PermissionDenied):
            pass
    return hasil


def tombol_di_halaman(client, user, usulan: Usulan) -> set[str]:
    client.force_login(user)
    html = client.get(reverse("bantuan:usulan_detail", kwargs={"pk": usulan.pk})).content.decode()
    tampil = set(re.findall(r'data-testid="aksi-(\w+)"', html)) & set(usulan_svc.VERBA_STATUS)
    tautan = {
        "ubah": "bantuan:usulan_ubah", "lampiran": "bantuan:lampiran_tambah", "penyaluran": "bantuan:penyaluran_buat",
        "monitoring": "bantuan:monitoring_buat", "penerima": "bantuan:penerima_ubah",
    }
    for verba, nama in tautan.items():
        if f'"{reverse(nama, kwargs={"pk": usulan.pk})}"' in html:
            tampil.add(verba)
    return tampil


@pytest.mark.parametrize("persona", PERSONA)
@pytest.mark.parametrize("status", S.values)
@pytest.mark.parametrize("program", ["sembako", "ternak"])
def test_buttons_shown_equal_the_verbs_the_services_accept(request, client, personas, keluarga, program, status,
                                                           persona):
    user = personas[persona]
    u = usulan_status(request.getfixturevalue(program), keluarga, status, oleh=personas["tksk_kanigaran"])
    tersedia = usulan_svc.tindakan_tersedia(user, u)
    assert tombol_di_halaman(client, user, u) == tersedia
    assert diterima_layanan(u, user) == tersedia


def test_a_one_off_aid_already_delivered_offers_no_second_delivery(client, dinsos, tksk_kanigaran, ternak, keluarga):
    u = usulan_status(ternak, keluarga, S.DISETUJUI, oleh=tksk_kanigaran)
    LAYANAN["penyaluran"](u, dinsos)
    u.refresh_from_db()
    assert u.status == S.DISALURKAN
    assert "penyaluran" not in usulan_svc.tindakan_tersedia(dinsos, u)
    assert "penyaluran" not in diterima_layanan(u, dinsos)
    assert "monitoring" in tombol_di_halaman(client, dinsos, u)


def test_other_kecamatan_tksk_is_offered_nothing(tksk_mayangan, tksk_kanigaran, sembako, keluarga):
    u = usulan_status(sembako, keluarga, S.DRAFT, oleh=tksk_kanigaran)
    assert usulan_svc.tindakan_tersedia(tksk_mayangan, u) == set()
    assert diterima_layanan(u, tksk_mayangan) == set()


@pytest.mark.parametrize("persona,status,harapan", [
    ("tksk_kanigaran", S.DRAFT, {"ajukan", "batalkan", "ubah", "lampiran"}),
    ("dinsos", S.DIVERIFIKASI, {"setujui", "tolak", "kembalikan", "batalkan", "lampiran"}),
    ("dinsos", S.DISETUJUI, {"batalkan", "lampiran", "penyaluran", "penerima"}),
    ("tksk_kanigaran", S.DISALURKAN, {"lampiran", "penyaluran", "monitoring"}),
    ("pejabat_kota", S.DIAJUKAN, set()),
])
def test_what_each_role_is_offered_reads_like_the_roles_table(client, personas, ternak, keluarga, persona, status,
                                                              harapan):
    u = usulan_status(ternak, keluarga, status, oleh=personas["tksk_kanigaran"])
    assert tombol_di_halaman(client, personas[persona], u) == harapan
