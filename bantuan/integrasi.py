"""What bantuan contributes to the registry's pages through ``pmks.ekstensi`` (registered in
``BantuanConfig.ready``): the household "Bantuan" panel, timeline events, the "has aid" filter
and dashboard figures. Each runs a constant number of queries.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, QuerySet
from django.urls import reverse

from pmks import ekstensi
from pmks.registri.pdp import keluarga_dibatasi
from tksk.format import rupiah
from tksk.permissions import Aksi, boleh
from tksk.scoping import boleh_tulis_wilayah

from . import choices as c
from .models import PenerimaanEksternal, Penyaluran, RiwayatStatusUsulan, Usulan


def konteks_panel(keluarga, user) -> dict:
    from .selectors import bantuan_keluarga

    data = bantuan_keluarga(keluarga=keluarga)
    return {
        "keluarga": keluarga,  # the "Usulkan bantuan" link carries it to the form
        "bantuan_usulan": data["usulan_list"],
        "bantuan_eksternal": data["eksternal_list"],
        # consent withdrawn (UU PDP): no "Usulkan bantuan" (the service refuses it too)
        "bantuan_boleh_usul": boleh(user, Aksi.AJUKAN_USULAN) and boleh_tulis_wilayah(user, keluarga.kelurahan)
        and not keluarga_dibatasi(keluarga),
    }


def konteks_panel_tanda_desil(keluarga, user) -> dict:
    from .selectors import tanda_desil_keluarga

    return {"tanda_desil": tanda_desil_keluarga(keluarga=keluarga),
            "boleh_putuskan": boleh(user, Aksi.VERIFIKASI_USULAN)}


def peristiwa_linimasa(keluarga, user) -> list[ekstensi.PeristiwaLinimasa]:
    hasil = []
    for r in RiwayatStatusUsulan.objects.filter(usulan__keluarga=keluarga).select_related("usulan__program", "oleh"):
        hasil.append(
            ekstensi.PeristiwaLinimasa(
                waktu=r.pada,
                jenis="Usulan",
                judul=f"Usulan {r.usulan.program.nama}: {r.get_ke_display()}",
                keterangan=r.catatan,
                url=reverse("bantuan:usulan_detail", args=[r.usulan_id]),
                ikon="bi-send",
                oleh=r.oleh.nama_tampil,
            )
        )
    for p in Penyaluran.objects.filter(usulan__keluarga=keluarga).select_related("usulan__program", "dicatat_oleh"):
        nilai = rupiah(p.nilai) if p.nilai else p.uraian
        hasil.append(
            ekstensi.PeristiwaLinimasa(
                waktu=p.dicatat_pada,
                jenis="Penyaluran",
                judul=f"Penyaluran {p.usulan.program.nama} ({p.tanggal:%d-%m-%Y})",
                keterangan=f"{nilai} · diterima {p.diterima_oleh}",
                url=reverse("bantuan:usulan_detail", args=[p.usulan_id]),
                ikon="bi-box-seam",
                oleh=p.dicatat_oleh.nama_tampil,
            )
        )
    return hasil


def peristiwa_aduan(keluarga, user) -> list[ekstensi.PeristiwaLinimasa]:
    """Complaints about the household on its timeline: intake and every status step (1 query).

    Privacy (issue #13): the reporter's identity is never shown here — no reporter fields, and no
    free text typed by staff (a reason may name the reporter), only the kind, the step and the
    decision. Reassignments and escalations (no status change) are left out.
    """
    from .aduan import choices as ac
    from .models import RiwayatStatusAduan

    hasil = []
    riwayat = (
        RiwayatStatusAduan.objects.filter(aduan__keluarga=keluarga).exclude(dari=F("ke"))
        .select_related("aduan", "oleh").order_by("pada", "id")
    )
    for r in riwayat:
        a = r.aduan
        langkah = "diterima" if not r.dari else ac.StatusAduan(r.ke).label.lower()
        if r.ke == ac.StatusAduan.DIPUTUSKAN and a.keputusan:
            langkah += f" ({a.get_keputusan_display().lower()})"
        hasil.append(ekstensi.PeristiwaLinimasa(
            waktu=r.pada, jenis="Aduan", judul=f"{ac.JenisAduan(a.jenis).label.split(' (')[0]} {langkah}",
            keterangan=a.get_kategori_display(), url=reverse("aduan:detail", args=[a.pk]), ikon="bi-megaphone",
            oleh=r.oleh.nama_tampil,
        ))
    return hasil


def filter_ada_bantuan(qs: QuerySet, ada: bool) -> QuerySet:
    """Households that receive aid (approved/distributed proposal with an active recipient, or an
    active external receipt) — or, with ``ada=False``, that receive none."""
    menerima = Exists(Usulan.objects.penerima_aktif().filter(keluarga_id=OuterRef("pk"))) | Exists(
        PenerimaanEksternal.objects.berlaku().filter(keluarga_id=OuterRef("pk"))
    )
    return qs.filter(menerima) if ada else qs.exclude(menerima)


def angka_dasbor(user, hari_ini) -> list:
    from tksk.scoping import kelurahan_untuk

    from .cakupan_halaman import jumlah_belum_terjangkau
    from .selectors import jumlah_usulan_menunggu

    menunggu = jumlah_usulan_menunggu(kelurahan_ids=kelurahan_untuk(user).values("id"))  # the aid rollup
    return [
        ekstensi.AngkaDasbor(
            kode="usulan_menunggu", judul="Usulan menunggu keputusan", nilai=menunggu,
            url=reverse("bantuan:usulan_list") + f"?status={c.FILTER_MENUNGGU_KEPUTUSAN}", ikon="bi-hourglass-split",
        ),
        ekstensi.AngkaDasbor(
            kode="belum_terjangkau", judul="Keluarga belum terjangkau",
            nilai=jumlah_belum_terjangkau(user=user, hari_ini=hari_ini),
            url=reverse("bantuan:belum_terjangkau"), ikon="bi-person-exclamation",
            keterangan="Memenuhi syarat program, tanpa bantuan dan tanpa usulan.",
        ),
    ]


def konteks_dasbor_aduan(user, hari_ini) -> dict:
    """The overdue complaints card of the home dashboard (TKSK and Dinas Sosial alike; 1–2 queries)."""
    from .aduan.selectors import aduan_terlambat

    daftar, jumlah = aduan_terlambat(user=user, hari_ini=hari_ini)
    return {"daftar": daftar, "jumlah": jumlah}


def konteks_dasbor_siksng(user, hari_ini) -> dict:
    """Days left to the monthly SIKS-NG cut-off, for the roles that propose or decide (1 query)."""
    from .siksng.selectors import batas_siksng

    if not (boleh(user, Aksi.AJUKAN_USULAN) or boleh(user, Aksi.VERIFIKASI_USULAN)):
        return {"tampil": False}
    return {"tampil": True, "batas": batas_siksng(hari_ini=hari_ini)}


BATAS_TUGAS = 30


def tugas_hari_ini(user, hari_ini) -> list[ekstensi.TugasHariIni]:
    """Proposals returned for revision in the user's area, each with "Perbaiki" (1 query)."""
    if not boleh(user, Aksi.AJUKAN_USULAN):
        return []
    from pmks.pendampingan.hari_ini import urut_rute

    from .selectors import kepala_subquery, rentang_area

    # the first BATAS_TUGAS returned proposals of the area by the proposals' own area key (one index range
    # of the area: ~3 ms for a 21 k-household kecamatan at 1 M households, where the household join read the
    # whole kecamatan's households, 175 ms), then checked against the household scope
    lingkup = Usulan.objects.for_user(user, write=True)
    area = rentang_area(Usulan.objects.all(), user=user)
    calon = (
        (area if area.query.has_filters() else lingkup)  # an area without a key: the household scope itself
        .filter(status=c.StatusUsulan.DIKEMBALIKAN).order_by("diubah_pada", "id").values("pk")[:BATAS_TUGAS]
    )
    qs = (
        lingkup.filter(pk__in=calon)
        .select_related("program", "keluarga__kelurahan")
        .annotate(nama_kepala=kepala_subquery("keluarga_id"))
        .order_by("diubah_pada", "id")[:BATAS_TUGAS]
    )
    hasil = []
    for u in qs:
        k = u.keluarga
        hasil.append(ekstensi.TugasHariIni(
            jenis="usulan_dikembalikan", judul=f"Usulan {u.program.nama} dikembalikan",
            keterangan=u.catatan_keputusan, keluarga_id=k.pk, nama_kepala=u.nama_kepala or "Tanpa kepala keluarga",
            alamat=f"{k.alamat} RT {k.rt}/RW {k.rw}" if k.rt or k.rw else k.alamat, kelurahan=k.kelurahan.nama,
            url_aksi=reverse("bantuan:usulan_ubah", args=[u.pk]), label_aksi="Perbaiki",
            urut=urut_rute(k.kelurahan.kode, k.rt, k.alamat), penting=True, ikon="bi-arrow-return-left",
        ))
    return hasil


def penerima_aktif(keluarga) -> bool:
    """The household receives aid now (an approved/distributed proposal with an active recipient)."""
    return Usulan.objects.filter(keluarga=keluarga).penerima_aktif().exists()


def anonimkan_salinan(keluarga, pengganti: dict) -> None:
    """UU PDP erasure: rewrite the frozen household records of the household's proposals.

    ``data_keluarga_beku`` is otherwise never changed after approval; an anonymisation is the one
    exception (the person's right to erasure, Pasal 8 UU 27/2022). Figures (counts, values) are
    untouched: only names, NIK, birth dates and, for a whole household, No. KK and address."""
    orang = pengganti.get("anggota") or {}
    kk = pengganti.get("keluarga")
    for usulan in Usulan.objects.filter(keluarga=keluarga).exclude(data_keluarga_beku=None).select_for_update():
        beku = dict(usulan.data_keluarga_beku)
        daftar = []
        for a in beku.get("anggota", []):
            baru = orang.get(a.get("id"))
            if baru:
                a = {**a, "nik": baru["nik"], "nama": baru["nama"], "tanggal_lahir": baru["tanggal_lahir"]}
            daftar.append(a)
        beku["anggota"] = daftar
        for baru in orang.values():
            if beku.get("kepala") == baru["nama_lama"]:
                beku["kepala"] = baru["nama"]
        if kk:
            beku.update({k: kk[k] for k in ("no_kk", "alamat", "rt", "rw")})
        Usulan.objects.filter(pk=usulan.pk).update(data_keluarga_beku=beku)


def daftarkan() -> None:
    ekstensi.daftarkan_pemegang_data(
        ekstensi.PemegangDataPribadi(kode="bantuan", penerima_aktif=penerima_aktif, anonimkan=anonimkan_salinan)
    )
    ekstensi.daftarkan_panel(
        ekstensi.Panel(
            kode="bantuan", judul="Bantuan", urutan=20, template="bantuan/includes/_panel_keluarga.html",
            konteks=konteks_panel,
        )
    )
    ekstensi.daftarkan_panel(
        ekstensi.Panel(
            kode="tanda_desil", judul="Syarat desil penerima", urutan=21,
            template="bantuan/includes/_panel_tanda_desil.html", konteks=konteks_panel_tanda_desil,
        )
    )
    from .services.desil import tanda_desil_catat

    ekstensi.daftarkan_pengamat_desil(tanda_desil_catat)  # a new desil above a programme's maximum
    ekstensi.daftarkan_linimasa(peristiwa_linimasa)
    ekstensi.daftarkan_linimasa(peristiwa_aduan)
    ekstensi.daftarkan_filter_bantuan(filter_ada_bantuan)
    from tksk import jadwal

    from .aduan.services import pindai_harian

    jadwal.daftarkan_pindaian("aduan_tenggat", pindai_harian)  # 07:00 WIB: hampir jatuh tempo / terlambat
    ekstensi.daftarkan_panel_dasbor(
        ekstensi.Panel(
            kode="aduan_terlambat", judul="Aduan melewati tenggat", urutan=10,
            template="bantuan/aduan/includes/_dasbor_terlambat.html", konteks=konteks_dasbor_aduan,
        )
    )
    ekstensi.daftarkan_panel_dasbor(
        ekstensi.Panel(
            kode="siksng_batas", judul="Batas unggah SIKS-NG", urutan=5,
            template="bantuan/includes/_dasbor_siksng.html", konteks=konteks_dasbor_siksng,
        )
    )
    ekstensi.daftarkan_angka_dasbor(angka_dasbor)
    from .cakupan import fakta_penerimaan_bangun, fakta_penerimaan_periksa
    from .models.rollup import bangun_rollup_bantuan, periksa_rollup_bantuan

    # manage.py bangun_rollup rebuilds (after bulk loads with triggers off) and checks these too
    ekstensi.daftarkan_rollup(
        ekstensi.Rollup(kode="bantuan", bangun=bangun_rollup_bantuan, periksa=periksa_rollup_bantuan)
    )
    ekstensi.daftarkan_rollup(
        ekstensi.Rollup(kode="fakta_penerimaan", bangun=fakta_penerimaan_bangun, periksa=fakta_penerimaan_periksa)
    )
    from .models.wilayah_usulan import isi_kode_wilayah, periksa_kode_wilayah

    # the proposals' kelurahan code (the queue's area key): refilled and checked like a rollup
    ekstensi.daftarkan_rollup(
        ekstensi.Rollup(kode="kode_wilayah_usulan", bangun=isi_kode_wilayah, periksa=periksa_kode_wilayah)
    )
    from . import sintetis

    sintetis.daftarkan()  # synthetic aid rows for manage.py buat_data_sintetis
    ekstensi.daftarkan_tugas_hari_ini(tugas_hari_ini)
