"""Reads for offline work: the download of a TKSK's kecamatan and a household's form values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from pmks.registri import choices as c
from tksk.format import samarkan
from tksk.scoping import kelurahan_untuk, wilayah_tugas

from ..models import Anggota, Keluarga
from ..registri.forms import AnggotaForm, KeluargaForm
from ..registri.services import KOLOM_ANGGOTA, KOLOM_KELUARGA

AWALAN_ANGGOTA = "anggota"
# Member fields of the edit form (``pmks.registri.forms.AnggotaForm``) besides the row id.
KOLOM_ISIAN_ANGGOTA = [*KOLOM_ANGGOTA, "alasan_konfirmasi_nik"]
# What is stored on the phone, said on the page (templates/pmks/luring/beranda.html) in these words.
ISI_UNDUHAN = (
    "nama kepala keluarga, alamat, RT/RW dan kelurahan, No. KK tersamar, data kondisi rumah dan "
    "kesejahteraan, serta NIK, nama, tempat dan tanggal lahir, jenis kelamin, hubungan, status "
    "perkawinan, pendidikan, pekerjaan dan disabilitas anggota yang masih tinggal bersama"
)


def _teks(nilai) -> str:
    if nilai is None:
        return ""
    if isinstance(nilai, date):
        return nilai.isoformat()
    if isinstance(nilai, Decimal):
        return str(nilai)
    return str(nilai)


def nilai_isian(keluarga: Keluarga, anggota: list[Anggota]) -> dict[str, str]:
    """The household as the edit form (``KeluargaForm`` + member formset) posts it: field name →
    text. ``anggota``: the active members, ordered by id (the edit view's queryset)."""
    hasil = {kolom: _teks(getattr(keluarga, f"{kolom}_id" if kolom == "kelurahan" else kolom))
             for kolom in KOLOM_KELUARGA}
    hasil[f"{AWALAN_ANGGOTA}-TOTAL_FORMS"] = str(len(anggota))
    hasil[f"{AWALAN_ANGGOTA}-INITIAL_FORMS"] = str(len(anggota))
    for i, a in enumerate(anggota):
        hasil[f"{AWALAN_ANGGOTA}-{i}-id"] = str(a.pk)
        for kolom in KOLOM_ISIAN_ANGGOTA:
            hasil[f"{AWALAN_ANGGOTA}-{i}-{kolom}"] = _teks(getattr(a, kolom))
    return hasil


def _anggota_aktif() -> Prefetch:
    return Prefetch(
        "anggota", queryset=Anggota.objects.filter(status=c.StatusAnggota.AKTIF).order_by("id"), to_attr="aktif_list"
    )


def _ringkas(k: Keluarga) -> dict:
    kepala = next((a for a in k.aktif_list if a.hubungan == c.Hubungan.KEPALA), None)
    return {
        "id": k.pk,
        "versi": k.versi,
        "kepala": kepala.nama if kepala else "Tanpa kepala keluarga",
        "alamat": k.alamat,
        "rt": k.rt,
        "rw": k.rw,
        "kelurahan": k.kelurahan.nama,
        "kk": samarkan(k.no_kk),
        "jumlah_anggota": len(k.aktif_list),
        "isian": nilai_isian(k, k.aktif_list),
    }


def keluarga_server(keluarga: Keluarga) -> dict:
    """The server's current household (for a conflict answer): same shape as one downloaded record."""
    k = Keluarga.objects.select_related("kelurahan").prefetch_related(_anggota_aktif()).get(pk=keluarga.pk)
    return _ringkas(k)


def _label(form_class, kolom: str) -> str:
    field = form_class.base_fields.get(kolom)
    return str(field.label) if field is not None and field.label else kolom.replace("_", " ").capitalize()


def _pilihan(form_class, kolom: str) -> dict[str, str]:
    field = form_class.base_fields.get(kolom)
    choices = getattr(field, "choices", None)
    if choices is None or kolom == "kelurahan":
        return {}
    return {str(v): str(t) for v, t in choices if str(v)}


def keterangan_kolom(user) -> dict:
    """Labels and choice texts of the edit form's fields, for the conflict screen on the phone."""
    kelurahan = {str(w.pk): w.nama for w in kelurahan_untuk(user, write=True).order_by("kode")}
    return {
        "label": {
            **{k: _label(KeluargaForm, k) for k in KOLOM_KELUARGA},
            **{f"anggota.{k}": _label(AnggotaForm, k) for k in KOLOM_ISIAN_ANGGOTA},
        },
        "pilihan": {
            **{k: _pilihan(KeluargaForm, k) for k in KOLOM_KELUARGA},
            "kelurahan": kelurahan,
            **{f"anggota.{k}": _pilihan(AnggotaForm, k) for k in KOLOM_ISIAN_ANGGOTA},
        },
    }


def per_halaman_unduhan() -> int:
    """Households per page of the download (``SIDAMPING_LURING_PER_HALAMAN``, default 200 ≈ 450 KB)."""
    return max(1, int(getattr(settings, "SIDAMPING_LURING_PER_HALAMAN", 200)))


def unduhan_kecamatan(*, user, setelah: int | None = None, ukuran: int | None = None) -> dict:
    """One page of the active households of the user's (one) kecamatan, read through the scoping module.

    Keyset pagination on the household id: a page holds at most ``ukuran`` households (bounded by
    :func:`per_halaman_unduhan`) with ids above ``setelah``; ``berikutnya`` is the ``setelah`` of the
    next page (None on the last). Ids only grow, so the pages of one download hold every household
    that existed throughout exactly once, whatever is written meanwhile, and a phone that lost its
    signal resumes at its last page. The first page (``setelah`` None) also carries the labels, the
    choice texts and the total, for the progress shown while downloading.
    """
    batas = per_halaman_unduhan()
    ukuran = min(max(ukuran or batas, 1), batas)
    qs = Keluarga.objects.for_user(user, write=True).aktif()
    halaman_qs = qs.select_related("kelurahan").prefetch_related(_anggota_aktif()).order_by("id")
    if setelah is not None:
        halaman_qs = halaman_qs.filter(id__gt=setelah)
    baris = list(halaman_qs[: ukuran + 1])
    berikutnya = baris[ukuran - 1].pk if len(baris) > ukuran else None
    hasil = {
        "pengguna": user.pk,
        "username": user.get_username(),
        "keluarga": [_ringkas(k) for k in baris[:ukuran]],
        "berikutnya": berikutnya,
        "ukuran_halaman": ukuran,
    }
    if setelah is None:
        hasil.update({
            "kecamatan": str(wilayah_tugas(user)),
            "diunduh_pada": timezone.now().isoformat(),
            "isi": ISI_UNDUHAN,
            "jumlah": qs.count(),
            **keterangan_kolom(user),
        })
    return hasil
