"""The objects the corpus entries post against, built once per test module.

Everything lives in Kecamatan Kanigaran and is written by ``tksk.kanigaran`` (Dinas Sosial decides
proposals). Each corpus test runs in a savepoint that is rolled back, so an accepted base payload
never leaks into the next test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bantuan import choices as c
from bantuan.services import penyaluran as penyaluran_svc
from bantuan.services import usulan as usulan_svc
from laporan import services as laporan_svc
from laporan.models import LaporanBulanan, StatusLaporan, buat_kode_verifikasi
from laporan.periode import Periode
from pmks.impor import contoh
from pmks.impor import services as impor_svc
from pmks.impor.models import Impor, StatusImpor
from pmks.models import JenisPMKS
from pmks.pendampingan.models import FotoKunjungan
from tests.bantuan.berkas_uji import jpeg, png
from tests.bantuan.conftest import buat_program, keluarga_pmks, usulan_status
from tests.conftest import KODE
from tests.factories import AnggotaFactory, KeluargaFactory, KlasifikasiPMKSFactory, PenggunaFactory, wilayah
from tests.pmks.pendampingan.test_pendampingan_bantu import foto_uji, kunjungan, psks, rujukan, tindak_lanjut
from tksk.notifikasi import beri_tahu

S = c.StatusUsulan
NOMOR = contoh.PembuatNomor()
# Reports: October is submitted (to return/accept), November a draft with a narrative (to submit).
PERIODE_DIAJUKAN = "2026-10"
PERIODE_DRAF = "2026-11"


@dataclass
class Dunia:
    persona: dict = field(default_factory=dict)
    o: dict = field(default_factory=dict)  # named objects

    def __getitem__(self, kunci):
        return self.o[kunci]


def baris_impor(jumlah_keluarga: int = 1) -> list[dict]:
    """Template rows of ``jumlah_keluarga`` new Kanigaran households (head + spouse each)."""
    hasil = []
    for _ in range(jumlah_keluarga):
        kk = NOMOR.no_kk(date(2015, 3, 2))
        for hub, jk, lahir, nama in (("Kepala keluarga", "L", date(1975, 5, 17), "Budi Santoso"),
                                     ("Istri/suami", "P", date(1978, 2, 3), "Siti Aminah")):
            hasil.append({
                "No. KK": kk, "NIK": NOMOR.nik(lahir, jk), "Nama": nama, "Tempat lahir": "Probolinggo",
                "Tanggal lahir": lahir, "Jenis kelamin": jk, "Hubungan keluarga": hub, "Alamat": "Jl. Mawar 1",
                "RT": "001", "RW": "002", "Kelurahan": "Kanigaran",
            })
    return hasil


def xlsx_sah(nama: str = "data.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, contoh.tulis_xlsx(baris_impor()))


def bangun() -> Dunia:
    d = Dunia()
    kec, kota = wilayah(KODE["kanigaran"]), wilayah(KODE["kota"])
    d.persona = {
        "tksk_kanigaran": PenggunaFactory(username="tksk.kanigaran", peran="tksk", wilayah=kec),
        "dinsos": PenggunaFactory(username="dinsos", peran="dinsos", wilayah=kota),
        "pejabat_kota": PenggunaFactory(username="pejabat.kota", peran="pejabat", wilayah=kota),
        "admin": PenggunaFactory(username="admin.korpus", peran="admin", is_superuser=True, is_staff=True),
    }
    tksk, dinsos = d.persona["tksk_kanigaran"], d.persona["dinsos"]
    o = d.o
    o["kelurahan"] = wilayah(KODE["kel_kanigaran"])
    o["kecamatan"] = kec

    # Registry
    o["keluarga"] = keluarga_pmks()
    o["anak"] = AnggotaFactory(keluarga=o["keluarga"])
    o["tujuan"] = KeluargaFactory(kelurahan=wilayah(KODE["kel_sukoharjo"]), kepala__tanggal_lahir=date(1950, 1, 1))
    o["klasifikasi"] = KlasifikasiPMKSFactory(
        keluarga=o["keluarga"], jenis=JenisPMKS.objects.get(singkatan="RTLH"), dinilai_oleh=tksk
    )

    # UU PDP: data subjects' requests to answer (pmks/registri/permintaan.py)
    from pmks.registri import permintaan as pm

    o["permintaan_akses"] = pm.permintaan_catat(user=tksk, keluarga=o["keluarga"], jenis="akses", nama_pemohon="Budi")
    o["permintaan_penarikan"] = pm.permintaan_catat(
        user=tksk, keluarga=o["keluarga"], jenis="penarikan", nama_pemohon="Budi"
    )
    # Duplicate queue: two records of one person in a Kanigaran household (pmks.ganda)
    from pmks.ganda.models import PasanganDuplikat

    kg = KeluargaFactory(kelurahan=o["kelurahan"], kepala__nama="Slamet Korpus", kepala__tanggal_lahir=date(1966, 6, 6))
    x, y = (AnggotaFactory(keluarga=kg, nama=nama, tanggal_lahir=date(1990, 3, 12), jenis_kelamin="P")
            for nama in ("Nur Aini", "Nur Aeni"))
    o["pasangan"] = PasanganDuplikat.objects.create(anggota_a=x, anggota_b=y, kode_kabkota="35.74", skor=80,
                                                    alasan=["nama_mirip"])

    # Pendampingan
    o["kunjungan"] = kunjungan(o["keluarga"], tanggal=date(2026, 3, 1), oleh=tksk)
    FotoKunjungan.objects.create(kunjungan=o["kunjungan"], berkas=foto_uji(), diunggah_oleh=tksk)
    o["tindak_lanjut"] = tindak_lanjut(o["keluarga"], batas=date(2026, 3, 9), oleh=tksk)
    o["psks"] = psks(o["kelurahan"], oleh=tksk)
    o["rujukan"] = rujukan(o["keluarga"], oleh=tksk)

    # Aid: a program of each assessed type; proposals in every status an action starts from.
    o["program"] = buat_program(
        "korpus-ternak", c.JenisProgram.TERNAK, bentuk=c.BentukBantuan.NATURA, nilai_per_penerima=3_000_000,
        uraian_barang="2 ekor kambing", jumlah_barang=2, satuan="ekor",
    )
    o["program_modal"] = buat_program("korpus-modal", c.JenisProgram.MODAL_USAHA)
    o["program_rtlh"] = buat_program("korpus-rtlh", c.JenisProgram.RTLH)
    o["program_pkh"] = buat_program(
        "korpus-pkh", c.JenisProgram.PKH, sumber_dana=c.SumberDana.APBN, dikelola_dinas=False
    )  # external: recipients come from BNBA lists, no proposals here
    o["draft"] = usulan_status(o["program"], keluarga_pmks(), S.DRAFT, oleh=tksk)
    o["diajukan"] = usulan_status(o["program"], keluarga_pmks(), S.DIAJUKAN, oleh=tksk)
    o["diverifikasi"] = usulan_status(o["program"], keluarga_pmks(), S.DIVERIFIKASI, oleh=tksk)
    o["disetujui"] = usulan_status(o["program"], keluarga_pmks(), S.DISETUJUI, oleh=tksk)
    o["disalurkan"] = usulan_status(o["program"], keluarga_pmks(), S.DISETUJUI, oleh=tksk)
    penyaluran_svc.penyaluran_catat(
        usulan=o["disalurkan"], oleh=dinsos, tanggal=o["program"].periode_mulai, diterima_oleh="Siti",
        foto_bukti=jpeg(),
    )
    o["disalurkan"].refresh_from_db()
    o["keluarga_pengganti"] = keluarga_pmks()
    usulan_svc.lampiran_tambah(usulan=o["diajukan"], oleh=tksk, berkas=png(), jenis="foto_rumah")

    # Imports: one ready to confirm, one with errors (to cancel), one stuck while saving (to retry).
    o["impor_siap"] = impor_svc.impor_periksa(impor_id=impor_svc.impor_buat(user=tksk, berkas=xlsx_sah()).pk)
    assert o["impor_siap"].status == StatusImpor.SIAP, o["impor_siap"].galat
    buruk = baris_impor()
    buruk[0]["Kelurahan"] = "Atlantis"
    o["impor_galat"] = impor_svc.impor_periksa(
        impor_id=impor_svc.impor_buat(user=tksk, berkas=SimpleUploadedFile("b.xlsx", contoh.tulis_xlsx(buruk))).pk
    )
    macet = impor_svc.impor_periksa(impor_id=impor_svc.impor_buat(user=tksk, berkas=xlsx_sah("c.xlsx")).pk)
    # Saving, with a live heartbeat: no page read touches it. The impor_ulangi entry makes its
    # heartbeat stale (its process "dies") right before it posts.
    Impor.objects.filter(pk=macet.pk).update(
        status=StatusImpor.MENYIMPAN, mulai_simpan_pada=timezone.now() - timezone.timedelta(hours=2),
        diperbarui_pada=timezone.now() + timezone.timedelta(days=1),
    )
    o["impor_macet"] = macet

    # Eligibility drift: an active recipient (programme for desil ≤ 4) whose newest DTSEN desil is 7.
    from bantuan.models import TandaDesil
    from pmks.models import SumberDesil
    from pmks.registri.desil import desil_catat_massal

    terbatas = usulan_status(buat_program("korpus-d4", desil_maksimum=4), keluarga_pmks(desil=3), S.DISETUJUI,
                             oleh=tksk)
    desil_catat_massal([{"keluarga_id": terbatas.keluarga_id, "desil": 7, "sumber": SumberDesil.DTSEN,
                         "posisi_data": date(2026, 1, 1), "keterangan": "DTSEN"}], oleh=dinsos)
    o["tanda_desil"] = TandaDesil.objects.get(usulan=terbatas)

    # Complaints (aduan): one at each status a step starts from, and a second Kanigaran TKSK to reassign to.
    from bantuan.aduan import choices as ac
    from tests.bantuan.aduan.helpers import aduan_pada

    for nama, status, keputusan in (
        ("aduan_diterima", ac.StatusAduan.DITERIMA, ac.Keputusan.DIKABULKAN),
        ("aduan_diverifikasi", ac.StatusAduan.DIVERIFIKASI, ac.Keputusan.DIKABULKAN),
        ("aduan_dikabulkan", ac.StatusAduan.DIPUTUSKAN, ac.Keputusan.DIKABULKAN),
        ("aduan_ditolak", ac.StatusAduan.DIPUTUSKAN, ac.Keputusan.DITOLAK),
    ):
        o[nama] = aduan_pada(status, tksk=tksk, dinsos=dinsos, keputusan=keputusan)
    o["tksk_kedua"] = PenggunaFactory(username="tksk.kanigaran2", peran="tksk", wilayah=kec)

    # Monthly report of Kanigaran: October submitted (no stored PDF needed to return/accept it).
    o["laporan"] = LaporanBulanan.objects.create(
        kecamatan=kec, periode=date(2026, 10, 1), penyusun=tksk, status=StatusLaporan.DIAJUKAN,
        kode_verifikasi=buat_kode_verifikasi(),
        snapshot={"narasi": {"kondisi_sosial": "a", "kendala": "b", "rencana_tindak_lanjut": "c"}},
    )
    laporan_svc.laporan_simpan_narasi(
        kecamatan=kec, periode=Periode(date(2026, 11, 1)), oleh=tksk, versi=0, kondisi_sosial="Kondusif",
        kendala="Hujan", rencana_tindak_lanjut="Kunjungan rumah",
    )
    # An unread notification of the TKSK (to open / mark read).
    o["notifikasi"] = beri_tahu(tksk, "impor_selesai", "Impor selesai", "/pmks/impor/", kunci="korpus:notifikasi")
    # A data-breach incident, open (the administrator records who was notified, then closes it).
    from pmks.models import InsidenKebocoran

    o["insiden"] = InsidenKebocoran.objects.create(
        judul="Akun TKSK dipakai orang lain", ditemukan_pada=timezone.now() - timezone.timedelta(hours=5),
        terjadi_sejak=timezone.localdate() - timezone.timedelta(days=3), uraian="Sandi dibagikan lewat WA.",
        data_terdampak="NIK dan alamat", jumlah_keluarga=12, dicatat_oleh=d.persona["admin"],
    )
    return d
