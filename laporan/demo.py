"""Demo reports (DEMO ONLY): kop surat settings, last month's Kanigaran report submitted by the
TKSK and accepted by Dinas Sosial (only submitted, and of this month, when the demo households
were all registered this month) and a draft for this month, so the report list shows history.
Idempotent; skipped when the registry has no Kanigaran households yet (no report
without figures)."""

from __future__ import annotations

from django.db import transaction

from pmks.models import Keluarga
from tksk.models import Pengguna, Wilayah

from . import services
from .models import PenandatanganCamat, PengaturanLaporan, StatusLaporan
from .periode import Periode
from .selectors import laporan_atau_none

KODE_KOTA = "35.74"
KODE_KANIGARAN = "35.74.04"

NARASI_BULAN_LALU = {
    "kondisi_sosial": (
        "Kondisi sosial Kecamatan Kanigaran relatif kondusif. Pendataan ulang keluarga PMKS dilanjutkan di "
        "Kelurahan Sukoharjo dan Kebonsari Wetan bersama PSM; beberapa keluarga lansia tunggal perlu kunjungan rutin."
    ),
    "kendala": (
        "Satu TKSK menangani enam kelurahan sehingga kunjungan rumah terbatas. Sebagian keluarga belum memiliki "
        "dokumen kependudukan yang lengkap untuk diusulkan."
    ),
    "rencana_tindak_lanjut": (
        "Koordinasi dengan kelurahan dan PSM untuk melengkapi dokumen; mengusulkan keluarga layak yang belum "
        "terjangkau pada program Sembako dan RTLH; kunjungan ulang keluarga dengan tindak lanjut terlambat."
    ),
}


def _tulis(stdout, teks: str) -> None:
    if stdout is not None:
        stdout.write(f"    laporan: {teks}")


@transaction.atomic
def isi_demo(stdout=None) -> None:
    kota = Wilayah.objects.filter(kode=KODE_KOTA).first()
    kanigaran = Wilayah.objects.filter(kode=KODE_KANIGARAN).first()
    if kota is None or kanigaran is None:
        _tulis(stdout, "wilayah belum dimuat; dilewati")
        return
    pengaturan, _ = PengaturanLaporan.objects.get_or_create(
        wilayah=kota,
        defaults={
            "nama_kepala_dinas": "Kepala Dinas Demo",
            "nip_kepala_dinas": "197501012000031001",
            "url_dasar": "http://127.0.0.1:8000",
        },
    )
    PenandatanganCamat.objects.get_or_create(
        kecamatan=kanigaran, defaults={"pengaturan": pengaturan, "nama": "Camat Kanigaran Demo", "nip": ""}
    )
    tksk = Pengguna.objects.filter(username="tksk.kanigaran", is_active=True).first()
    dinsos = Pengguna.objects.filter(username="dinsos", is_active=True).first()
    if tksk is None or not Keluarga.objects.filter(kelurahan__induk=kanigaran).exists():
        _tulis(stdout, "belum ada TKSK atau keluarga demo Kanigaran; laporan demo dilewati")
        return

    # Submit last month's report when the registry already had households then; demo households
    # registered this month make last month's figures empty, so the running month is submitted.
    ini = Periode.bulan_ini()
    lalu = ini.sebelumnya
    if not Keluarga.objects.filter(kelurahan__induk=kanigaran, dibuat_pada__lt=lalu.selesai).exists():
        lalu = ini
    laporan = laporan_atau_none(kecamatan=kanigaran, periode=lalu)
    if laporan is None or laporan.status == StatusLaporan.DRAF:
        services.laporan_simpan_narasi(
            kecamatan=kanigaran, periode=lalu, oleh=tksk, versi=laporan.versi if laporan else 0, **NARASI_BULAN_LALU
        )
        services.laporan_ajukan(kecamatan=kanigaran, periode=lalu, oleh=tksk)
        _tulis(stdout, f"laporan Kanigaran {lalu.teks} diajukan")
        laporan = laporan_atau_none(kecamatan=kanigaran, periode=lalu)
    if lalu != ini and dinsos is not None and laporan.status == StatusLaporan.DIAJUKAN:
        services.laporan_terima(kecamatan=kanigaran, periode=lalu, oleh=dinsos,
                                catatan="Diterima, terima kasih. (demo)")
        _tulis(stdout, f"laporan Kanigaran {lalu.teks} diterima Dinas Sosial")

    if lalu != ini and laporan_atau_none(kecamatan=kanigaran, periode=ini) is None:
        services.laporan_simpan_narasi(
            kecamatan=kanigaran,
            periode=ini,
            oleh=tksk,
            versi=0,  # no draft yet (checked above)
            kondisi_sosial="(draf) Catatan kondisi sosial bulan berjalan.",
            kendala="",
            rencana_tindak_lanjut="",
        )
        _tulis(stdout, f"draf laporan Kanigaran {ini.teks} dibuat")
