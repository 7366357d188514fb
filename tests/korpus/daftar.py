"""The registry of the bad-input corpus: every POST view of the product, and every GET-only one.

One ``Formulir`` per POST view (several when one view has variants, e.g. the six proposal verbs).
Adding a view = one entry here: its URL name, a URL builder, the persona that may use it, a
valid base payload (the corpus checks it IS accepted), and which fields are numeric / date /
text / NIK-like / choice / photo / document / spreadsheet. The corpus then sends each hostile
value of each field's kind, one field at a time, on top of the valid payload.

Known defects (issue #10) are listed in ``cacat.py`` (case id → item): those cases run as strict
xfails, so a fix turns them into failures and the id must go. ``lewati`` (and ``LEWATI_TABEL``)
mark cases that must not even run on this branch (they would take the test process down).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bantuan import choices as c
from pmks.models import JenisPMKS, Keluarga
from tests import masukan_jahat as mj
from tests.bantuan.berkas_uji import jpeg, png
from tests.bantuan.conftest import TAHUN
from tests.factories import PASSWORD, no_kk_valid
from tests.pmks.helpers import data_form, keluarga_tiga_orang

from .dunia import PERIODE_DIAJUKAN, PERIODE_DRAF, Dunia, xlsx_sah

# --- Hostile values per kind of field ----------------------------------------------------------
ANGKA = ("angka_raksasa", "angka_negatif")
DESIMAL = (*ANGKA, "bukan_angka")  # "NaN" only means something to decimal/float parsing
TANGGAL = ("tanggal_purba", "tanggal_jauh", "tanggal_rusak", "tanggal_null")
TEKS = ("null", "teks_100kb")
NOMOR = ("lebar_penuh", "arab_india", "null")
PILIHAN = ("angka_raksasa", "null")
GAMBAR = ("teks_sebagai_jpg", "svg_berskrip", "png_bom", "pdf_asli", "exe")
DOKUMEN = ("teks_sebagai_jpg", "svg_berskrip", "png_bom", "pdf_palsu", "exe")
TABEL = (
    "xlsx_sel_jauh", "xlsx_sel_z1000000", "xlsx_kolom_jauh", "xlsx_baris_jauh", "csv_sampah", "xlsx_rusak",
    "png_sebagai_xlsx", "exe", "csv_nama_null", "csv_nik_lebar_penuh",
)

@cache
def _bom() -> bytes:
    return mj.png_bom().read()  # 144 MP; compressing it takes ~2 s, so once per run


BERKAS: dict[str, Callable] = {
    "teks_sebagai_jpg": mj.teks_sebagai_jpg,
    "svg_berskrip": mj.svg_berskrip,
    "png_bom": lambda: SimpleUploadedFile("bom.png", _bom(), content_type="image/png"),
    "pdf_asli": mj.pdf_asli,
    "pdf_palsu": mj.pdf_palsu,
    "exe": mj.exe,
    "xlsx_sel_jauh": lambda: mj.xlsx_sel_jauh("XFD1048576"),
    "xlsx_sel_z1000000": lambda: mj.xlsx_sel_jauh("Z1000000"),
    "xlsx_kolom_jauh": lambda: mj.xlsx_sel_jauh("CZ2", judul=("No. KK", "NIK", "Nama")),  # column 104
    "xlsx_baris_jauh": lambda: mj.xlsx_sel_jauh("A200002", judul=("No. KK", "NIK", "Nama")),  # row 200,002
    "csv_sampah": lambda: mj.csv_sampah(300 * 1024),  # above the 256 KB limit: the background path
    "xlsx_rusak": mj.xlsx_rusak,
    "png_sebagai_xlsx": lambda: mj.png_kecil("data.xlsx"),
}
# Applies to every spreadsheet field: the far cell makes python-calamine allocate ~512 GB and abort
# the whole pytest process on this branch (#10 item 1). Run it once the reader checks dimensions.
def _proses_impor_mati(impor) -> dict:
    """The save's process died two hours ago (stale heartbeat): what "Siapkan ulang" is for."""
    from pmks.impor.models import Impor

    lama = timezone.now() - timedelta(hours=2)
    Impor.objects.filter(pk=impor.pk).update(diperbarui_pada=lama)
    return {}


LEWATI_TABEL: dict[str, str] = {}  # item 1 fixed: far cells are refused before the sheet is read


@dataclass
class Formulir:
    nama: str  # unique id (test id); the URL name unless the view has variants
    url_name: str  # as the resolver names it, e.g. "pmks:keluarga_tambah"
    url: Callable[[Dunia], str]
    persona: str  # who posts: a key of Dunia.persona, or "anonim"
    data: Callable[[Dunia], dict]  # a VALID payload (files built fresh on each call)
    angka: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field → hostile numbers
    tanggal: tuple[str, ...] = ()
    teks: tuple[str, ...] = ()
    nomor: tuple[str, ...] = ()  # NIK / No. KK (the valid value in non-ASCII digits)
    pilihan: tuple[str, ...] = ()  # choices and object ids
    gambar: tuple[str, ...] = ()  # photo only (JPG/PNG/WebP)
    dokumen: tuple[str, ...] = ()  # photo or PDF
    tabel: tuple[str, ...] = ()  # spreadsheet upload (XLSX/CSV): may become an import "galat"
    lewati: dict[str, str] = field(default_factory=dict)  # case id → reason (xfail, not run)
    # domain rules the payload can break (name → mutate(dunia, data)); case id "aturan-<name>"
    aturan: dict[str, Callable[[Dunia, dict], None]] = field(default_factory=dict)
    json: bool = False  # answers JSON (offline sync): accepted = 200 "terkirim", errors in "pesan" / "galat"

    def kasus(self) -> list[tuple[str, str, str]]:
        """(case id, field, value key) of every hostile input of this entry."""
        hasil = []
        for kolom, nilai in self.angka.items():
            hasil += [(f"{n}-{kolom}", kolom, n) for n in nilai]
        for jenis, kolom_list in (
            (TANGGAL, self.tanggal), (TEKS, self.teks), (NOMOR, self.nomor), (PILIHAN, self.pilihan),
            (GAMBAR, self.gambar), (DOKUMEN, self.dokumen), (TABEL, self.tabel),
        ):
            hasil += [(f"{n}-{kolom}", kolom, n) for kolom in kolom_list for n in jenis]
        return hasil + [(f"aturan-{nama}", "", nama) for nama in self.aturan]


def _hari_ini() -> str:
    return timezone.localdate().isoformat()


def _kemarin() -> str:
    return (timezone.localdate() - timedelta(days=1)).isoformat()


# --- Payloads ----------------------------------------------------------------------------------
def _anggota_ada(a) -> dict:
    return {
        "id": str(a.pk), "nik": a.nik, "nama": a.nama, "tempat_lahir": a.tempat_lahir or "",
        "tanggal_lahir": a.tanggal_lahir.isoformat(), "jenis_kelamin": a.jenis_kelamin, "hubungan": a.hubungan,
        "status_perkawinan": a.status_perkawinan or "", "pendidikan": "", "pekerjaan": "", "disabilitas": "tidak_ada",
        "alasan_konfirmasi_nik": "",
    }


def data_keluarga_ubah(keluarga: Keluarga) -> dict:
    """A valid edit of ``keluarga`` (current members, current version, a new address)."""
    k = Keluarga.objects.get(pk=keluarga.pk)
    anggota = [_anggota_ada(a) for a in k.anggota.aktif().order_by("id")]
    data = data_form(kelurahan_id=k.kelurahan_id, anggota=anggota, awal=len(anggota), versi=k.diubah_pada.isoformat())
    data.pop("no_kk")
    data["alamat"] = "Jl. Mastrip No. 99"
    return data


def _luring_ubah(keluarga: Keluarga) -> dict:
    """An offline edit as the phone sends it: the downloaded values, their version, a new address."""
    from pmks.luring.selectors import nilai_isian

    k = Keluarga.objects.get(pk=keluarga.pk)
    data = nilai_isian(k, list(k.anggota.aktif().order_by("id")))
    return {**data, "alamat": "Jl. Luring No. 5", "uuid": str(uuid.uuid4()), "versi": str(k.versi)}


def _waktu(jam: int) -> str:
    return (timezone.localtime() + timedelta(hours=jam)).strftime("%Y-%m-%dT%H:%M")


def _insiden(**lain) -> dict:
    """A breach incident found 4 hours ago, the head of the Dinas told at once."""
    return {
        "judul": "Daftar penerima tersebar di grup WA", "ditemukan_pada": _waktu(-4),
        "terjadi_sejak": (timezone.localdate() - timedelta(days=2)).isoformat(), "terjadi_sampai": "",
        "uraian": "Berkas ekspor dikirim ke grup yang salah.", "data_terdampak": "NIK, nama, alamat",
        "jumlah_keluarga": "40", "penanganan": "Pesan dihapus, penerima diminta menghapus.",
        "diberitahu_subjek_pada": "", "diberitahu_otoritas_pada": "", "diberitahu_kepala_dinas_pada": _waktu(-3),
        **lain,
    }


def _program(d: Dunia, **lain) -> dict:
    kec = d["kecamatan"]
    data = {
        "nama": "Program Korpus", "kode": "korpus-baru", "jenis": c.JenisProgram.SEMBAKO,
        "sumber_dana": c.SumberDana.APBD_KOTA, "tahun_anggaran": str(TAHUN), "periode_mulai": f"{TAHUN}-01-01",
        "periode_selesai": f"{TAHUN}-12-31", "bentuk": c.BentukBantuan.TUNAI, "nilai_per_penerima": "150000",
        "uraian_barang": "", "jumlah_barang": "", "satuan": "", "frekuensi": c.Frekuensi.SEKALI, "kuota_total": "",
        "desil_maksimum": "4", "batas_ulang_tahun": "", "uraian": "Uji korpus", "aktif": "on",
        f"kuota_{kec.pk}": "10",
    }
    data.update(lain)
    return data


def _usulan_modal(d: Dunia) -> dict:
    return {
        "keluarga": d["keluarga"].pk, "program": d["program_modal"].pk, "anggota": "",
        "justifikasi": "Kepala keluarga berjualan gorengan, butuh gerobak.", "jenis_usaha": "Gorengan",
        "rencana_usaha": "Berjualan di depan SD", "daftar_kebutuhan": "Gerobak, kompor", "perkiraan_biaya": "2500000",
        "jenis_lampiran": "foto_rumah", "lampiran": png(),
    }


def _usulan_rtlh(d: Dunia) -> dict:
    return {
        "keluarga": d["keluarga"].pk, "program": d["program_rtlh"].pk, "justifikasi": "Atap hampir roboh.",
        "kondisi_atap": "bocor", "kondisi_dinding": "bambu", "kondisi_lantai": "tanah",
        "status_tanah": "milik_sendiri", "luas_lantai": "20", "jumlah_penghuni": "4", "ada_jamban": "tidak",
    }


def _jenis_pmks_lain() -> int:
    return JenisPMKS.objects.filter(aktif=True).exclude(singkatan__in=["FM", "RTLH"]).order_by("pk").first().pk


def _bnba(d: Dunia, berkas=None) -> dict:
    nik = d["keluarga"].kepala_uji.nik
    return {
        "program": d["program_pkh"].pk, "periode_mulai": f"{TAHUN}-01-01", "periode_selesai": f"{TAHUN}-03-31",
        "sumber": "BNBA PKH Tahap 1", "berkas": berkas or mj.csv_dari([["NIK", "Nama"], [nik, "Budi"]], "bnba.csv"),
    }


def _desil(d: Dunia, berkas=None) -> dict:
    kk = d["keluarga"].no_kk
    return {"posisi_data": _kemarin(),
            "berkas": berkas or mj.csv_dari([["No. KK", "Nama", "Desil"], [kk, "Budi", "3"]], "desil.csv")}


def _aksi(verba: str, obj: str, persona: str, catatan: str) -> Formulir:
    """One of the six proposal verbs (``bantuan:usulan_aksi``) on a proposal in the right status."""
    return Formulir(
        f"usulan_aksi_{verba}", "bantuan:usulan_aksi", lambda d: f"/bantuan/usulan/{d[obj].pk}/{verba}/", persona,
        lambda d: {"catatan": catatan}, teks=("catatan",),
    )


KAN = "/laporan/35.74.04"
SANDI_BARU = "Sandi-baru-2026!x"

# --- The corpus's entries ------------------------------------------------------------------------
FORMULIR: list[Formulir] = [
    # Registry ------------------------------------------------------------------------------------
    Formulir(
        "keluarga_tambah", "pmks:keluarga_tambah", lambda d: "/pmks/keluarga/tambah/", "tksk_kanigaran",
        lambda d: data_form(kelurahan_id=d["kelurahan"].pk, anggota=keluarga_tiga_orang()),
        angka={
            "latitude": ("lintang_mustahil", "angka_raksasa", "bukan_angka"),
            "longitude": ("bujur_mustahil", "angka_raksasa", "bukan_angka"),
            "luas_lantai": DESIMAL, "desil": ANGKA, "perkiraan_penghasilan": ANGKA,
        },
        tanggal=("tanggal_desil", "anggota-0-tanggal_lahir"),
        teks=("alamat", "catatan", "anggota-0-nama", "anggota-0-tempat_lahir"),
        nomor=("no_kk", "anggota-0-nik"),
        pilihan=("kelurahan", "lantai", "anggota-0-hubungan"),
    ),
    Formulir(
        "keluarga_ubah", "pmks:keluarga_ubah", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/ubah/", "tksk_kanigaran",
        lambda d: data_keluarga_ubah(d["keluarga"]),
        # the same form class as keluarga_tambah (fully covered there): one value per numeric field
        angka={
            "latitude": ("lintang_mustahil",), "longitude": ("bujur_mustahil",), "luas_lantai": ("angka_negatif",),
            "desil": ("angka_raksasa",), "perkiraan_penghasilan": ("angka_raksasa",),
        },
        tanggal=("tanggal_desil",), teks=("catatan", "anggota-0-nama", "versi"), nomor=("anggota-0-nik",),
        pilihan=("anggota-0-id",),
        aturan={"tanpa_versi": lambda d, data: data.pop("versi")},  # #10 item 14
    ),
    Formulir(
        "keluarga_status", "pmks:keluarga_status", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/status/",
        "tksk_kanigaran", lambda d: {"status": "tidak_ditemukan", "alasan": "Rumah kosong saat dikunjungi"},
        teks=("alasan",), pilihan=("status",),
    ),
    Formulir(
        "keluarga_ganti_kk", "pmks:keluarga_ganti_kk", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/ganti-kk/",
        "tksk_kanigaran", lambda d: {"no_kk": no_kk_valid(), "alasan": "Pecah KK"},
        teks=("alasan",), nomor=("no_kk",),
    ),
    Formulir(
        "klasifikasi_tambah", "pmks:klasifikasi_tambah",
        lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/klasifikasi/tambah/", "tksk_kanigaran",
        lambda d: {"jenis": _jenis_pmks_lain(), "anggota": "", "tanggal_asesmen": _kemarin(), "catatan": "Asesmen"},
        tanggal=("tanggal_asesmen",), teks=("catatan",), pilihan=("jenis", "anggota"),
    ),
    Formulir(
        "klasifikasi_cabut", "pmks:klasifikasi_cabut", lambda d: f"/pmks/klasifikasi/{d['klasifikasi'].pk}/cabut/",
        "tksk_kanigaran", lambda d: {"alasan": "Rumah sudah diperbaiki"}, teks=("alasan",),
    ),
    # UU PDP (pmks/registri/views_pdp.py)
    Formulir(
        "persetujuan_tarik", "pmks:persetujuan_tarik",
        lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/tarik-persetujuan/", "tksk_kanigaran",
        lambda d: {"alasan": "Keluarga tidak bersedia lagi"}, teks=("alasan",),
    ),
    Formulir(
        "permintaan_tambah", "pmks:permintaan_tambah", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/permintaan-data/",
        "tksk_kanigaran",
        lambda d: {"jenis": "perbaikan", "anggota": "", "nama_pemohon": "Budi", "uraian": "Alamat salah"},
        teks=("nama_pemohon", "uraian"), pilihan=("jenis", "anggota"),
    ),
    Formulir(
        "permintaan_selesaikan", "pmks:permintaan_selesaikan",
        lambda d: f"/pmks/permintaan-data/{d['permintaan_penarikan'].pk}/jawab/", "tksk_kanigaran",
        lambda d: {"jawaban": "Penarikan dicatat"}, teks=("jawaban",),
    ),
    Formulir(
        "permintaan_tolak", "pmks:permintaan_tolak",
        lambda d: f"/pmks/permintaan-data/{d['permintaan_akses'].pk}/tolak/", "tksk_kanigaran",
        lambda d: {"alasan": "Pemohon bukan subjek data"}, teks=("alasan",),
    ),
    Formulir(
        "anggota_status", "pmks:anggota_status", lambda d: f"/pmks/anggota/{d['anak'].pk}/status/", "tksk_kanigaran",
        lambda d: {"status": "pindah", "alasan": "Kuliah di Surabaya"}, teks=("alasan",), pilihan=("status",),
    ),
    Formulir(
        "anggota_pindah", "pmks:anggota_pindah", lambda d: f"/pmks/anggota/{d['anak'].pk}/pindah/", "tksk_kanigaran",
        lambda d: {"no_kk_tujuan": d["tujuan"].no_kk, "hubungan": "cucu", "alasan": "Ikut nenek"},
        teks=("alasan",), nomor=("no_kk_tujuan",), pilihan=("hubungan",),
    ),
    # Pendampingan ----------------------------------------------------------------------------------
    Formulir(
        "kunjungan_tambah", "pmks:kunjungan_tambah",
        lambda d: f"/pmks/pendampingan/keluarga/{d['keluarga'].pk}/kunjungan/tambah/", "tksk_kanigaran",
        lambda d: {
            "tanggal": _kemarin(), "jenis": "asesmen", "peran": ["pembimbing"], "catatan": "Atap bocor",
            "hasil": "Perlu RTLH", "tanggal_tindak_lanjut": _hari_ini(), "rencana_tindak_lanjut": "Foto rumah",
            "foto": [jpeg()],
        },
        tanggal=("tanggal", "tanggal_tindak_lanjut"), teks=("catatan", "hasil", "rencana_tindak_lanjut"),
        pilihan=("jenis", "peran", "keluarga_lain"), gambar=("foto",),
    ),
    Formulir(
        "kunjungan_ubah", "pmks:kunjungan_ubah", lambda d: f"/pmks/pendampingan/kunjungan/{d['kunjungan'].pk}/ubah/",
        "tksk_kanigaran",
        lambda d: {
            "tanggal": "2026-03-01", "jenis": "asesmen", "peran": ["pembimbing"], "catatan": "Diperbarui",
            "hasil": "Perlu RTLH", "tanggal_tindak_lanjut": "", "foto": [png()],
        },
        tanggal=("tanggal", "tanggal_tindak_lanjut"), teks=("catatan", "hasil"), pilihan=("jenis",),
        gambar=("foto",),
        # the create form refuses a group session with one household; so must the edit (#10 item 17)
        aturan={"bimbingan_kelompok_satu_keluarga": lambda d, data: data.update(jenis="bimbingan_kelompok")},
    ),
    Formulir(
        "tindak_lanjut_tambah", "pmks:tindak_lanjut_tambah",
        lambda d: f"/pmks/pendampingan/keluarga/{d['keluarga'].pk}/tindak-lanjut/tambah/", "tksk_kanigaran",
        lambda d: {"uraian": "Antar ke Puskesmas", "batas_waktu": _hari_ini()},
        tanggal=("batas_waktu",), teks=("uraian",),
    ),
    Formulir(
        "tindak_lanjut_selesai", "pmks:tindak_lanjut_selesai",
        lambda d: f"/pmks/pendampingan/tindak-lanjut/{d['tindak_lanjut'].pk}/selesai/", "tksk_kanigaran",
        lambda d: {"catatan": "Sudah diantar"}, teks=("catatan",),
    ),
    Formulir(
        "kebocoran_baru", "pmks:kebocoran_baru", lambda d: "/pmks/kebocoran/baru/", "admin",
        lambda d: _insiden(), teks=("judul", "uraian", "data_terdampak", "penanganan"),
        tanggal=("terjadi_sejak", "terjadi_sampai", "ditemukan_pada", "diberitahu_subjek_pada"),
        angka={"jumlah_keluarga": ANGKA},
    ),
    Formulir(
        "kebocoran_ubah", "pmks:kebocoran_ubah", lambda d: f"/pmks/kebocoran/{d['insiden'].pk}/ubah/", "admin",
        lambda d: _insiden(diberitahu_otoritas_pada=_waktu(-1), ditutup_pada=_waktu(0)),
        teks=("judul", "penanganan"),
        tanggal=("ditutup_pada", "diberitahu_otoritas_pada", "diberitahu_kepala_dinas_pada"),
        angka={"jumlah_keluarga": ANGKA},
    ),
    Formulir(
        "psks_tambah", "pmks:psks_tambah", lambda d: "/pmks/pendampingan/psks/tambah/", "tksk_kanigaran",
        lambda d: {
            "nama": "LKS Harapan", "jenis": "lks", "kelurahan": d["kelurahan"].pk, "alamat": "Jl. Suroyo 3",
            "narahubung": "Bu Ani", "telepon": "081234567890", "layanan": "Pengasuhan anak", "kapasitas": "20 anak",
            "aktif": "on",
        },
        teks=("nama", "alamat", "narahubung", "telepon", "layanan", "kapasitas"), pilihan=("jenis", "kelurahan"),
    ),
    Formulir(
        "psks_ubah", "pmks:psks_ubah", lambda d: f"/pmks/pendampingan/psks/{d['psks'].pk}/ubah/", "tksk_kanigaran",
        lambda d: {
            "nama": "Karang Taruna Tunas Muda", "jenis": "karang_taruna", "kelurahan": d["kelurahan"].pk,
            "alamat": "Jl. Suroyo 4", "narahubung": "", "telepon": "", "layanan": "Kerja bakti", "kapasitas": "",
            "aktif": "on",
        },
        teks=("nama", "layanan"), pilihan=("kelurahan",),
    ),
    Formulir(
        "rujukan_tambah", "pmks:rujukan_tambah",
        lambda d: f"/pmks/pendampingan/keluarga/{d['keluarga'].pk}/rujukan/tambah/", "tksk_kanigaran",
        lambda d: {
            "anggota": "", "kategori": "kesehatan", "psks": "", "tujuan_lain": "Puskesmas Kanigaran",
            "alasan": "Belum punya BPJS PBI", "tanggal": _kemarin(),
        },
        tanggal=("tanggal",), teks=("tujuan_lain", "alasan"), pilihan=("anggota", "kategori", "psks"),
    ),
    Formulir(
        "rujukan_status", "pmks:rujukan_status", lambda d: f"/pmks/pendampingan/rujukan/{d['rujukan'].pk}/status/",
        "tksk_kanigaran", lambda d: {"status": "diterima", "catatan": "Diterima petugas", "hasil": ""},
        teks=("catatan", "hasil"), pilihan=("status",),
    ),
    # Duplicate queue (pmks.ganda) ------------------------------------------------------------------
    Formulir(
        "ganda_berbeda", "pmks:ganda_berbeda", lambda d: f"/pmks/ganda/{d['pasangan'].pk}/berbeda/", "tksk_kanigaran",
        lambda d: {"alasan": "Kembar, dua orang berbeda"}, teks=("alasan",),
    ),
    Formulir(
        "ganda_gabungkan", "pmks:ganda_gabungkan", lambda d: f"/pmks/ganda/{d['pasangan'].pk}/gabungkan/", "dinsos",
        lambda d: {"penyintas": d["pasangan"].anggota_a_id, "pilih_nik": d["pasangan"].anggota_a_id,
                   "pilih_nama": d["pasangan"].anggota_b_id, "alasan": "Orang yang sama"},
        teks=("alasan",), pilihan=("penyintas", "pilih_nik", "pilih_nama"),
    ),
    Formulir("ganda_pindai", "pmks:ganda_pindai", lambda d: "/pmks/ganda/pindai/", "dinsos", lambda d: {}),
    # Import ----------------------------------------------------------------------------------------
    Formulir(
        "impor_unggah", "pmks:impor_unggah", lambda d: "/pmks/impor/unggah/", "tksk_kanigaran",
        lambda d: {"berkas": xlsx_sah()}, tabel=("berkas",),
    ),
    Formulir(
        "impor_konfirmasi", "pmks:impor_konfirmasi", lambda d: f"/pmks/impor/{d['impor_siap'].pk}/konfirmasi/",
        "tksk_kanigaran", lambda d: {},
    ),
    Formulir(
        "impor_batal", "pmks:impor_batal", lambda d: f"/pmks/impor/{d['impor_galat'].pk}/batal/", "tksk_kanigaran",
        lambda d: {},
    ),
    Formulir(
        "impor_ulangi", "pmks:impor_ulangi", lambda d: f"/pmks/impor/{d['impor_macet'].pk}/ulangi/", "tksk_kanigaran",
        lambda d: _proses_impor_mati(d["impor_macet"]),
    ),
    Formulir(
        "impor_desil_unggah", "pmks:impor_desil_unggah", lambda d: "/pmks/impor/desil/unggah/", "tksk_kanigaran",
        _desil, tanggal=("posisi_data",), tabel=("berkas",),
    ),
    Formulir(
        "bnba_unggah", "bnba:unggah", lambda d: "/bantuan/impor-bnba/unggah/", "tksk_kanigaran", _bnba,
        tanggal=("periode_mulai", "periode_selesai"), teks=("sumber",), pilihan=("program",), tabel=("berkas",),
        aturan={
            "program_bukan_eksternal": lambda d, data: data.update(program=d["program_rtlh"].pk),  # #10 item 17
            "periode_terbalik": lambda d, data: data.update(periode_mulai=f"{TAHUN}-06-01"),
        },
    ),
    # Aid -------------------------------------------------------------------------------------------
    Formulir(
        "tanda_desil_putuskan", "bantuan:tanda_desil_putuskan",
        lambda d: f"/bantuan/tanda-desil/{d['tanda_desil'].pk}/putuskan/", "dinsos",
        lambda d: {"keputusan": "nonaktifkan", "alasan": "Desil DTSEN 7, di atas batas program"},
        teks=("alasan",), pilihan=("keputusan",),
    ),
    Formulir(
        "program_buat", "bantuan:program_buat", lambda d: "/bantuan/program/baru/", "dinsos", _program,
        angka={
            "tahun_anggaran": (*ANGKA, "angka_smallint_lewat"), "nilai_per_penerima": (*ANGKA, "angka_int_lewat"),
            "jumlah_barang": DESIMAL, "kuota_total": (*ANGKA, "angka_int_lewat"), "desil_maksimum": ANGKA,
            "batas_ulang_tahun": ANGKA, "kuota_{kecamatan}": (*ANGKA, "angka_int_lewat"),
        },
        tanggal=("periode_mulai", "periode_selesai"), teks=("nama", "kode", "uraian", "uraian_barang"),
        pilihan=("jenis", "jenis_pmks", "tidak_boleh_bersamaan"),
    ),
    Formulir(
        "program_ubah", "bantuan:program_ubah", lambda d: f"/bantuan/program/{d['program_pkh'].pk}/ubah/", "dinsos",
        lambda d: _program(d, nama=d["program_pkh"].nama, kode=d["program_pkh"].kode, jenis=c.JenisProgram.PKH,
                           sumber_dana=c.SumberDana.APBN),
        angka={"nilai_per_penerima": ANGKA, "kuota_{kecamatan}": (*ANGKA, "angka_int_lewat")},
        tanggal=("periode_selesai",), teks=("nama", "uraian"),
    ),
    Formulir(
        "usulan_buat", "bantuan:usulan_buat", lambda d: "/bantuan/usulan/baru/", "tksk_kanigaran", _usulan_modal,
        angka={"perkiraan_biaya": (*ANGKA, "angka_int_lewat")},  # an IntegerField stored in JSON
        teks=("justifikasi", "jenis_usaha", "rencana_usaha", "daftar_kebutuhan"),
        pilihan=("keluarga", "program", "anggota"), dokumen=("lampiran",),
    ),
    Formulir(
        "usulan_buat_rtlh", "bantuan:usulan_buat", lambda d: "/bantuan/usulan/baru/", "tksk_kanigaran", _usulan_rtlh,
        angka={"luas_lantai": DESIMAL, "jumlah_penghuni": ANGKA},
        teks=("kondisi_atap", "kondisi_dinding", "kondisi_lantai"),
        pilihan=("status_tanah", "ada_jamban"),
    ),
    Formulir(
        "usulan_ubah", "bantuan:usulan_ubah", lambda d: f"/bantuan/usulan/{d['draft'].pk}/ubah/", "tksk_kanigaran",
        lambda d: {"justifikasi": "Diperbarui", "kandang_tersedia": "ya", "sumber_pakan": "Rumput lapangan",
                   "lahan_kandang": "Belakang rumah"},
        teks=("justifikasi", "sumber_pakan", "lahan_kandang"), pilihan=("anggota", "kandang_tersedia"),
    ),
    Formulir(
        "usulan_massal", "bantuan:usulan_massal", lambda d: "/bantuan/usulan/massal/", "dinsos",
        lambda d: {"usulan": [d["diajukan"].pk], "aksi": "tolak", "catatan": "Tidak memenuhi syarat desil"},
        teks=("catatan",), pilihan=("usulan", "aksi"),
    ),
    *[
        _aksi(verba, obj, persona, catatan)
        for verba, obj, persona, catatan in [
            ("ajukan", "draft", "tksk_kanigaran", ""),
            ("verifikasi", "diajukan", "dinsos", "Dokumen lengkap"),
            ("setujui", "diverifikasi", "dinsos", "Disetujui"),
            ("tolak", "diajukan", "dinsos", "Desil terlalu tinggi"),
            ("kembalikan", "diajukan", "dinsos", "Lengkapi foto rumah"),
            ("batalkan", "draft", "tksk_kanigaran", "Keluarga pindah"),
        ]
    ],
    Formulir(
        "lampiran_tambah", "bantuan:lampiran_tambah", lambda d: f"/bantuan/usulan/{d['draft'].pk}/lampiran/",
        "tksk_kanigaran", lambda d: {"jenis": "foto_rumah", "berkas": png(), "keterangan": "Tampak depan"},
        teks=("keterangan",), pilihan=("jenis",), dokumen=("berkas",),
    ),
    Formulir(
        "penyaluran_buat", "bantuan:penyaluran_buat", lambda d: f"/bantuan/usulan/{d['disetujui'].pk}/penyaluran/",
        "dinsos",
        lambda d: {"tanggal": _kemarin(), "nilai": "3000000", "jumlah_barang": "2", "uraian": "2 ekor kambing",
                   "diterima_oleh": "Siti Aminah", "catatan": "", "foto_bukti": jpeg()},
        angka={"nilai": (*ANGKA, "angka_int_lewat"), "jumlah_barang": DESIMAL}, tanggal=("tanggal",),
        teks=("uraian", "diterima_oleh", "catatan"), gambar=("foto_bukti",),
    ),
    Formulir(
        "monitoring_buat", "bantuan:monitoring_buat", lambda d: f"/bantuan/usulan/{d['disalurkan'].pk}/monitoring/",
        "tksk_kanigaran",
        lambda d: {"tanggal": _kemarin(), "ternak_hidup": "2", "ternak_lahir": "1", "ternak_dijual": "0",
                   "ternak_mati": "0", "catatan": "Kandang bersih"},
        angka={k: (*ANGKA, "angka_smallint_lewat") for k in ("ternak_hidup", "ternak_lahir", "ternak_dijual",
                                                              "ternak_mati")},
        tanggal=("tanggal",), teks=("catatan",),
    ),
    Formulir(
        "penerima_ubah", "bantuan:penerima_ubah", lambda d: f"/bantuan/usulan/{d['disetujui'].pk}/penerima/", "dinsos",
        lambda d: {"alasan": "pindah", "keterangan": "Pindah ke Malang", "keluarga_baru": ""},
        teks=("keterangan",), pilihan=("alasan", "keluarga_baru"),
    ),
    # Complaints (aduan) -------------------------------------------------------------------------------
    Formulir(
        "aduan_buat", "aduan:buat", lambda d: "/aduan/baru/", "tksk_kanigaran",
        lambda d: {
            "jenis": "perbaikan_data", "kategori": "data_salah", "saluran": "telepon", "tanggal_terima": _kemarin(),
            "pelapor_nama": "Pak Harun", "pelapor_telepon": "081311112222", "pelapor_hubungan": "rt_rw",
            "nomor": d["keluarga"].no_kk, "subjek_nama": "", "subjek_alamat": "", "kelurahan": "", "program": "",
            "uraian": "Alamat salah", "jenis_lampiran": "ktp_kk", "lampiran": png(),
        },
        tanggal=("tanggal_terima",), teks=("pelapor_nama", "pelapor_telepon", "subjek_nama", "subjek_alamat", "uraian"),
        nomor=("nomor",), pilihan=("jenis", "kategori", "saluran", "pelapor_hubungan", "kelurahan", "program",
                                   "jenis_lampiran"),
        dokumen=("lampiran",),
    ),
    Formulir(
        "aduan_verifikasi", "aduan:verifikasi", lambda d: f"/aduan/{d['aduan_diterima'].pk}/verifikasi/",
        "tksk_kanigaran",
        lambda d: {"tanggal": _kemarin(), "hasil": "Sesuai laporan", "catatan": "Dicek ke KK", "foto": [jpeg()]},
        tanggal=("tanggal",), teks=("hasil", "catatan"), gambar=("foto",),
    ),
    Formulir(
        "aduan_putuskan", "aduan:putuskan", lambda d: f"/aduan/{d['aduan_diverifikasi'].pk}/putuskan/", "dinsos",
        lambda d: {"keputusan": "ditolak", "alasan": "Tidak terbukti di lapangan"},
        teks=("alasan",), pilihan=("keputusan",),
    ),
    Formulir(
        "aduan_tindak_lanjut", "aduan:tindak_lanjut", lambda d: f"/aduan/{d['aduan_dikabulkan'].pk}/tindak-lanjut/",
        "dinsos",
        lambda d: {"jenis": "pendaftaran_baru", "keterangan": "Sudah terdaftar", "nomor": d["keluarga"].no_kk,
                   "usulan": "", "kolom_diperbaiki": "", "alasan_nonaktif": "tidak_memenuhi"},
        teks=("keterangan", "kolom_diperbaiki"), nomor=("nomor",), pilihan=("jenis", "usulan", "alasan_nonaktif"),
    ),
    Formulir(
        "aduan_selesai", "aduan:selesai", lambda d: f"/aduan/{d['aduan_ditolak'].pk}/selesai/", "dinsos",
        lambda d: {"catatan": "Surat jawaban dikirim"}, teks=("catatan",),
    ),
    Formulir(
        "aduan_alihkan", "aduan:alihkan", lambda d: f"/aduan/{d['aduan_diterima'].pk}/alihkan/", "dinsos",
        lambda d: {"petugas": d["tksk_kedua"].pk, "catatan": "Cuti"}, teks=("catatan",), pilihan=("petugas",),
    ),
    Formulir(
        "aduan_eskalasi", "aduan:eskalasi", lambda d: f"/aduan/{d['aduan_diterima'].pk}/eskalasi/", "dinsos",
        lambda d: {"eskalasi-catatan": "Ke Kepala Dinas"}, teks=("eskalasi-catatan",),
    ),
    Formulir(
        "aduan_lampiran_tambah", "aduan:lampiran_tambah", lambda d: f"/aduan/{d['aduan_diterima'].pk}/lampiran/",
        "tksk_kanigaran", lambda d: {"jenis": "ktp_kk", "berkas": png()}, pilihan=("jenis",), dokumen=("berkas",),
    ),
    # Reports ---------------------------------------------------------------------------------------
    Formulir(
        "laporan_narasi", "laporan:narasi", lambda d: f"{KAN}/{PERIODE_DRAF}/narasi/", "tksk_kanigaran",
        lambda d: {"kondisi_sosial": "Kondusif", "kendala": "Hujan", "rencana_tindak_lanjut": "Kunjungan"},
        teks=("kondisi_sosial", "kendala", "rencana_tindak_lanjut"),
    ),
    Formulir("laporan_ajukan", "laporan:ajukan", lambda d: f"{KAN}/{PERIODE_DRAF}/ajukan/", "tksk_kanigaran",
             lambda d: {}),
    Formulir("laporan_rekap_susun", "laporan:rekap_susun", lambda d: f"/laporan/rekap/35/{PERIODE_DRAF}/susun/",
             "admin", lambda d: {}),
    Formulir("laporan_terima", "laporan:terima", lambda d: f"{KAN}/{PERIODE_DIAJUKAN}/terima/", "dinsos",
             lambda d: {}),
    Formulir(
        "laporan_kembalikan", "laporan:kembalikan", lambda d: f"{KAN}/{PERIODE_DIAJUKAN}/kembalikan/", "dinsos",
        lambda d: {"catatan": "Lengkapi bagian IV"}, teks=("catatan",),
    ),
    # Notifications ---------------------------------------------------------------------------------
    Formulir("notifikasi_baca", "notifikasi:baca", lambda d: f"/notifikasi/{d['notifikasi'].pk}/baca/",
             "tksk_kanigaran", lambda d: {}),
    Formulir("notifikasi_baca_semua", "notifikasi:baca_semua", lambda d: "/notifikasi/baca-semua/", "tksk_kanigaran",
             lambda d: {}),
    Formulir(
        "notifikasi_kanal", "notifikasi:kanal", lambda d: "/notifikasi/saluran/", "tksk_kanigaran",
        lambda d: {"kanal": ["email"], "email": "tksk.kanigaran@contoh.id"}, teks=("email",), pilihan=("kanal",),
    ),
    # Offline outbox sync (pmks/luring/): JSON answers; the same form classes as the online forms --------
    Formulir(
        "luring_kirim_kunjungan", "luring:kirim_kunjungan", lambda d: f"/luring/kirim/kunjungan/{d['keluarga'].pk}/",
        "tksk_kanigaran",
        lambda d: {
            "uuid": str(uuid.uuid4()), "tanggal": _kemarin(), "jenis": "asesmen", "peran": ["pembimbing"],
            "catatan": "Atap bocor", "hasil": "Perlu RTLH", "tanggal_tindak_lanjut": _hari_ini(),
            "rencana_tindak_lanjut": "Foto rumah", "foto": [jpeg()],
        },
        tanggal=("tanggal", "tanggal_tindak_lanjut"), teks=("uuid", "catatan", "hasil", "rencana_tindak_lanjut"),
        pilihan=("jenis", "peran"), gambar=("foto",), json=True,
    ),
    Formulir(
        "luring_kirim_keluarga_baru", "luring:kirim_keluarga_baru", lambda d: "/luring/kirim/keluarga/",
        "tksk_kanigaran",
        lambda d: {**data_form(kelurahan_id=d["kelurahan"].pk, anggota=keluarga_tiga_orang()),
                   "uuid": str(uuid.uuid4())},
        # the registration form is fully covered by keluarga_tambah: one value per kind here
        angka={"latitude": ("lintang_mustahil",), "luas_lantai": ("angka_negatif",), "desil": ("angka_raksasa",)},
        tanggal=("anggota-0-tanggal_lahir",), teks=("uuid", "alamat", "anggota-0-nama"),
        nomor=("no_kk", "anggota-0-nik"), pilihan=("kelurahan", "anggota-0-hubungan"), json=True,
    ),
    Formulir(
        "luring_kirim_keluarga_ubah", "luring:kirim_keluarga_ubah",
        lambda d: f"/luring/kirim/keluarga/{d['keluarga'].pk}/", "tksk_kanigaran",
        lambda d: _luring_ubah(d["keluarga"]),
        angka={"luas_lantai": ("angka_negatif",), "desil": ("angka_raksasa",)},
        tanggal=("tanggal_desil",), teks=("uuid", "catatan", "anggota-0-nama", "versi"), nomor=("anggota-0-nik",),
        pilihan=("anggota-0-id", "kelurahan"), json=True,
        aturan={"versi_lain": lambda d, data: data.update(versi=str(int(data["versi"]) + 1)),
                "tanpa_versi": lambda d, data: data.pop("versi")},
    ),
    # Accounts ----------------------------------------------------------------------------------------
    Formulir(
        "login", "login", lambda d: "/accounts/login/", "anonim",
        lambda d: {"username": "tksk.kanigaran", "password": PASSWORD}, teks=("username", "password"),
    ),
    Formulir(
        "password_change", "password_change", lambda d: "/accounts/password_change/", "tksk_kanigaran",
        lambda d: {"old_password": PASSWORD, "new_password1": SANDI_BARU, "new_password2": SANDI_BARU},
        teks=("old_password",),
    ),
]

# URL names that accept no POST with data (read-only pages, files, htmx partials). A POST view
# missing from FORMULIR and from this list fails test_kelengkapan.
GET_SAJA = {
    "home", "healthz", "tksk:wilayah_list", "notifikasi:daftar",
    "pmks:keluarga_list", "pmks:keluarga_detail", "pmks:kunjungan_list", "pmks:kunjungan_detail",
    "pmks:hari_ini", "pmks:pilihan_wilayah",
    "pmks:foto_kunjungan", "pmks:tindak_lanjut_list", "pmks:psks_list", "pmks:rujukan_list", "pmks:rujukan_detail",
    "pmks:impor_list", "pmks:impor_templat", "pmks:impor_detail", "pmks:impor_status", "pmks:impor_laporan_galat",
    "pmks:impor_berkas", "pmks:ekspor_list", "pmks:ekspor_unduh", "pmks:akses_list",
    "pmks:kebocoran_list", "pmks:kebocoran_detail",
    "pmks:ganda_list", "pmks:ganda_detail",
    "pmks:keluarga_tampilkan_nomor",  # POST without fields: logs one reveal (tests/pmks/registri/test_akses_data.py)
    "pmks:pemberitahuan_catat",  # POST without fields: records one "diberi tahu" (tests/pmks/registri/test_pdp.py)
    "pmks:privasi", "pmks:privasi_pdf", "pmks:permintaan_list", "pmks:permintaan_detail", "pmks:permintaan_pdf",
    "bantuan:usulan_list", "bantuan:program_list", "bantuan:program_detail", "bantuan:usulan_peringatan",
    "bantuan:surat_usulan_kolektif", "bantuan:usulan_detail", "bantuan:surat_usulan", "bantuan:lampiran_unduh",
    "bantuan:penyaluran_foto", "bantuan:tumpang_tindih", "bantuan:belum_terjangkau", "bnba:impor",
    "bantuan:siksng", "bantuan:siksng_xlsx", "bantuan:siksng_berita_acara", "bantuan:siksng_sptjm",
    "pmks:impor_desil", "bantuan:tanda_desil_list",
    "laporan:list", "laporan:verifikasi", "laporan:rekap", "laporan:rekap_unduh", "laporan:detail", "laporan:unduh",
    "laporan:rekap_status",
    "aduan:list", "aduan:detail", "aduan:lampiran_unduh", "aduan:surat", "aduan:cek",
    "service_worker", "manifest", "luring:beranda", "luring:kotak_keluar", "luring:kunjungan", "luring:keluarga_baru",
    "luring:keluarga_ubah", "luring:konflik", "luring:unduh", "luring:sesi",
    "panduan:indeks", "panduan:bab", "panduan:pdf",
}
# Django's own views, no project data behind them: the admin (staff only, Django's forms) and the
# auth views besides login / password change (which are in the corpus).
DILUAR_KORPUS_NAMESPACE = {"admin"}
DILUAR_KORPUS = {
    "logout": "Django LogoutView: POST tanpa isian",
    "password_change_done": "halaman GET Django",
    "password_reset": "alur reset sandi Django (surel); tidak menyentuh data proyek",
    "password_reset_done": "halaman GET Django",
    "password_reset_confirm": "alur reset sandi Django",
    "password_reset_complete": "halaman GET Django",
}


# --- GET pages that read query parameters (filters, search, paging, exports) ------------------
@dataclass
class Saringan:
    """A GET page whose query parameters come from the user: each hostile value in each parameter
    must not produce a 5xx nor write anything (besides ``boleh_berubah``, e.g. the export log)."""

    nama: str
    url_name: str
    url: str
    persona: str
    param: tuple[str, ...]
    tanggal: tuple[str, ...] = ()
    boleh_berubah: frozenset[str] = frozenset()

    def kasus(self) -> list[tuple[str, str, str]]:
        hasil = [(f"{n}-{p}", p, n) for p in self.param for n in PARAM + (("lebar_penuh",) if p == "q" else ())]
        return hasil + [(f"{n}-{p}", p, n) for p in self.tanggal for n in PARAM_TANGGAL]


PARAM = ("null", "angka_raksasa", "teks_2kb")  # + NIK in full-width digits for the search box "q"
PARAM_TANGGAL = ("null", "tanggal_purba", "tanggal_rusak", "tanggal_jauh")
LOG_EKSPOR = frozenset({"pmks_ekspor", "pmks_aksesdata"})  # the export log and the UU PDP access log
FILTER_KELUARGA = ("q", "kabupaten", "kecamatan", "kelurahan", "jenis", "status", "bantuan", "per", "page")

SARINGAN: list[Saringan] = [
    Saringan("notifikasi_list", "notifikasi:daftar", "/notifikasi/", "tksk_kanigaran", ("halaman", "belum")),
    Saringan("keluarga_list", "pmks:keluarga_list", "/pmks/", "dinsos", FILTER_KELUARGA),
    Saringan("pilihan_wilayah", "pmks:pilihan_wilayah", "/pmks/pilihan-wilayah/", "dinsos",
             ("kabupaten", "kecamatan", "kelurahan")),
    Saringan("ekspor_keluarga_csv", "pmks:ekspor_unduh", "/pmks/ekspor/keluarga.csv", "dinsos", FILTER_KELUARGA,
             boleh_berubah=LOG_EKSPOR),
    Saringan("ekspor_anggota_xlsx", "pmks:ekspor_unduh", "/pmks/ekspor/anggota.xlsx", "tksk_kanigaran",
             FILTER_KELUARGA, boleh_berubah=LOG_EKSPOR),
    Saringan("ekspor_list", "pmks:ekspor_list", "/pmks/ekspor/", "dinsos", ("page",)),
    Saringan("impor_list", "pmks:impor_list", "/pmks/impor/", "tksk_kanigaran", ("page",)),
    Saringan("kunjungan_list", "pmks:kunjungan_list", "/pmks/pendampingan/kunjungan/", "tksk_kanigaran",
             ("jenis", "halaman")),
    Saringan("tindak_lanjut_list", "pmks:tindak_lanjut_list", "/pmks/pendampingan/tindak-lanjut/", "tksk_kanigaran",
             ("filter", "halaman")),
    Saringan("psks_list", "pmks:psks_list", "/pmks/pendampingan/psks/", "tksk_kanigaran", ("jenis", "halaman")),
    Saringan("rujukan_list", "pmks:rujukan_list", "/pmks/pendampingan/rujukan/", "tksk_kanigaran",
             ("status", "halaman")),
    Saringan("usulan_list", "bantuan:usulan_list", "/bantuan/", "dinsos",
             ("program", "kecamatan", "status", "q", "halaman")),
    Saringan("usulan_peringatan", "bantuan:usulan_peringatan", "/bantuan/usulan/peringatan/", "tksk_kanigaran",
             ("keluarga", "program")),
    Saringan("usulan_buat_get", "bantuan:usulan_buat", "/bantuan/usulan/baru/", "tksk_kanigaran",
             ("keluarga", "program")),
    Saringan("surat_usulan_kolektif", "bantuan:surat_usulan_kolektif", "/bantuan/usulan/surat/", "dinsos",
             ("usulan",)),
    Saringan("tumpang_tindih", "bantuan:tumpang_tindih", "/bantuan/tumpang-tindih/", "dinsos",
             ("kelurahan", "halaman"), tanggal=("mulai", "selesai")),
    Saringan("belum_terjangkau", "bantuan:belum_terjangkau", "/bantuan/belum-terjangkau/", "dinsos",
             ("kelurahan", "halaman")),
    Saringan("siksng", "bantuan:siksng", "/bantuan/siks-ng/", "tksk_kanigaran", ("kelurahan", "bulan")),
    Saringan("siksng_xlsx", "bantuan:siksng_xlsx", "/bantuan/siks-ng/paket.xlsx", "dinsos", ("kelurahan", "bulan"),
             boleh_berubah=LOG_EKSPOR),
    Saringan("siksng_berita_acara", "bantuan:siksng_berita_acara", "/bantuan/siks-ng/berita-acara.pdf",
             "tksk_kanigaran", ("kelurahan", "bulan", "tempat", "pimpinan", "peserta"), tanggal=("tanggal",),
             boleh_berubah=LOG_EKSPOR),
    Saringan("siksng_sptjm", "bantuan:siksng_sptjm", "/bantuan/siks-ng/sptjm.pdf", "dinsos",
             ("kelurahan", "bulan", "nama", "nip", "jabatan"), boleh_berubah=LOG_EKSPOR),
    Saringan("laporan_list", "laporan:list", "/laporan/", "dinsos", ("kecamatan", "bulan")),
    Saringan("akses_list", "pmks:akses_list", "/pmks/akses/", "admin", ("oleh", "keluarga", "page"),
             tanggal=("dari", "sampai")),
    Saringan("luring_unduh", "luring:unduh", "/luring/unduh/", "tksk_kanigaran", ("setelah", "ukuran")),
    Saringan("kebocoran_list", "pmks:kebocoran_list", "/pmks/kebocoran/", "admin", ("halaman",)),
    Saringan("permintaan_list", "pmks:permintaan_list", "/pmks/permintaan-data/", "tksk_kanigaran", ("page",)),
    Saringan("aduan_list", "aduan:list", "/aduan/", "dinsos", ("status", "jenis", "terlambat", "q", "halaman")),
    Saringan("aduan_cek", "aduan:cek", "/aduan/cek/", "dinsos", ("kode", "empat_digit")),
]
