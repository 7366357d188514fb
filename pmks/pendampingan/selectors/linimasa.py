"""One timeline of a household (registration, classification, pendampingan and the sources other
apps register with ``pmks.ekstensi.daftarkan_linimasa``), newest first."""

from __future__ import annotations

from datetime import date, datetime, time

from django.apps import apps
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from ... import ekstensi
from ...ekstensi import PeristiwaLinimasa
from ...models import Keluarga
from .. import choices as pc
from ..models import RiwayatStatusRujukan
from .daftar import kunjungan_untuk, rujukan_untuk, tindak_lanjut_untuk
from .tanggal import JAKARTA


def _waktu_dari_tanggal(tanggal: date, dicatat: datetime | None) -> datetime:
    """A dated event (visit, referral) placed on the timeline: when it was recorded if recorded
    that same day (Jakarta), otherwise midday of that day."""
    if dicatat is not None and timezone.localtime(dicatat, JAKARTA).date() == tanggal:
        return dicatat
    return datetime.combine(tanggal, time(12, 0), tzinfo=JAKARTA)


def peristiwa_registri(keluarga: Keluarga, user) -> list[PeristiwaLinimasa]:
    """Registration and PMKS classification changes (2 queries)."""
    hasil = [
        PeristiwaLinimasa(
            waktu=keluarga.dibuat_pada, jenis="Registrasi", judul="Keluarga didaftarkan",
            keterangan=f"No. KK terdaftar di {keluarga.kelurahan.nama}" if keluarga.kelurahan_id else "",
            ikon="bi-house-add",
            oleh=keluarga.didaftarkan_oleh.nama_tampil if keluarga.didaftarkan_oleh_id else "",
        )
    ]
    # Classification changes: from the pghistory events of KlasifikasiPMKS (1 query).
    Event = apps.get_model("pmks", "KlasifikasiPMKSEvent")
    events = (
        Event.objects.filter(keluarga_id=keluarga.pk)
        .select_related("jenis", "anggota")
        .order_by("pgh_obj_id", "pgh_id")
    )
    sebelumnya: dict[int, object] = {}
    for ev in events:
        lalu = sebelumnya.get(ev.pgh_obj_id)
        sasaran = f" — {ev.anggota.nama}" if ev.anggota_id else ""
        if lalu is None:
            hasil.append(PeristiwaLinimasa(
                waktu=ev.pgh_created_at, jenis="Klasifikasi",
                judul=f"Ditetapkan sebagai {ev.jenis.nama}{sasaran}",
                keterangan=ev.catatan, ikon="bi-tag",
            ))
        elif lalu.aktif and not ev.aktif:
            hasil.append(PeristiwaLinimasa(
                waktu=ev.pgh_created_at, jenis="Klasifikasi",
                judul=f"Klasifikasi {ev.jenis.nama} dicabut{sasaran}",
                keterangan=ev.alasan_dicabut, ikon="bi-tag",
            ))
        elif not lalu.aktif and ev.aktif:
            hasil.append(PeristiwaLinimasa(
                waktu=ev.pgh_created_at, jenis="Klasifikasi",
                judul=f"Klasifikasi {ev.jenis.nama} diaktifkan kembali{sasaran}", ikon="bi-tag",
            ))
        sebelumnya[ev.pgh_obj_id] = ev
    return hasil


def peristiwa_pendampingan(keluarga: Keluarga, user) -> list[PeristiwaLinimasa]:
    """Visits, referral status changes and closed follow-ups (3 queries)."""
    hasil = []
    for kj in kunjungan_untuk(user).filter(keluarga=keluarga).select_related("dicatat_oleh").annotate(
        jumlah_keluarga=Count("keluarga")
    ):
        kelompok = f" (bersama {kj.jumlah_keluarga - 1} keluarga lain)" if kj.jumlah_keluarga > 1 else ""
        hasil.append(PeristiwaLinimasa(
            waktu=_waktu_dari_tanggal(kj.tanggal, kj.dibuat_pada), jenis="Kunjungan",
            judul=f"{kj.get_jenis_display()}{kelompok}", keterangan=kj.hasil or kj.catatan,
            url=reverse("pmks:kunjungan_detail", args=[kj.pk]), ikon="bi-person-walking",
            oleh=kj.dicatat_oleh.nama_tampil,
        ))
    riwayat = (
        RiwayatStatusRujukan.objects.filter(rujukan__in=rujukan_untuk(user).filter(keluarga=keluarga))
        .select_related("rujukan__psks", "oleh")
        .order_by("pada", "id")
    )
    for r in riwayat:
        rj = r.rujukan
        if not r.dari_status:
            judul = f"Dirujuk ke {rj.nama_tujuan}"
            keterangan = rj.alasan
        else:
            judul = f"Rujukan ke {rj.nama_tujuan}: {pc.StatusRujukan(r.ke_status).label.lower()}"
            keterangan = r.catatan
        hasil.append(PeristiwaLinimasa(
            waktu=r.pada, jenis="Rujukan", judul=judul, keterangan=keterangan,
            url=reverse("pmks:rujukan_detail", args=[rj.pk]), ikon="bi-signpost-split", oleh=r.oleh.nama_tampil,
        ))
    for tl in tindak_lanjut_untuk(user).filter(keluarga=keluarga).exclude(
        status=pc.StatusTindakLanjut.TERBUKA
    ).select_related("diselesaikan_oleh"):
        hasil.append(PeristiwaLinimasa(
            waktu=tl.diselesaikan_pada or tl.dibuat_pada, jenis="Tindak lanjut",
            judul=f"{tl.uraian}: {tl.get_status_display().lower()}", keterangan=tl.catatan_penyelesaian,
            ikon="bi-check2-square",
            oleh=tl.diselesaikan_oleh.nama_tampil if tl.diselesaikan_oleh_id else "",
        ))
    return hasil


def linimasa_keluarga(keluarga: Keluarga, user) -> list[PeristiwaLinimasa]:
    """One timeline of a household, newest first: registration, classification changes,
    pendampingan (visits, referrals and their status, closed follow-ups) and every source
    registered with ``pmks.ekstensi.daftarkan_linimasa`` (proposals, distributions, monitoring).

    The caller must already have checked that ``user`` may read ``keluarga``.
    """
    sumber_list = [peristiwa_registri, peristiwa_pendampingan]
    sumber_list += [s for s in ekstensi.sumber_linimasa() if s not in sumber_list]
    peristiwa: list[PeristiwaLinimasa] = []
    for sumber in sumber_list:
        peristiwa.extend(sumber(keluarga, user) or [])
    # Stable sort: same instant keeps source order reversed consistently (newest first).
    return sorted(peristiwa, key=lambda p: p.waktu, reverse=True)
