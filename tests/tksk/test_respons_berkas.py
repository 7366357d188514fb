"""Every file response of the app (issue #10: 4, 19a): one helper builds them all, each carries
nosniff, its own ``Content-Security-Policy: sandbox``, no-store and an RFC 6266/5987 name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bantuan import choices as c
from bantuan.services import penyaluran as penyaluran_svc
from bantuan.services import usulan as usulan_svc
from laporan.periode import Periode
from pmks.impor import contoh
from pmks.impor import services as impor_services
from pmks.pendampingan import services as pendampingan
from tests.bantuan.berkas_uji import jpeg, pdf, png
from tests.bantuan.conftest import buat_program, keluarga_pmks, usulan_status
from tests.pmks.impor.test_impor import keluarga as baris_keluarga
from tests.pmks.pendampingan.test_pendampingan_bantu import foto_uji

pytestmark = pytest.mark.django_db
BULAN = Periode(timezone.localdate().replace(day=1)).teks

# (name, url, persona, inline?) — every URL that answers with a file.
UNDUHAN = [
    ("foto_kunjungan", lambda d: f"/pmks/pendampingan/foto/{d['foto'].pk}/", "tksk_kanigaran", True),
    ("lampiran_unduh_foto", lambda d: f"/bantuan/lampiran/{d['lampiran_foto'].pk}/", "tksk_kanigaran", True),
    ("lampiran_unduh_pdf", lambda d: f"/bantuan/lampiran/{d['lampiran_pdf'].pk}/", "dinsos", False),
    ("penyaluran_foto", lambda d: f"/bantuan/penyaluran/{d['penyaluran'].pk}/foto/", "pejabat_kota", True),
    ("surat_usulan", lambda d: f"/bantuan/usulan/{d['usulan'].pk}/surat/", "pejabat_kanigaran", False),
    ("surat_usulan_kolektif", lambda d: f"/bantuan/usulan/surat/?usulan={d['usulan'].pk}", "dinsos", False),
    ("impor_templat", lambda d: "/pmks/impor/templat.xlsx", "tksk_kanigaran", False),
    ("impor_berkas", lambda d: f"/pmks/impor/{d['impor'].pk}/berkas/", "tksk_kanigaran", False),
    ("impor_laporan_galat", lambda d: f"/pmks/impor/{d['impor'].pk}/laporan-galat.xlsx", "tksk_kanigaran", False),
    ("ekspor_keluarga_xlsx", lambda d: "/pmks/ekspor/keluarga.xlsx", "dinsos", False),
    ("ekspor_anggota_csv", lambda d: "/pmks/ekspor/anggota.csv", "pejabat_kota", False),
    ("laporan_unduh_pdf", lambda d: f"/laporan/35.74.04/{BULAN}/unduh.pdf", "tksk_kanigaran", False),
    ("laporan_unduh_xlsx", lambda d: f"/laporan/35.74.04/{BULAN}/unduh.xlsx", "pejabat_kanigaran", False),
    ("rekap_unduh_pdf", lambda d: f"/laporan/rekap/35.74/{BULAN}/unduh.pdf", "dinsos", False),
    ("rekap_unduh_xlsx", lambda d: f"/laporan/rekap/35.74/{BULAN}/unduh.xlsx", "pejabat_kota", False),
]


@pytest.fixture
def dunia(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path / "privat")
    tksk, dinsos = personas["tksk_kanigaran"], personas["dinsos"]
    program = buat_program("unduh-sembako", c.JenisProgram.SEMBAKO)
    kel = keluarga_pmks()
    usulan = usulan_status(program, kel, c.StatusUsulan.DISETUJUI, oleh=tksk)
    kj = pendampingan.kunjungan_catat(oleh=tksk, keluarga=[kel], tanggal=timezone.localdate(), jenis="asesmen",
                                      foto=[foto_uji()])
    buruk = baris_keluarga(0)
    buruk[0]["Kelurahan"] = "Atlantis"
    impor = impor_services.impor_buat(user=tksk, berkas=SimpleUploadedFile("dâta wärga.xlsx",
                                                                            contoh.tulis_xlsx(buruk)))
    impor_services.impor_periksa(impor_id=impor.pk)
    return {
        "usulan": usulan, "foto": kj.foto.get(), "impor": impor,
        "lampiran_foto": usulan_svc.lampiran_tambah(usulan=usulan, oleh=tksk, berkas=png(), jenis="foto_rumah"),
        "lampiran_pdf": usulan_svc.lampiran_tambah(usulan=usulan, oleh=tksk, berkas=pdf(), jenis="berita_acara"),
        "penyaluran": penyaluran_svc.penyaluran_catat(usulan=usulan, oleh=dinsos, tanggal=program.periode_mulai,
                                           diterima_oleh="Siti", foto_bukti=jpeg()),
    }


@pytest.mark.parametrize("nama,url,persona,inline", UNDUHAN, ids=[u[0] for u in UNDUHAN])
def test_every_file_response_has_nosniff_sandbox_no_store_and_a_safe_name(client, personas, dunia, nama, url,
                                                                          persona, inline):
    client.force_login(personas[persona])
    resp = client.get(url(dunia))
    assert resp.status_code == 200, nama
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Content-Security-Policy"] == "sandbox"  # its own, whatever the page CSP middleware sets
    assert resp["Cache-Control"] == "private, no-store"
    disposisi = resp["Content-Disposition"]
    assert re.fullmatch(r'(inline|attachment); (filename="[^"\\\r\n]+"|filename\*=utf-8\'\'[A-Za-z0-9%._~-]+)',
                        disposisi), disposisi
    assert disposisi.startswith("inline" if inline else "attachment")
    assert not resp["Content-Type"].startswith(("text/html", "image/svg"))


def test_error_report_of_a_non_ascii_file_name_is_named_per_rfc_5987(client, dunia, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    resp = client.get(f"/pmks/impor/{dunia['impor'].pk}/laporan-galat.xlsx")
    assert resp["Content-Disposition"] == "attachment; filename*=utf-8''galat-d%C3%A2ta%20w%C3%A4rga.xlsx"
    asli = client.get(f"/pmks/impor/{dunia['impor'].pk}/berkas/")
    assert asli["Content-Disposition"] == "attachment; filename*=utf-8''d%C3%A2ta%20w%C3%A4rga.xlsx"
    assert asli["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_csv_import_is_served_back_as_a_csv_download(client, tksk_kanigaran, settings, tmp_path):
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path)
    csv = b"No. KK;NIK;Nama\n<html><script>alert(1)</script>;x;y\n"
    impor = impor_services.impor_buat(user=tksk_kanigaran, berkas=SimpleUploadedFile("data.csv", csv))
    client.force_login(tksk_kanigaran)
    resp = client.get(f"/pmks/impor/{impor.pk}/berkas/")
    assert resp["Content-Type"] == "text/csv; charset=utf-8"
    assert resp["Content-Disposition"] == 'attachment; filename="data.csv"'
    assert resp["Content-Security-Policy"] == "sandbox"


KODE_APLIKASI = ("tksk", "pmks", "bantuan", "laporan", "config")


def test_no_view_builds_a_file_response_by_hand():
    """Every file response goes through tksk.berkas (respons_berkas / respons_unduhan): a hand-made
    one would miss nosniff, the sandbox or the RFC 5987 name."""
    akar = Path(settings.BASE_DIR)
    pola = re.compile(r"FileResponse\(|StreamingHttpResponse\(|Content-Disposition|as_attachment")
    pelanggar = [
        f"{p.relative_to(akar)}:{i}"
        for app in KODE_APLIKASI for p in (akar / app).rglob("*.py")
        if p != akar / "tksk" / "berkas.py" and "migrations" not in p.parts
        for i, baris in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pola.search(baris)
    ]
    assert pelanggar == []
