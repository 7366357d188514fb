"""URL × role matrix for bantuan (tests/akses.py). Out of area → 404; read-only write → 403."""

from __future__ import annotations

import pytest

from bantuan import choices as c
from bantuan.services import penyaluran as penyaluran_svc
from bantuan.services import usulan as usulan_svc
from tests.akses import Kasus, kombinasi, periksa, semua
from tests.conftest import KODE

from .berkas_uji import jpeg, png
from .conftest import TAHUN, buat_program, keluarga_pmks, usulan_status

S = c.StatusUsulan

# Read a kanigaran object: everyone in area 200, TKSK Mayangan 404 (pejabat_kanigaran sees it).
BACA_KANIGARAN = semua(200, tksk_mayangan=404)
BACA_MAYANGAN = semua(200, tksk_kanigaran=404, pejabat_kanigaran=404)
PEJABAT_403 = {"pejabat_kota": 403, "pejabat_kanigaran": 403}
KELOLA_POST = semua(403, dinsos=302, admin=302)
VERIFIKASI_POST = semua(302, tksk_kanigaran=403, tksk_mayangan=404, **PEJABAT_403)


def data_program(*, kode: str, nama: str, jenis: str = c.JenisProgram.SEMBAKO) -> dict:
    return {
        "nama": nama, "kode": kode, "jenis": jenis, "sumber_dana": c.SumberDana.APBD_KOTA,
        "tahun_anggaran": str(TAHUN), "periode_mulai": f"{TAHUN}-01-01", "periode_selesai": f"{TAHUN}-12-31",
        "bentuk": c.BentukBantuan.TUNAI, "nilai_per_penerima": "1500000", "frekuensi": c.Frekuensi.SEKALI,
        "aktif": "on",
    }


KASUS = [
    Kasus("usulan_list", lambda d: "/bantuan/", semua(200)),
    Kasus("program_list", lambda d: "/bantuan/program/", semua(200)),
    Kasus("program_detail", lambda d: f"/bantuan/program/{d['program'].pk}/", semua(200)),
    Kasus("program_buat", lambda d: "/bantuan/program/baru/", semua(403, dinsos=200, admin=200)),
    Kasus(
        "program_buat_post", lambda d: "/bantuan/program/baru/", KELOLA_POST, method="post",
        data=lambda d: data_program(kode="akses-baru", nama="Program Baru"),
    ),
    Kasus("program_ubah", lambda d: f"/bantuan/program/{d['program'].pk}/ubah/", semua(403, dinsos=200, admin=200)),
    Kasus(
        "program_ubah_post", lambda d: f"/bantuan/program/{d['program'].pk}/ubah/", KELOLA_POST, method="post",
        versi_dari=lambda d: d['program'],
        data=lambda d: data_program(kode=d["program"].kode, nama=d["program"].nama, jenis=c.JenisProgram.TERNAK),
    ),
    Kasus(
        "usulan_buat", lambda d: "/bantuan/usulan/baru/",
        semua(403, tksk_kanigaran=200, tksk_mayangan=200, admin=200),
    ),
    Kasus(
        "usulan_buat_keluarga_kanigaran", lambda d: f"/bantuan/usulan/baru/?keluarga={d['kel_kan'].pk}",
        semua(403, tksk_kanigaran=200, tksk_mayangan=404, admin=200),
    ),
    Kasus(
        "usulan_buat_post", lambda d: "/bantuan/usulan/baru/",
        # TKSK Mayangan cannot choose a Kanigaran household: the form re-renders with the error
        semua(403, tksk_kanigaran=302, tksk_mayangan=200, admin=302), method="post",
        data=lambda d: {"keluarga": d["kel_kan"].pk, "program": d["program_lain"].pk, "justifikasi": "Lansia sendiri"},
    ),
    Kasus(
        "usulan_peringatan",
        lambda d: f"/bantuan/usulan/peringatan/?keluarga={d['kel_kan'].pk}&program={d['program'].pk}",
        semua(200),
    ),
    Kasus("usulan_detail_kanigaran", lambda d: f"/bantuan/usulan/{d['diajukan'].pk}/", BACA_KANIGARAN),
    Kasus("usulan_detail_mayangan", lambda d: f"/bantuan/usulan/{d['mayangan'].pk}/", BACA_MAYANGAN),
    Kasus(
        "usulan_ubah_draft", lambda d: f"/bantuan/usulan/{d['draft'].pk}/ubah/",
        semua(403, tksk_kanigaran=200, tksk_mayangan=404, admin=200),
    ),
    Kasus(
        "usulan_ubah_draft_post", lambda d: f"/bantuan/usulan/{d['draft'].pk}/ubah/",
        semua(403, tksk_kanigaran=302, tksk_mayangan=404, admin=302), method="post",
        versi_dari=lambda d: d['draft'],
        data=lambda d: {"justifikasi": "Diperbarui", "kandang_tersedia": "ya", "sumber_pakan": "Rumput"},
    ),
    Kasus(
        "usulan_verifikasi", lambda d: f"/bantuan/usulan/{d['diajukan'].pk}/verifikasi/",
        semua(302, tksk_kanigaran=403, tksk_mayangan=404, **PEJABAT_403), method="post",
    ),
    Kasus(
        "usulan_ajukan_draft", lambda d: f"/bantuan/usulan/{d['draft'].pk}/ajukan/",
        semua(403, tksk_kanigaran=302, tksk_mayangan=404, admin=302), method="post",
    ),
    # Every verb of usulan_aksi, POST: role before status (a role that may never take the action: 403
    # whatever the status; an allowed role at the wrong status: 302 with a message).
    Kasus(
        "usulan_ajukan_sudah_diajukan", lambda d: f"/bantuan/usulan/{d['diajukan'].pk}/ajukan/",
        semua(403, tksk_kanigaran=302, tksk_mayangan=404, admin=302), method="post",
    ),
    Kasus(
        "usulan_verifikasi_draft", lambda d: f"/bantuan/usulan/{d['draft'].pk}/verifikasi/",
        semua(302, tksk_kanigaran=403, tksk_mayangan=404, **PEJABAT_403), method="post",
    ),
    Kasus(
        "usulan_setujui", lambda d: f"/bantuan/usulan/{d['diverifikasi'].pk}/setujui/",
        semua(302, tksk_kanigaran=403, tksk_mayangan=404, **PEJABAT_403), method="post",
    ),
    Kasus(
        "usulan_setujui_belum_diverifikasi", lambda d: f"/bantuan/usulan/{d['diajukan'].pk}/setujui/",
        semua(302, tksk_kanigaran=403, tksk_mayangan=404, **PEJABAT_403), method="post",
    ),
    Kasus(
        "usulan_tolak", lambda d: f"/bantuan/usulan/{d['diajukan'].pk}/tolak/",
        semua(302, tksk_kanigaran=403, tksk_mayangan=404, **PEJABAT_403), method="post",
        data=lambda d: {"catatan": "Tidak memenuhi syarat"},
    ),
    Kasus(
        "usulan_kembalikan", lambda d: f"/bantuan/usulan/{d['diajukan'].pk}/kembalikan/",
        semua(302, tksk_kanigaran=403, tksk_mayangan=404, **PEJABAT_403), method="post",
        data=lambda d: {"catatan": "Lengkapi foto"},
    ),
    Kasus(
        "usulan_batalkan_draft", lambda d: f"/bantuan/usulan/{d['draft'].pk}/batalkan/",
        semua(403, tksk_kanigaran=302, tksk_mayangan=404, admin=302), method="post",
        data=lambda d: {"catatan": "Pindah"},
    ),
    Kasus(
        "usulan_batalkan_disetujui", lambda d: f"/bantuan/usulan/{d['disetujui'].pk}/batalkan/",
        semua(302, tksk_kanigaran=403, tksk_mayangan=404, **PEJABAT_403), method="post",
        data=lambda d: {"catatan": "Pindah"},
    ),
    Kasus(
        "usulan_aksi_tidak_dikenal", lambda d: f"/bantuan/usulan/{d['draft'].pk}/hapus/",
        semua(404), method="post",
    ),
    Kasus(
        "usulan_massal", lambda d: "/bantuan/usulan/massal/",
        semua(403, dinsos=302, admin=302), method="post",
        data=lambda d: {"usulan": [d["diverifikasi"].pk], "aksi": "setujui"},
    ),
    Kasus(
        "usulan_massal_tolak_mayangan", lambda d: "/bantuan/usulan/massal/",
        semua(403, dinsos=302, admin=302), method="post",
        data=lambda d: {"usulan": [d["mayangan"].pk], "aksi": "tolak", "catatan": "x"},
    ),
    Kasus("surat_usulan", lambda d: f"/bantuan/usulan/{d['diajukan'].pk}/surat/", BACA_KANIGARAN),
    Kasus(
        "surat_kolektif", lambda d: f"/bantuan/usulan/surat/?usulan={d['diajukan'].pk}&usulan={d['draft'].pk}",
        BACA_KANIGARAN,
    ),
    Kasus(
        "lampiran_tambah", lambda d: f"/bantuan/usulan/{d['draft'].pk}/lampiran/",
        semua(302, tksk_mayangan=404, **PEJABAT_403), method="post",
        data=lambda d: {"jenis": "foto_rumah", "berkas": png()},
    ),
    Kasus("lampiran_unduh", lambda d: f"/bantuan/lampiran/{d['lampiran'].pk}/", BACA_KANIGARAN),
    Kasus(
        "penyaluran_buat", lambda d: f"/bantuan/usulan/{d['disetujui'].pk}/penyaluran/",
        semua(200, tksk_mayangan=404, **PEJABAT_403),
    ),
    # README: a TKSK records the handover (and its evidence) in the field, like Dinas Sosial.
    Kasus(
        "penyaluran_buat_post", lambda d: f"/bantuan/usulan/{d['disetujui'].pk}/penyaluran/",
        semua(302, tksk_mayangan=404, **PEJABAT_403), method="post",
        data=lambda d: {"tanggal": str(d["program"].periode_mulai), "nilai": "1500000", "diterima_oleh": "Siti"},
    ),
    Kasus("penyaluran_foto", lambda d: f"/bantuan/penyaluran/{d['penyaluran'].pk}/foto/", BACA_KANIGARAN),
    Kasus(
        "monitoring_buat", lambda d: f"/bantuan/usulan/{d['disalurkan'].pk}/monitoring/",
        semua(200, tksk_mayangan=404, **PEJABAT_403),
    ),
    Kasus(
        "monitoring_buat_post", lambda d: f"/bantuan/usulan/{d['disalurkan'].pk}/monitoring/",
        semua(302, tksk_mayangan=404, **PEJABAT_403), method="post",
        data=lambda d: {"tanggal": str(d["program"].periode_mulai), "ternak_hidup": "2", "catatan": "Sehat"},
    ),
    Kasus(
        "penerima_ubah", lambda d: f"/bantuan/usulan/{d['disetujui'].pk}/penerima/",
        semua(403, dinsos=200, admin=200, tksk_mayangan=404),
    ),
    Kasus(
        "penerima_ubah_post", lambda d: f"/bantuan/usulan/{d['disetujui'].pk}/penerima/",
        semua(403, dinsos=302, admin=302, tksk_mayangan=404), method="post",
        versi_dari=lambda d: d['disetujui'],
        data=lambda d: {"alasan": "pindah", "keterangan": "Pindah ke Malang"},
    ),
    Kasus("tumpang_tindih", lambda d: "/bantuan/tumpang-tindih/", semua(200)),
    Kasus("belum_terjangkau", lambda d: "/bantuan/belum-terjangkau/", semua(200)),
]


@pytest.fixture
def dunia(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tksk = personas["tksk_kanigaran"]
    program = buat_program("akses-sembako", c.JenisProgram.TERNAK)
    kel_kan = keluarga_pmks()
    d = {"program": program, "kel_kan": kel_kan, "program_lain": buat_program("akses-lain")}
    d["draft"] = usulan_status(program, kel_kan, S.DRAFT, oleh=tksk)
    d["diajukan"] = usulan_status(program, keluarga_pmks(), S.DIAJUKAN, oleh=tksk)
    d["diverifikasi"] = usulan_status(program, keluarga_pmks(), S.DIVERIFIKASI, oleh=tksk)
    d["disetujui"] = usulan_status(program, keluarga_pmks(), S.DISETUJUI, oleh=tksk)
    d["disalurkan"] = usulan_status(program, keluarga_pmks(), S.DISETUJUI, oleh=tksk)
    d["penyaluran"] = penyaluran_svc.penyaluran_catat(
        usulan=d["disalurkan"], oleh=personas["dinsos"], tanggal=program.periode_mulai, diterima_oleh="Siti",
        foto_bukti=jpeg(),
    )
    d["mayangan"] = usulan_status(
        program, keluarga_pmks(KODE["kel_mayangan"]), S.DIAJUKAN, oleh=personas["tksk_mayangan"]
    )
    d["lampiran"] = usulan_svc.lampiran_tambah(usulan=d["diajukan"], oleh=tksk, berkas=png(), jenis="foto_rumah")
    return d


@pytest.mark.django_db
@pytest.mark.parametrize(("kasus", "persona"), kombinasi(KASUS))
def test_url_answers_each_role_as_designed(client, personas, dunia, kasus, persona):
    periksa(client, kasus, persona, personas, dunia)
