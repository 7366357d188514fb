"""DEMO aid data (idempotent): the programs of the current year, then — when the registry demo
has created households — proposals in various statuses, distributions, external PKH/BPNT
receipts and overlap cases. Everything goes through the services, so histories are real.

Then the timestamps are backdated (DEMO only) so the aid history spans the last months: a
proposal is made some days after its household's registration, decisions follow it by days,
Sembako is distributed on the 10th of every month since approval (within the program year),
and status history, ``diajukan_pada``/``diputuskan_pada`` and ``dicatat_pada`` tell the same story.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from pmks.models import JenisPMKS, Keluarga
from pmks.registri.demo import tanggal_daftar, waktu_demo
from tksk.models import Pengguna, Peran, Wilayah

from . import choices as c
from .models import KuotaKecamatan, MonitoringBantuan, Penyaluran, ProgramBantuan, RiwayatStatusUsulan, Usulan
from .services import penyaluran as penyaluran_svc
from .services import usulan as usulan_svc

PENANDA = "[demo]"
S = c.StatusUsulan


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


def _atur_waktu(usulan: Usulan, *, mulai: date, rng: random.Random) -> date:
    """Backdate a demo proposal's history: made on ``mulai``, submitted minutes later, each later
    step (verification, decision, return, cancellation) some days after the previous one, never
    in the future. Returns the (local) day of the last step."""
    sekarang = timezone.now()
    # Not before the household's registration (same day) nor in the future.
    waktu = dibuat = min(max(waktu_demo(mulai, rng), usulan.keluarga.dibuat_pada + timedelta(hours=1)), sekarang)
    diajukan = diputuskan = None
    for i, r in enumerate(usulan.riwayat.order_by("id")):
        if i == 1:
            waktu += timedelta(minutes=rng.randint(5, 40))
        elif i > 1:
            waktu += timedelta(days=rng.randint(2, 6), hours=rng.randint(0, 3))
        waktu = min(waktu, sekarang)
        RiwayatStatusUsulan.objects.filter(pk=r.pk).update(pada=waktu)
        if r.ke == S.DIAJUKAN:
            diajukan = waktu
        if r.ke in (S.DISETUJUI, S.DITOLAK):
            diputuskan = waktu
    Usulan.objects.filter(pk=usulan.pk).update(
        dibuat_pada=dibuat, diajukan_pada=diajukan, diputuskan_pada=diputuskan,
    )
    return timezone.localdate(waktu)


def _salurkan(usulan: Usulan, *, oleh, tanggal: list[date], rng: random.Random, **data) -> date | None:
    """Record the (backdated) deliveries; the "disalurkan" step is dated on the first one."""
    keputusan = usulan.riwayat.order_by("-pada").values_list("pada", flat=True).first()
    pertama = None
    for t in tanggal:
        p = penyaluran_svc.penyaluran_catat(usulan=usulan, oleh=oleh, tanggal=t, **data)
        pada = min(max(waktu_demo(t, rng), keputusan + timedelta(hours=1)), timezone.now())
        Penyaluran.objects.filter(pk=p.pk).update(dicatat_pada=pada)
        if pertama is None:
            pertama = t
            usulan.riwayat.filter(ke=S.DISALURKAN).update(pada=pada)
    return pertama


def _monitoring(usulan: Usulan, *, oleh, tanggal: date, rng: random.Random, **data) -> None:
    m = penyaluran_svc.monitoring_catat(usulan=usulan, oleh=oleh, tanggal=tanggal, **data)
    MonitoringBantuan.objects.filter(pk=m.pk).update(dicatat_pada=min(waktu_demo(tanggal, rng), timezone.now()))


@transaction.atomic
def isi_demo(stdout=None) -> None:
    hari_ini = timezone.localdate()
    program = buat_program(hari_ini.year)
    _tulis(stdout, f"{len(program)} program tahun {hari_ini.year}")
    if Usulan.objects.filter(justifikasi__startswith=PENANDA).exists():
        return
    dinsos = Pengguna.objects.filter(peran=Peran.DINSOS).first()
    # Longest-registered households first: they carry the longest aid history.
    keluarga = list(
        Keluarga.objects.aktif().filter(klasifikasi__aktif=True).distinct().select_related("kelurahan")
        .order_by("dibuat_pada", "id")
    )
    keluarga = [k for k in keluarga if _tksk_untuk(k) is not None]
    if dinsos is None or len(keluarga) < 12:
        _tulis(stdout, "belum ada cukup keluarga demo; usulan dilewati")
        return
    demo = _RiwayatDemo(hari_ini=hari_ini, program=program, dinsos=dinsos)
    n = demo.sembako_dan_eksternal(keluarga[:5])
    demo.ternak_dan_uep(keluarga[5], keluarga[6])
    demo.rtlh_dan_batal(keluarga[7:12])
    _tulis(stdout, f"usulan demo dibuat ({n} penerima sembako, berbagai status)")


class _RiwayatDemo:
    """The demo proposals, each dated after its household's registration."""

    def __init__(self, *, hari_ini: date, program: dict, dinsos: Pengguna) -> None:
        self.hari_ini, self.program, self.dinsos = hari_ini, program, dinsos
        self.rng = random.Random("bantuan-demo")  # the same demo history on every machine

    def kapan(self, k: Keluarga, hari_lalu: int) -> date:
        """About ``hari_lalu`` days ago, but at least three days after the household's registration."""
        return min(self.hari_ini, max(self.hari_ini - timedelta(days=hari_lalu), tanggal_daftar(k) + timedelta(days=3)))

    def usul(self, k: Keluarga, kode_program: str, teks: str, asesmen: dict | None = None) -> Usulan:
        return usulan_svc.usulan_buat(
            oleh=_tksk_untuk(k), keluarga=k, program=self.program[kode_program], justifikasi=f"{PENANDA} {teks}",
            asesmen=asesmen or {}, ajukan=True,
        )

    def setujui(self, u: Usulan) -> Usulan:
        usulan_svc.usulan_verifikasi(usulan=u, oleh=self.dinsos, catatan="Berkas lengkap, survei lapangan sesuai.")
        usulan_svc.usulan_setujui(usulan=u, oleh=self.dinsos)
        return u

    def atur_waktu(self, u: Usulan, k: Keluarga, hari_lalu: int) -> date:
        return _atur_waktu(u, mulai=self.kapan(k, hari_lalu), rng=self.rng)

    def sembako_dan_eksternal(self, keluarga: list[Keluarga]) -> int:
        """Sembako approved months ago and distributed on the 10th of every month since (this program
        year) for four households; PKH/BPNT from BNBA lists for overlap. Returns the recipients."""
        hari_ini, rng, sembako = self.hari_ini, self.rng, self.program["sembako"]
        for k in keluarga[:4]:
            u = self.setujui(self.usul(k, "sembako", "Fakir miskin, penghasilan tidak tetap."))
            disetujui = self.atur_waktu(u, k, rng.randint(140, 175))
            bulan = [date(hari_ini.year, b, 10) for b in range(1, hari_ini.month + 1)]
            if bulan[0] > hari_ini:  # 1–9 January: the program year's first delivery is today's
                bulan = [hari_ini]
            _salurkan(u, oleh=self.dinsos, rng=rng, diterima_oleh="Kepala keluarga",
                      tanggal=[t for t in bulan if disetujui < t <= hari_ini and t >= sembako.periode_mulai])
        awal_tahun, akhir_tahun = date(hari_ini.year, 1, 1), date(hari_ini.year, 12, 31)
        # External PKH for two of them → overlap (allowed combination, but listed).
        for k in keluarga[:2]:
            penyaluran_svc.penerimaan_eksternal_catat(
                program=self.program["pkh"], keluarga=k, periode_mulai=awal_tahun, periode_selesai=akhir_tahun,
                sumber=f"BNBA PKH {hari_ini.year} (demo)", impor_ref="demo",
            )
        # External BPNT for one household that is also proposed for Sembako → "not combinable" warning.
        penyaluran_svc.penerimaan_eksternal_catat(
            program=self.program["bpnt"], keluarga=keluarga[4], periode_mulai=awal_tahun,
            periode_selesai=akhir_tahun, sumber=f"BNBA BPNT {hari_ini.year} (demo)", impor_ref="demo",
        )
        self.atur_waktu(self.usul(keluarga[4], "sembako", "Lansia tinggal sendiri."), keluarga[4], 12)
        return len(keluarga[:4])

    def ternak_dan_uep(self, peternak: Keluarga, penjahit: Keluarga) -> None:
        """Ternak distributed, with monitoring, and the same household proposed for UEP (→ warning);
        UEP approved and distributed for another."""
        hari_ini, rng = self.hari_ini, self.rng
        u = self.setujui(self.usul(peternak, "ternak", "Berpengalaman memelihara kambing.",
                                   {"kandang_tersedia": "ya", "sumber_pakan": "Rumput lapangan",
                                    "pengalaman_beternak": "ya"}))
        disetujui = self.atur_waktu(u, peternak, 120)
        salur = _salurkan(u, oleh=self.dinsos, rng=rng, tanggal=[min(disetujui + timedelta(days=14), hari_ini)],
                          diterima_oleh="Kepala keluarga", jumlah_barang=2, uraian="2 ekor kambing betina")
        _monitoring(u, oleh=self.dinsos, tanggal=max(salur, hari_ini - timedelta(days=10)), rng=rng, ternak_hidup=3,
                    ternak_lahir=1, ternak_dijual=0, ternak_mati=0, catatan="Satu anak kambing lahir.")
        self.atur_waktu(self.usul(peternak, "uep", "Ingin membuka warung kopi.",
                                  {"jenis_usaha": "Warung kopi", "rencana_usaha": "Berjualan di depan rumah",
                                   "daftar_kebutuhan": "Kompor, termos, gelas, etalase"}), peternak, 25)
        u = self.setujui(self.usul(penjahit, "uep", "Penjahit rumahan, butuh mesin jahit.",
                                   {"jenis_usaha": "Jahit", "rencana_usaha": "Menerima jahitan tetangga",
                                    "daftar_kebutuhan": "Mesin jahit portabel, benang, kain"}))
        disetujui = self.atur_waktu(u, penjahit, 100)
        salur = _salurkan(u, oleh=self.dinsos, rng=rng, tanggal=[min(disetujui + timedelta(days=10), hari_ini)],
                          diterima_oleh="Penerima")
        _monitoring(u, oleh=self.dinsos, tanggal=max(salur, hari_ini - timedelta(days=5)), rng=rng,
                    usaha_berjalan=True, catatan="Usaha berjalan.")

    def rtlh_dan_batal(self, keluarga: list[Keluarga]) -> None:
        """RTLH: one submitted, one verified, one returned, one rejected; a Ternak proposal cancelled."""
        dinsos = self.dinsos
        rtlh = {"kondisi_atap": "Genteng bocor", "kondisi_dinding": "Anyaman bambu", "kondisi_lantai": "Tanah",
                "status_tanah": "milik_sendiri", "ada_jamban": "tidak"}
        diajukan, diverifikasi, dikembalikan, ditolak, batal = keluarga
        self.atur_waktu(self.usul(diajukan, "rtlh", "Rumah lantai tanah, dinding bambu.", rtlh), diajukan, 8)
        u = self.usul(diverifikasi, "rtlh", "Atap hampir roboh.", rtlh)
        usulan_svc.usulan_verifikasi(usulan=u, oleh=dinsos)
        self.atur_waktu(u, diverifikasi, 30)
        u = self.usul(dikembalikan, "rtlh", "Dinding rusak.", rtlh)
        usulan_svc.usulan_kembalikan(usulan=u, oleh=dinsos,
                              catatan="Lengkapi foto rumah tampak depan dan bukti kepemilikan tanah.")
        self.atur_waktu(u, dikembalikan, 45)
        u = self.usul(ditolak, "rtlh", "Rumah retak.", rtlh)
        usulan_svc.usulan_tolak(usulan=u, oleh=dinsos, alasan="Tanah bukan milik sendiri (sewa).")
        self.atur_waktu(u, ditolak, 60)
        u = self.usul(batal, "ternak", "Diusulkan lalu pindah.", {"kandang_tersedia": "tidak", "sumber_pakan": "-"})
        usulan_svc.usulan_batalkan(usulan=u, oleh=_tksk_untuk(batal), alasan="Keluarga pindah ke luar kota.")
        self.atur_waktu(u, batal, 75)
