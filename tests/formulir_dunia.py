"""Every create and edit form of the product, with a valid POST for each (tksk.konkurensi tests).

``FORM_BUAT`` (create views: one-time token) and ``FORM_UBAH`` (edit views: version check) are
keyed by URL name; ``POST_LAIN`` lists the other write endpoints with the reason they need
neither, and ``TANPA_TULIS`` the read-only ones. ``tests/tksk/test_formulir_lengkap.py`` walks
the URL resolver and fails for a URL name in none of them, so a new form must join a table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bantuan import choices as bc
from bantuan.models import LampiranUsulan, MonitoringBantuan, Penyaluran, ProgramBantuan, Usulan
from laporan.models import LaporanBulanan
from laporan.periode import Periode
from pmks.impor import contoh
from pmks.impor.models import Impor
from pmks.models import JenisPMKS, Keluarga, KlasifikasiPMKS
from pmks.pendampingan import choices as pc
from pmks.pendampingan.models import PSKS, Kunjungan, RencanaTindakLanjut, Rujukan
from tests.bantuan.berkas_uji import png
from tests.bantuan.conftest import buat_program, keluarga_pmks, usulan_status
from tests.conftest import KODE
from tests.factories import nik_valid, wilayah
from tests.korpus.daftar import GET_SAJA
from tests.pmks.helpers import data_form, keluarga_tiga_orang
from tests.pmks.pendampingan.test_pendampingan_bantu import kunjungan, psks, rujukan

S = bc.StatusUsulan
POLA_TOKEN = re.compile(r'name="token_formulir" value="([^"]+)"')
POLA_VERSI = re.compile(r'name="versi" value="([^"]*)"')


def token_di(html: bytes | str) -> str | None:
    teks = html.decode() if isinstance(html, bytes) else html
    m = POLA_TOKEN.search(teks)
    return m.group(1) if m else None


def versi_di(html: bytes | str) -> str | None:
    teks = html.decode() if isinstance(html, bytes) else html
    m = POLA_VERSI.search(teks)
    return m.group(1) if m else None


def isian_form(html: bytes | str, *, halaman: str, tujuan: str, nama: str) -> list[str]:
    """Values of the inputs called ``nama`` inside the ``<form>`` elements that post to ``tujuan``
    (a form without ``action`` posts to ``halaman``): the hidden field must be inside the form."""
    from html.parser import HTMLParser

    nilai: list[str] = []

    class _Pengurai(HTMLParser):
        aksi: str | None = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "form" and (a.get("method") or "").lower() == "post":
                self.aksi = a.get("action") or halaman
            elif tag == "input" and a.get("name") == nama and self.aksi == tujuan:
                nilai.append(a.get("value") or "")

        def handle_endtag(self, tag):
            if tag == "form":
                self.aksi = None

    _Pengurai().feed(html.decode() if isinstance(html, bytes) else html)
    return nilai


@dataclass(frozen=True)
class Berkas:
    """A file field value that can be sent more than once (each POST gets a fresh upload)."""

    nama: str
    isi: bytes
    tipe: str = "application/octet-stream"


def siap_kirim(data: dict) -> dict:
    return {k: SimpleUploadedFile(v.nama, v.isi, v.tipe) if isinstance(v, Berkas) else v for k, v in data.items()}


def _png() -> Berkas:
    f = png()
    return Berkas(f.name, f.read(), "image/png")


@dataclass
class Buat:
    """A create form: who posts what where, and how many records of its kind exist."""

    user: object
    halaman: str  # the page that shows the form (GET)
    url: str  # where the form posts
    data: Callable[[], dict]  # a fresh valid POST (new NIKs etc. on every call)
    hitung: Callable[[], int]
    status_tolak: int = 200  # answer to a POST without a usable token (re-rendered form)


@dataclass
class Ubah:
    """An edit form: ``data(teks)`` is a valid POST writing ``teks``; ``baca()`` reads it back."""

    user: object
    halaman: str
    url: str
    data: Callable[[str], dict]
    baca: Callable[[], str]
    tampil_ulang: bool = True  # refused → the form is shown again with the input (else redirect + message)
    bisa_lagi: bool = True  # after reloading, the second user's change can be saved
    extra: dict = field(default_factory=dict)
    tampil: Callable[[str], str] | None = None  # how typed text shows in the form (default: as typed)


def _hari_ini():
    return timezone.localdate()


# --- create forms ------------------------------------------------------------------------------
def _keluarga_tambah(p) -> Buat:
    kel = wilayah(KODE["kel_kanigaran"])
    url = reverse("pmks:keluarga_tambah")
    return Buat(p["tksk_kanigaran"], url, url, lambda: data_form(kelurahan_id=kel.pk, anggota=keluarga_tiga_orang()),
                Keluarga.objects.count)


def _kunjungan_tambah(p) -> Buat:
    k = keluarga_pmks()
    url = reverse("pmks:kunjungan_tambah", args=[k.pk])
    return Buat(p["tksk_kanigaran"], url, url, lambda: {
        "tanggal": _hari_ini().isoformat(), "jenis": pc.JenisKunjungan.ASESMEN, "catatan": "Atap bocor",
        "foto": _png(),
    }, Kunjungan.objects.count)


def _tindak_lanjut_tambah(p) -> Buat:
    k = keluarga_pmks()
    url = reverse("pmks:tindak_lanjut_tambah", args=[k.pk])
    return Buat(p["tksk_kanigaran"], url, url, lambda: {
        "uraian": "Antar ke Puskesmas", "batas_waktu": (_hari_ini() + timedelta(days=3)).isoformat(),
    }, RencanaTindakLanjut.objects.count)


def _psks_tambah(p) -> Buat:
    url = reverse("pmks:psks_tambah")
    kel = wilayah(KODE["kel_kanigaran"])
    return Buat(p["tksk_kanigaran"], url, url, lambda: {
        "nama": "Karang Taruna Uji", "jenis": pc.JenisPSKS.KARANG_TARUNA, "kelurahan": kel.pk, "aktif": "on",
    }, PSKS.objects.count)


def _rujukan_tambah(p) -> Buat:
    k = keluarga_pmks()
    url = reverse("pmks:rujukan_tambah", args=[k.pk])
    return Buat(p["tksk_kanigaran"], url, url, lambda: {
        "kategori": pc.KategoriRujukan.KESEHATAN, "tujuan_lain": "Puskesmas Kanigaran", "alasan": "BPJS PBI",
        "tanggal": _hari_ini().isoformat(),
    }, Rujukan.objects.count)


def _klasifikasi_tambah(p) -> Buat:
    k = keluarga_pmks()
    url = reverse("pmks:klasifikasi_tambah", args=[k.pk])
    jenis = JenisPMKS.objects.filter(aktif=True).exclude(singkatan="FM")
    urutan = iter(list(jenis))
    return Buat(p["tksk_kanigaran"], url, url, lambda: {
        "jenis": next(urutan).pk, "tanggal_asesmen": _hari_ini().isoformat(),
    }, KlasifikasiPMKS.objects.count)


def _permintaan_tambah(p) -> Buat:
    from pmks.models import PermintaanSubjekData

    k = keluarga_pmks()
    url = reverse("pmks:permintaan_tambah", args=[k.pk])
    return Buat(p["tksk_kanigaran"], url, url, lambda: {
        "jenis": "akses", "anggota": "", "nama_pemohon": "Budi", "uraian": "Minta salinan",
    }, PermintaanSubjekData.objects.count)


def data_program(nama: str, kode: str) -> dict:
    tahun = _hari_ini().year
    return {
        "nama": nama, "kode": kode, "jenis": bc.JenisProgram.SEMBAKO, "sumber_dana": bc.SumberDana.APBD_KOTA,
        "tahun_anggaran": tahun, "periode_mulai": f"{tahun}-01-01", "periode_selesai": f"{tahun}-12-31",
        "bentuk": bc.BentukBantuan.TUNAI, "nilai_per_penerima": 250000, "frekuensi": bc.Frekuensi.SEKALI,
        "dikelola_dinas": "on", "aktif": "on",
    }


def _program_buat(p) -> Buat:
    url = reverse("bantuan:program_buat")
    nomor = iter(range(1, 100))
    return Buat(p["dinsos"], url, url, lambda: data_program("Program Uji", f"program-uji-{next(nomor)}"),
                ProgramBantuan.objects.count)


def _usulan_buat(p) -> Buat:
    program = buat_program("usulan-form")
    url = reverse("bantuan:usulan_buat")

    def data():
        return {"keluarga": keluarga_pmks().pk, "program": program.pk, "justifikasi": "Layak dibantu"}

    return Buat(p["tksk_kanigaran"], url, url, data, Usulan.objects.count)


def _lampiran_tambah(p) -> Buat:
    u = usulan_status(buat_program("lampiran-form"), keluarga_pmks(), S.DRAFT, oleh=p["tksk_kanigaran"])
    return Buat(p["tksk_kanigaran"], reverse("bantuan:usulan_detail", args=[u.pk]),
                reverse("bantuan:lampiran_tambah", args=[u.pk]),
                lambda: {"jenis": bc.JenisLampiran.FOTO_RUMAH, "berkas": _png()},
                LampiranUsulan.objects.count, status_tolak=302)


def _penyaluran_buat(p) -> Buat:
    u = usulan_status(buat_program("salur-form"), keluarga_pmks(), S.DISETUJUI, oleh=p["tksk_kanigaran"])
    url = reverse("bantuan:penyaluran_buat", args=[u.pk])
    return Buat(p["dinsos"], url, url, lambda: {
        "tanggal": _hari_ini().isoformat(), "nilai": 250000, "diterima_oleh": "Slamet",
    }, Penyaluran.objects.count)


def _monitoring_buat(p) -> Buat:
    program = buat_program("ternak-form", bc.JenisProgram.TERNAK, bentuk=bc.BentukBantuan.NATURA)
    u = usulan_status(program, keluarga_pmks(), S.DISALURKAN, oleh=p["tksk_kanigaran"])
    url = reverse("bantuan:monitoring_buat", args=[u.pk])
    return Buat(p["tksk_kanigaran"], url, url, lambda: {"tanggal": _hari_ini().isoformat(), "ternak_hidup": 2},
                MonitoringBantuan.objects.count)


def _xlsx_registri() -> Berkas:
    from tests.pmks.impor.test_impor import keluarga

    return Berkas("impor.xlsx", contoh.tulis_xlsx(keluarga(0)))


def _impor_unggah(p) -> Buat:
    return Buat(p["tksk_kanigaran"], reverse("pmks:impor_list"), reverse("pmks:impor_unggah"),
                lambda: {"berkas": _xlsx_registri()}, Impor.objects.count, status_tolak=400)


def _bnba_unggah(p) -> Buat:
    program = buat_program("pkh-form", dikelola_dinas=False)
    tahun = _hari_ini().year
    return Buat(p["tksk_kanigaran"], reverse("bnba:impor"), reverse("bnba:unggah"), lambda: {
        "program": program.pk, "periode_mulai": f"{tahun}-01-01", "periode_selesai": f"{tahun}-03-31",
        "sumber": "BNBA PKH Tahap 1", "berkas": Berkas("bnba.xlsx", contoh.tulis_xlsx(
            [{"NIK": nik_valid(tanggal_lahir=_hari_ini().replace(year=1980)), "Nama": "Siti"}], ["NIK", "Nama"])),
    }, Impor.objects.count, status_tolak=400)


def _impor_desil_unggah(p) -> Buat:
    from tests.factories import KeluargaFactory

    k = KeluargaFactory(kelurahan=wilayah(KODE["kel_kanigaran"]))
    return Buat(p["tksk_kanigaran"], reverse("pmks:impor_desil"), reverse("pmks:impor_desil_unggah"), lambda: {
        "posisi_data": _hari_ini().isoformat(), "berkas": Berkas("desil.xlsx", contoh.tulis_xlsx(
            [{"No. KK": k.no_kk, "Desil": 3}], ["No. KK", "Desil"])),
    }, Impor.objects.count, status_tolak=400)


def _aduan_buat(p) -> Buat:
    from bantuan.models import Aduan

    url = reverse("aduan:buat")
    return Buat(p["tksk_kanigaran"], url, url, lambda: {
        "jenis": "perbaikan_data", "kategori": "data_salah", "saluran": "whatsapp",
        "tanggal_terima": _hari_ini().isoformat(), "pelapor_nama": "Pak Harun", "pelapor_telepon": "081311112222",
        "nomor": keluarga_pmks().no_kk, "uraian": "Alamat salah",
    }, Aduan.objects.count)


def _aduan_verifikasi(p) -> Buat:
    from tests.bantuan.aduan.helpers import aduan_baru

    aduan = aduan_baru(p["tksk_kanigaran"])
    url = reverse("aduan:verifikasi", args=[aduan.pk])
    return Buat(p["tksk_kanigaran"], url, url, lambda: {"tanggal": _hari_ini().isoformat(), "hasil": "Sesuai"},
                Kunjungan.objects.count)


def _aduan_lampiran(p) -> Buat:
    from bantuan.models import LampiranAduan
    from tests.bantuan.aduan.helpers import aduan_baru

    aduan = aduan_baru(p["tksk_kanigaran"])
    return Buat(p["tksk_kanigaran"], reverse("aduan:detail", args=[aduan.pk]),
                reverse("aduan:lampiran_tambah", args=[aduan.pk]), lambda: {"jenis": "ktp_kk", "berkas": _png()},
                LampiranAduan.objects.count, status_tolak=302)

def _data_insiden(judul: str) -> dict:
    jam = timezone.localtime() - timedelta(hours=2)  # just after midnight WIB this is yesterday
    return {
        "judul": judul, "ditemukan_pada": jam.strftime("%Y-%m-%dT%H:%M"), "terjadi_sejak": jam.date().isoformat(),
        "uraian": "Berkas ekspor terkirim ke grup yang salah.", "data_terdampak": "NIK, nama",
        "jumlah_keluarga": "3",
    }


def _kebocoran_baru(p) -> Buat:
    from pmks.models import InsidenKebocoran

    url = reverse("pmks:kebocoran_baru")
    return Buat(p["admin"], url, url, lambda: _data_insiden("Kebocoran uji"), InsidenKebocoran.objects.count)


FORM_BUAT: dict[str, Callable[[dict], Buat]] = {
    "pmks:kebocoran_baru": _kebocoran_baru,
    "pmks:keluarga_tambah": _keluarga_tambah,
    "pmks:kunjungan_tambah": _kunjungan_tambah,
    "pmks:tindak_lanjut_tambah": _tindak_lanjut_tambah,
    "pmks:psks_tambah": _psks_tambah,
    "pmks:rujukan_tambah": _rujukan_tambah,
    "pmks:klasifikasi_tambah": _klasifikasi_tambah,
    "pmks:permintaan_tambah": _permintaan_tambah,
    "pmks:impor_unggah": _impor_unggah,
    "bantuan:program_buat": _program_buat,
    "bantuan:usulan_buat": _usulan_buat,
    "bantuan:lampiran_tambah": _lampiran_tambah,
    "bantuan:penyaluran_buat": _penyaluran_buat,
    "bantuan:monitoring_buat": _monitoring_buat,
    "bnba:unggah": _bnba_unggah,
    "pmks:impor_desil_unggah": _impor_desil_unggah,
    "aduan:buat": _aduan_buat,
    "aduan:verifikasi": _aduan_verifikasi,
    "aduan:lampiran_tambah": _aduan_lampiran,
}


# --- edit forms --------------------------------------------------------------------------------
def _keluarga_ubah(p) -> Ubah:
    k = keluarga_pmks()
    kepala = k.anggota.get()
    baris = {
        "id": str(kepala.pk), "nik": kepala.nik, "nama": kepala.nama, "tempat_lahir": kepala.tempat_lahir,
        "tanggal_lahir": kepala.tanggal_lahir.isoformat(), "jenis_kelamin": kepala.jenis_kelamin,
        "hubungan": "kepala", "status_perkawinan": kepala.status_perkawinan, "pendidikan": "", "pekerjaan": "",
        "disabilitas": "tidak_ada", "alasan_konfirmasi_nik": "",
    }

    def data(teks):
        d = data_form(kelurahan_id=k.kelurahan_id, anggota=[baris], awal=1, alamat=teks)
        d.pop("no_kk")
        return d

    url = reverse("pmks:keluarga_ubah", args=[k.pk])
    return Ubah(p["tksk_kanigaran"], url, url, data, lambda: Keluarga.objects.get(pk=k.pk).alamat)


def _kunjungan_ubah(p) -> Ubah:
    kj = kunjungan(keluarga_pmks(), tanggal=_hari_ini(), oleh=p["tksk_kanigaran"])
    url = reverse("pmks:kunjungan_ubah", args=[kj.pk])
    return Ubah(p["tksk_kanigaran"], url, url, lambda teks: {
        "tanggal": _hari_ini().isoformat(), "jenis": pc.JenisKunjungan.ASESMEN, "catatan": teks,
    }, lambda: Kunjungan.objects.get(pk=kj.pk).catatan)


def _usulan_ubah(p) -> Ubah:
    u = usulan_status(buat_program("ubah-form"), keluarga_pmks(), S.DRAFT, oleh=p["tksk_kanigaran"])
    url = reverse("bantuan:usulan_ubah", args=[u.pk])
    return Ubah(p["tksk_kanigaran"], url, url, lambda teks: {"justifikasi": teks},
                lambda: Usulan.objects.get(pk=u.pk).justifikasi)


def _program_ubah(p) -> Ubah:
    program = buat_program("program-ubah")
    url = reverse("bantuan:program_ubah", args=[program.pk])
    return Ubah(p["dinsos"], url, url, lambda teks: data_program(teks, "program-ubah"),
                lambda: ProgramBantuan.objects.get(pk=program.pk).nama)


def _psks_ubah(p) -> Ubah:
    obj = psks(wilayah(KODE["kel_kanigaran"]), oleh=p["tksk_kanigaran"])
    url = reverse("pmks:psks_ubah", args=[obj.pk])
    return Ubah(p["tksk_kanigaran"], url, url, lambda teks: {
        "nama": teks, "jenis": obj.jenis, "kelurahan": obj.kelurahan_id, "aktif": "on",
    }, lambda: PSKS.objects.get(pk=obj.pk).nama)


def _rujukan_status(p) -> Ubah:
    rj = rujukan(keluarga_pmks(), oleh=p["tksk_kanigaran"])
    langkah = {"A": pc.StatusRujukan.DITERIMA}

    def data(teks):
        # The first save moves dikirim → diterima; the stale second one tries diterima → selesai.
        return {"status": langkah.pop("A", pc.StatusRujukan.SELESAI), "hasil": teks}

    return Ubah(p["tksk_kanigaran"], reverse("pmks:rujukan_detail", args=[rj.pk]),
                reverse("pmks:rujukan_status", args=[rj.pk]), data, lambda: Rujukan.objects.get(pk=rj.pk).hasil,
                tampil_ulang=False)


def _narasi(p) -> Ubah:
    periode = Periode.bulan_ini().sebelumnya
    kec = wilayah(KODE["kanigaran"])
    dasar = f"/laporan/{kec.kode}/{periode.teks}/"

    def baca():
        lap = LaporanBulanan.objects.filter(kecamatan=kec, periode=periode.awal).first()
        return lap.kondisi_sosial if lap else ""

    return Ubah(p["tksk_kanigaran"], dasar, f"{dasar}narasi/", lambda teks: {
        "kondisi_sosial": teks, "kendala": "", "rencana_tindak_lanjut": "",
    }, baca)


def _penerima_ubah(p) -> Ubah:
    u = usulan_status(buat_program("penerima-form"), keluarga_pmks(), S.DISETUJUI, oleh=p["tksk_kanigaran"])
    url = reverse("bantuan:penerima_ubah", args=[u.pk])
    return Ubah(p["dinsos"], url, url, lambda teks: {"alasan": bc.AlasanNonaktif.PINDAH, "keterangan": teks},
                lambda: Usulan.objects.get(pk=u.pk).keterangan_nonaktif, bisa_lagi=False)


def _notifikasi_kanal(p) -> Ubah:
    """The profile's channels: the typed text goes into the e-mail address (``tampil``)."""
    from tksk.models import Pengguna

    user, url, asal = p["tksk_kanigaran"], reverse("notifikasi:kanal"), {}

    def surel(teks: str) -> str:
        return f"{teks.lower().replace(' ', '.')}@contoh.id"

    def data(teks: str) -> dict:
        asal[surel(teks)] = teks
        return {"kanal": ["email"], "email": surel(teks)}

    def baca() -> str:
        email = Pengguna.objects.get(pk=user.pk).email
        return asal.get(email, email)

    return Ubah(user, url, url, data, baca, tampil=surel)


def _kebocoran_ubah(p) -> Ubah:
    from pmks.models import InsidenKebocoran

    obj = InsidenKebocoran.objects.create(
        judul="Awal", ditemukan_pada=timezone.now() - timedelta(hours=1),
        terjadi_sejak=(timezone.localtime() - timedelta(hours=1)).date(), uraian="x",
        data_terdampak="NIK", dicatat_oleh=p["admin"],
    )
    url = reverse("pmks:kebocoran_ubah", args=[obj.pk])
    return Ubah(p["admin"], url, url, _data_insiden, lambda: InsidenKebocoran.objects.get(pk=obj.pk).judul)


FORM_UBAH: dict[str, Callable[[dict], Ubah]] = {
    "pmks:kebocoran_ubah": _kebocoran_ubah,
    "notifikasi:kanal": _notifikasi_kanal,
    "pmks:keluarga_ubah": _keluarga_ubah,
    "pmks:kunjungan_ubah": _kunjungan_ubah,
    "pmks:psks_ubah": _psks_ubah,
    "pmks:rujukan_status": _rujukan_status,
    "bantuan:usulan_ubah": _usulan_ubah,
    "bantuan:program_ubah": _program_ubah,
    "bantuan:penerima_ubah": _penerima_ubah,
    "laporan:narasi": _narasi,
}

# Other write endpoints: each is a guarded status transition or a one-shot action whose repeat is
# refused by its own rule, so neither a token nor a version adds anything.
POST_LAIN: dict[str, str] = {
    "bantuan:tanda_desil_putuskan": "transition map bantuan.choices.TRANSISI_TANDA_DESIL: a decided flag is refused",
    "pmks:keluarga_status": "transition map pmks.registri.choices.TRANSISI; the household version is bumped",
    "pmks:keluarga_ganti_kk": "a repeat is refused (same No. KK); the household version is bumped",
    "pmks:klasifikasi_cabut": "refused when already revoked",
    "pmks:persetujuan_tarik": "refused when the household's consent is already withdrawn (one row per household)",
    "pmks:permintaan_selesaikan": "transition map pmks.registri.choices.TRANSISI_PERMINTAAN (bumps versi)",
    "pmks:permintaan_tolak": "transition map pmks.registri.choices.TRANSISI_PERMINTAAN",
    "pmks:anggota_status": "refused when the member already has that status; household version bumped",
    "pmks:anggota_pindah": "refused when the member already moved; household version bumped",
    "pmks:tindak_lanjut_selesai": "refused unless the follow-up is still open",
    "pmks:impor_konfirmasi": "status guard: an import is saved once",
    "pmks:ganda_berbeda": "transition map pmks.ganda.choices.TRANSISI: a pair is decided once",
    "pmks:ganda_gabungkan": "transition map pmks.ganda.choices.TRANSISI under row locks: a pair is merged once",
    "pmks:ganda_pindai": "queueing lock per kab/kota: a repeat queues nothing new; the scan is idempotent",
    "pmks:impor_batal": "status guard",
    "pmks:impor_ulangi": "status guard",
    "bantuan:usulan_aksi": "transition map bantuan.choices.TRANSISI (bumps the proposal version)",
    "bantuan:usulan_massal": "per-proposal transitions, each guarded by TRANSISI",
    "laporan:ajukan": "transition map laporan.choices.TRANSISI (bumps the report version)",
    "laporan:terima": "transition map",
    "laporan:rekap_susun": "status guard + queueing lock per recap: a repeat while one is queued is refused",
    "laporan:kembalikan": "transition map",
    "aduan:putuskan": "transition map bantuan.aduan.choices.TRANSISI (bumps the complaint version)",
    "aduan:tindak_lanjut": "transition map",
    "aduan:selesai": "transition map",
    "aduan:alihkan": "refused when already assigned to that TKSK or closed",
    "aduan:eskalasi": "refused when already escalated or closed",
    "notifikasi:baca": "marks the user's own notification read: a repeat changes nothing",
    "notifikasi:baca_semua": "marks the user's unread notifications read: a repeat changes nothing",
    "logout": "Django auth",
    "login": "Django auth",
    "password_change": "Django auth",
    "password_reset": "Django auth",
    "password_reset_confirm": "Django auth",
    # offline sync (pmks/luring/): once per outbox UUID made on the phone (TokenFormulir.luring); the edit
    # also carries the downloaded versi and answers 409 with the server's values when it moved
    "luring:kirim_kunjungan": "idempotent by the outbox item's UUID (tksk.konkurensi.token_luring_pakai)",
    "luring:kirim_keluarga_baru": "idempotent by the outbox item's UUID (tksk.konkurensi.token_luring_pakai)",
    "luring:kirim_keluarga_ubah": "the downloaded versi (409 with both sides) and the outbox item's UUID",
}

# The read-only URLs: one list, the corpus's (a new GET page is added there), plus Django's auth
# pages the corpus leaves out of its own walk.
TANPA_TULIS: set[str] = GET_SAJA | {"password_change_done", "password_reset_done", "password_reset_complete"}
