"""Section: recipients flagged "tidak lagi memenuhi syarat desil" (eligibility drift) in the month.

Figures come from ONE selector, ``bantuan.selectors.tanda_desil_per_kelurahan``: flags raised in the
month (a new DTSEN desil above the programme's maximum for an active recipient), decided in the
month (dilanjutkan / dinonaktifkan, by Dinas Sosial with a reason) and still open at the month's
end. Counts only, by kelurahan (kecamatan in the city recap).
"""

from __future__ import annotations

from bantuan.selectors import tanda_desil_per_kelurahan

from . import Lingkup, bagian, kolom, per_unit_dari, tabel_per_unit

JUDUL = "Penerima tidak lagi memenuhi syarat desil"
KOLOM = [("ditandai", "Ditandai bulan ini"), ("dilanjutkan", "Dilanjutkan"), ("dinonaktifkan", "Dinonaktifkan"),
         ("terbuka", "Belum diputuskan (akhir bulan)")]


def bangun(lingkup: Lingkup) -> dict:
    p = lingkup.periode
    data = per_unit_dari(lingkup, tanda_desil_per_kelurahan(kelurahan_ids=lingkup.kelurahan_ids, mulai=p.mulai,
                                                            selesai=p.selesai))
    tabel = tabel_per_unit(
        lingkup, kode="desil_per_unit", judul=f"Tanda desil per {lingkup.label_unit.lower()}",
        kolom_nilai=[kolom(k, label) for k, label in KOLOM], data=data,
        catatan="Penerima aktif yang desil DTSEN terbarunya di atas batas desil programnya; diputuskan Dinas Sosial.",
    )
    return bagian(kode="desil", judul=JUDUL, tabel_list=[tabel])
