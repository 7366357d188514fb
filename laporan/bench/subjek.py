"""Who and what ``bench_skala`` measures: the largest kecamatan and its kab/kota, and a kecamatan and
a kab/kota of a fixed size.

The province generator spreads households over the whole province with a fixed shape, so the
largest kecamatan grows with the data set (Maospati: ~5 k households at 250 k, ~21 k at 1 M): its
growth factor mixes "my area got bigger" with "the rest of the province got bigger". The fixed-size
subjects are, at every size, the kecamatan and the kab/kota whose household counts are closest to
a target; their growth factor is ≈ 1 when a page's cost does not depend on areas the user cannot see.

Default targets: 2,000 households (kecamatan) and 8,000 (kab/kota). Both exist at 250 k, 1 M and
5 M households in Jawa Timur (666 kecamatan: at 250 k the 99th percentile is ~2,060 and the
largest 5,281; at 5 M the smallest is ~480 and the 10th percentile ~1,860. The 38 kab/kota run
from 437 to 16,854 at 250 k and from ~8,700 at 5 M; 8,000 is met within ~10 % at all three sizes,
a larger target is not: at 1 M no kab/kota lies between 7,428 and 15,084).
"""

from __future__ import annotations

from collections import Counter

from django.core.management.base import CommandError
from django.db.models import Count

from bantuan.models import Usulan
from pmks.models import Anggota, JenisPMKS, Keluarga
from tksk.models import Pengguna, Peran, Wilayah

TARGET_KECAMATAN = 2_000
TARGET_KOTA = 8_000


def pengguna_bench(username: str, peran: str, wilayah: Wilayah) -> Pengguna:
    user, _ = Pengguna.objects.update_or_create(
        username=username, defaults={"peran": peran, "wilayah": wilayah, "first_name": username, "is_active": True}
    )
    return user


def terdekat(ukuran: dict[str, int], target: int) -> str | None:
    """The code whose count is closest to ``target``; a tie goes to the smaller count, then the
    smaller code, so the choice depends on the data alone (not on the order rows come in)."""
    return min(ukuran, key=lambda kode: (abs(ukuran[kode] - target), ukuran[kode], kode), default=None)


def terbesar(ukuran: dict[str, int]) -> str | None:
    """The code with the largest count; a tie goes to the smaller code."""
    return min(ukuran, key=lambda kode: (-ukuran[kode], kode), default=None)


def ukuran_wilayah(kode_provinsi: str) -> tuple[Counter, Counter]:
    """Households per kecamatan and per kab/kota (by region code) below ``kode_provinsi``: one
    aggregate over households by desa/kelurahan, summed up the region tree in Python."""
    per_kelurahan = dict(
        Keluarga.objects.filter(kelurahan__kode__startswith=f"{kode_provinsi}.")
        .values_list("kelurahan_id").annotate(n=Count("id")).order_by()
    )
    kec: Counter = Counter()
    kota: Counter = Counter()
    pohon = Wilayah.objects.filter(pk__in=per_kelurahan).values_list("pk", "induk__kode", "induk__induk__kode")
    for pk, kode_kec, kode_kota in pohon:
        kec[kode_kec] += per_kelurahan[pk]
        kota[kode_kota] += per_kelurahan[pk]
    return kec, kota


def _nik_contoh(anggota) -> str:
    nik = list(anggota.values_list("nik", flat=True)[:8])
    return nik[-1] if nik else ""


def _subjek(kec: Wilayah, kota: Wilayah, n_kec: int, n_kota: int, *, akhiran: str) -> dict:
    """A TKSK of ``kec`` and a Dinsos of ``kota`` (users ``bench.skala.tksk{akhiran}`` …) with what
    their pages are opened on: a NIK, a household (one with a proposal if any), 300 households each."""
    contoh = Keluarga.objects.filter(kelurahan__induk=kec)
    detail = (
        Usulan.objects.filter(keluarga__kelurahan__induk=kec).values_list("keluarga_id", flat=True).first()
        or contoh.values_list("id", flat=True).first()
    )
    nik = _nik_contoh(Anggota.objects.filter(keluarga__kelurahan__induk=kec))
    # the Dinsos searches a NIK of its own kab/kota (a fixed-size kecamatan need not lie in the fixed kab/kota)
    nik_kota = nik if kec.induk_id == kota.pk else _nik_contoh(
        Anggota.objects.filter(keluarga__kelurahan__kode__startswith=f"{kota.kode}."))
    return {
        "kec": kec, "kota": kota, "n_kec": n_kec, "n_kota": n_kota,
        "tksk": pengguna_bench(f"bench.skala.tksk{akhiran}", Peran.TKSK, kec),
        "dinsos": pengguna_bench(f"bench.skala.dinsos{akhiran}", Peran.DINSOS, kota),
        "nik": nik, "nik_kota": nik_kota,
        "detail": detail,
        "detail_kota": list(
            Keluarga.objects.filter(kelurahan__kode__startswith=f"{kota.kode}.").values_list("id", flat=True)[:300]
        ),
        "detail_kec": list(contoh.values_list("id", flat=True)[:300]),
    }


def pilih_subjek(kode_provinsi: str, *, target_kec: int = TARGET_KECAMATAN, target_kota: int = TARGET_KOTA) -> dict:
    """``{"terbesar": …, "tetap": …}``: the largest kecamatan with its kab/kota (and the province's
    Dinsos user on ``terbesar``), and the kecamatan and kab/kota closest to the targets."""
    provinsi = Wilayah.objects.get(kode=kode_provinsi)
    kec, kota = ukuran_wilayah(kode_provinsi)
    if not kec:
        raise CommandError("Belum ada keluarga di provinsi ini.")
    wilayah = Wilayah.objects.select_related("induk").in_bulk([*kec, *kota], field_name="kode")
    besar = wilayah[terbesar(kec)]
    hasil = {
        "terbesar": _subjek(besar, besar.induk, kec[besar.kode], kota[besar.induk.kode], akhiran=""),
        "tetap": _subjek(wilayah[terdekat(kec, target_kec)], wilayah[terdekat(kota, target_kota)],
                         kec[terdekat(kec, target_kec)], kota[terdekat(kota, target_kota)], akhiran=".tetap"),
    }
    hasil["tetap"].update(target_kec=target_kec, target_kota=target_kota)
    fm = JenisPMKS.objects.get(singkatan="FM").pk
    for s in hasil.values():
        s.update(provinsi=provinsi, fm=fm)
    hasil["terbesar"]["provinsi_user"] = pengguna_bench("bench.skala.provinsi", Peran.DINSOS, provinsi)
    return hasil


def ringkas(subjek: dict) -> dict:
    """The subjects' areas and household counts, as kept in the JSON results."""
    return {
        nama: {
            "kecamatan": {"kode": s["kec"].kode, "nama": s["kec"].nama, "keluarga": s["n_kec"]},
            "kota": {"kode": s["kota"].kode, "nama": str(s["kota"]), "keluarga": s["n_kota"]},
            **({"target": [s["target_kec"], s["target_kota"]]} if "target_kec" in s else {}),
        }
        for nama, s in subjek.items()
    }
