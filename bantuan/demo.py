"""DEMO aid data (idempotent): the programs of the current year, then — when the registry demo
has created households — proposals in various statuses, distributions, external PKH/BPNT
receipts and overlap cases. Everything goes through the services, so histories are real.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from pmks.models import JenisPMKS, Keluarga
from tksk.models import Pengguna, Peran, Wilayah

from . import choices as c
from . import services as svc
from .models import KuotaKecamatan, ProgramBantuan, Usulan

PENANDA = "[demo]"


def _tulis(stdout, teks: str) -> None:
    if stdout is not None:
        stdout.write(f"  bantuan: {teks}")


def _program(tahun: int, kode: str, pmks: list[str], **data) -> ProgramBantuan:
    program, _ = ProgramBantuan.objects.get_or_create(
        kode=f"{kode}-{tahun}",
        defaults={"tahun_anggaran": tahun, "periode_mulai": date(tahun, 1, 1), "periode_selesai": date(tahun, 12, 31),
                  **data},
    )
    if pmks and not program.jenis_pmks.exists():
        program.jenis_pmks.set(JenisPMKS.objects.filter(singkatan__in=pmks))
    return program


def buat_program(tahun: int) -> dict[str, ProgramBantuan]:
    p = {
        "sembako": _program(
            tahun, "sembako", ["FM", "LUT", "PD", "KR"], nama="Program Sembako", jenis=c.JenisProgram.SEMBAKO,
            sumber_dana=c.SumberDana.APBN, bentuk=c.BentukBantuan.BARANG, nilai_per_penerima=200_000,
            uraian_barang="Bantuan pangan (e-voucher/paket sembako) Rp200.000 per bulan",
            frekuensi=c.Frekuensi.BULANAN, kuota_total=300, desil_maksimum=4,
            uraian="Rp200.000 per KPM per bulan, disalurkan per tahap 2–3 bulan.",
        ),
        "rtlh": _program(
            tahun, "rtlh", ["RTLH", "FM"], nama="Rehabilitasi Rumah Tidak Layak Huni (RTLH)",
            jenis=c.JenisProgram.RTLH, sumber_dana=c.SumberDana.APBD_KOTA, bentuk=c.BentukBantuan.BARANG,
            nilai_per_penerima=20_000_000, uraian_barang="Bahan bangunan dan upah rehab rumah",
            jumlah_barang=1, satuan="unit", frekuensi=c.Frekuensi.SEKALI, kuota_total=50, batas_ulang_tahun=10,
            uraian="Kriteria: lantai tanah/bambu, dinding bambu, tanpa sanitasi, < 7,2 m² per orang, tanah milik "
            "sendiri tanpa sengketa, belum pernah menerima bantuan perumahan.",
        ),
        "ternak": _program(
            tahun, "ternak-kambing", ["FM", "KR", "PRSE"], nama="Bantuan Ternak Kambing",
            jenis=c.JenisProgram.TERNAK, sumber_dana=c.SumberDana.APBD_KOTA, bentuk=c.BentukBantuan.NATURA,
            nilai_per_penerima=3_000_000, uraian_barang="2 ekor kambing betina", jumlah_barang=2, satuan="ekor",
            frekuensi=c.Frekuensi.SEKALI, kuota_total=40,
            uraian="Nilai per penerima adalah perkiraan harga 2 ekor kambing; dipantau TKSK setelah disalurkan.",
        ),
        "uep": _program(
            tahun, "uep", ["FM", "PRSE", "KR", "PD"], nama="Modal Usaha Ekonomi Produktif (UEP)",
            jenis=c.JenisProgram.MODAL_USAHA, sumber_dana=c.SumberDana.APBD_PROVINSI, bentuk=c.BentukBantuan.TUNAI,
            nilai_per_penerima=1_500_000, frekuensi=c.Frekuensi.SEKALI, kuota_total=100,
            uraian="Modal usaha, bukan untuk konsumsi; disertai daftar kebutuhan alat. Penggunaan diawasi TKSK.",
        ),
        "pkh": _program(
            tahun, "pkh", [], nama="Program Keluarga Harapan (PKH)", jenis=c.JenisProgram.PKH,
            sumber_dana=c.SumberDana.APBN, bentuk=c.BentukBantuan.TUNAI, nilai_per_penerima=2_400_000,
            frekuensi=c.Frekuensi.SEKALI, dikelola_dinas=False,
            uraian="Program pusat; nilai per komponen per tahun (contoh: lansia Rp2.400.000). Penerima dari BNBA.",
        ),
        "bpnt": _program(
            tahun, "bpnt", [], nama="Bantuan Pangan Non Tunai (BPNT)", jenis=c.JenisProgram.BPNT,
            sumber_dana=c.SumberDana.APBN, bentuk=c.BentukBantuan.TUNAI, nilai_per_penerima=200_000,
            frekuensi=c.Frekuensi.BULANAN, dikelola_dinas=False, uraian="Program pusat; penerima dari BNBA.",
        ),
    }
    p["ternak"].tidak_boleh_bersamaan.add(p["uep"])  # livestock and business capital: not both
    p["sembako"].tidak_boleh_bersamaan.add(p["bpnt"])  # local food aid is for those without BPNT
    for kec in Wilayah.objects.kecamatan().filter(kode__startswith="35.74."):
        KuotaKecamatan.objects.get_or_create(program=p["rtlh"], kecamatan=kec, defaults={"kuota": 10})
    return p


def _tksk_untuk(keluarga: Keluarga) -> Pengguna | None:
    return Pengguna.objects.filter(peran=Peran.TKSK, wilayah_id=keluarga.kelurahan.induk_id).first()


@transaction.atomic
def isi_demo(stdout=None) -> None:
    hari_ini = timezone.localdate()
    program = buat_program(hari_ini.year)
    _tulis(stdout, f"{len(program)} program tahun {hari_ini.year}")
    if Usulan.objects.filter(justifikasi__startswith=PENANDA).exists():
        return
    dinsos = Pengguna.objects.filter(peran=Peran.DINSOS).first()
    keluarga = list(
        Keluarga.objects.aktif().filter(klasifikasi__aktif=True).distinct().select_related("kelurahan").order_by("id")
    )
    keluarga = [k for k in keluarga if _tksk_untuk(k) is not None]
    if dinsos is None or len(keluarga) < 12:
        _tulis(stdout, "belum ada cukup keluarga demo; usulan dilewati")
        return

    def usul(k, prog, teks, asesmen=None):
        return svc.usulan_buat(
            oleh=_tksk_untuk(k), keluarga=k, program=prog, justifikasi=f"{PENANDA} {teks}",
            asesmen=asesmen or {}, ajukan=True,
        )

    def setujui(u):
        svc.usulan_verifikasi(usulan=u, oleh=dinsos, catatan="Berkas lengkap, survei lapangan sesuai.")
        svc.usulan_setujui(usulan=u, oleh=dinsos)
        return u

    awal_tahun = date(hari_ini.year, 1, 1)
    n = 0
    # Sembako: approved and distributed monthly for the first four households.
    for k in keluarga[:4]:
        u = setujui(usul(k, program["sembako"], "Fakir miskin, penghasilan tidak tetap."))
        for bulan in range(1, min(hari_ini.month, 3) + 1):
            if date(hari_ini.year, bulan, 10) <= hari_ini:
                svc.penyaluran_catat(
                    usulan=u, oleh=dinsos, tanggal=date(hari_ini.year, bulan, 10), diterima_oleh="Kepala keluarga",
                )
        n += 1
    # External PKH for two of them → overlap (allowed combination, but listed).
    for k in keluarga[:2]:
        svc.penerimaan_eksternal_catat(
            program=program["pkh"], keluarga=k, periode_mulai=awal_tahun, periode_selesai=date(hari_ini.year, 12, 31),
            sumber=f"BNBA PKH {hari_ini.year} (demo)", impor_ref="demo",
        )
    # External BPNT for one household that is also proposed for Sembako → "not combinable" warning.
    svc.penerimaan_eksternal_catat(
        program=program["bpnt"], keluarga=keluarga[4], periode_mulai=awal_tahun,
        periode_selesai=date(hari_ini.year, 12, 31), sumber=f"BNBA BPNT {hari_ini.year} (demo)", impor_ref="demo",
    )
    usul(keluarga[4], program["sembako"], "Lansia tinggal sendiri.")
    # Ternak: distributed, with monitoring; the same household proposed for UEP → warning.
    u = setujui(usul(keluarga[5], program["ternak"], "Berpengalaman memelihara kambing.",
                     {"kandang_tersedia": "ya", "sumber_pakan": "Rumput lapangan",
                      "pengalaman_beternak": "ya"}))
    svc.penyaluran_catat(usulan=u, oleh=dinsos, tanggal=min(awal_tahun.replace(day=15), hari_ini),
                         diterima_oleh="Kepala keluarga", jumlah_barang=2, uraian="2 ekor kambing betina")
    svc.monitoring_catat(usulan=u, oleh=dinsos, tanggal=hari_ini, ternak_hidup=3, ternak_lahir=1, ternak_dijual=0,
                         ternak_mati=0, catatan="Satu anak kambing lahir.")
    usul(keluarga[5], program["uep"], "Ingin membuka warung kopi.",
         {"jenis_usaha": "Warung kopi", "rencana_usaha": "Berjualan di depan rumah",
          "daftar_kebutuhan": "Kompor, termos, gelas, etalase"})
    # UEP approved and distributed.
    u = setujui(usul(keluarga[6], program["uep"], "Penjahit rumahan, butuh mesin jahit.",
                     {"jenis_usaha": "Jahit", "rencana_usaha": "Menerima jahitan tetangga",
                      "daftar_kebutuhan": "Mesin jahit portabel, benang, kain"}))
    svc.penyaluran_catat(usulan=u, oleh=dinsos, tanggal=min(awal_tahun.replace(day=20), hari_ini),
                         diterima_oleh="Penerima")
    svc.monitoring_catat(usulan=u, oleh=dinsos, tanggal=hari_ini, usaha_berjalan=True, catatan="Usaha berjalan.")
    # RTLH: one submitted, one verified, one returned, one rejected; a Ternak proposal cancelled.
    rtlh = {"kondisi_atap": "Genteng bocor", "kondisi_dinding": "Anyaman bambu", "kondisi_lantai": "Tanah",
            "status_tanah": "milik_sendiri", "ada_jamban": "tidak"}
    usul(keluarga[7], program["rtlh"], "Rumah lantai tanah, dinding bambu.", rtlh)
    svc.usulan_verifikasi(usulan=usul(keluarga[8], program["rtlh"], "Atap hampir roboh.", rtlh), oleh=dinsos)
    svc.usulan_kembalikan(usulan=usul(keluarga[9], program["rtlh"], "Dinding rusak.", rtlh), oleh=dinsos,
                          catatan="Lengkapi foto rumah tampak depan dan bukti kepemilikan tanah.")
    svc.usulan_tolak(usulan=usul(keluarga[10], program["rtlh"], "Rumah retak.", rtlh), oleh=dinsos,
                     alasan="Tanah bukan milik sendiri (sewa).")
    u = usul(keluarga[11], program["ternak"], "Diusulkan lalu pindah.",
             {"kandang_tersedia": "tidak", "sumber_pakan": "-"})
    svc.usulan_batalkan(usulan=u, oleh=_tksk_untuk(keluarga[11]), alasan="Keluarga pindah ke luar kota.")
    _tulis(stdout, f"usulan demo dibuat ({n} penerima sembako, berbagai status)")
