"""Known defects of issue #10 that the corpus still finds on this branch: the lead's merge checklist.

Each id is ``<entry>-<value>-<field>`` (the corpus test id). These run as STRICT xfails: when the
fix for item N lands, its cases pass, the strict xfail turns into a failure, and the id must be
removed here. Ids that stay after every fix are gaps no helper closed (say so on the issue).
Not listed: ``LEWATI_TABEL`` in ``daftar.py`` (cases that must not run before item 1 is fixed).
"""

from __future__ import annotations

ITEM = {
    3: "gambar bom dekompresi diterima",
    10: "angka tanpa batas kolom/domain (500 atau tersimpan)",
    11: "null byte: 500 (parameter ekspor, catatan massal), atau catatan opsional dibuang diam-diam lalu aksi jalan",
    12: "NIK/No. KK angka non-ASCII / null byte di impor: pesan 'bentrok' atau pratinjau 'Siap'",
    13: "halaman 4xx bawaan Django berbahasa Inggris",
    14: "suntingan tanpa field versi ditimpa diam-diam",
    16: "django-axes menulis username mentah ke varchar(255): username 100 kB → 500",
    17: "tanggal/teks/koordinat tanpa batas domain, atau aturan domain dilanggar, tetap tersimpan",
}

# Empty: every case the corpus found while issue #10 was open now passes. A new known defect goes
# here as "<entry>-<value>-<field>" under its item, and must be fixed before it is removed.
CACAT: dict[int, list[str]] = {}


def alasan(kasus_id: str) -> str | None:
    """'#10 item N: …' when ``kasus_id`` is a known defect, else None."""
    for item, daftar in CACAT.items():
        if kasus_id in daftar:
            return f"#10 item {item}: {ITEM[item]}"
    return None
