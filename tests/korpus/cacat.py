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

CACAT: dict[int, list[str]] = {
    3: [
    ],
    10: [
        "program_buat-angka_int_lewat-nilai_per_penerima",
        "program_buat-angka_raksasa-kuota_{kecamatan}",
        "program_buat-angka_int_lewat-kuota_{kecamatan}",
        "program_ubah-angka_raksasa-kuota_{kecamatan}",
        "program_ubah-angka_int_lewat-kuota_{kecamatan}",
        "usulan_buat-angka_raksasa-perkiraan_biaya",
        "usulan_buat-angka_int_lewat-perkiraan_biaya",
        "penyaluran_buat-angka_raksasa-nilai",
        "penyaluran_buat-angka_int_lewat-nilai",
        "monitoring_buat-angka_raksasa-ternak_hidup",
        "monitoring_buat-angka_smallint_lewat-ternak_hidup",
        "monitoring_buat-angka_raksasa-ternak_lahir",
        "monitoring_buat-angka_smallint_lewat-ternak_lahir",
        "monitoring_buat-angka_raksasa-ternak_dijual",
        "monitoring_buat-angka_smallint_lewat-ternak_dijual",
        "monitoring_buat-angka_raksasa-ternak_mati",
        "monitoring_buat-angka_smallint_lewat-ternak_mati",
    ],
    11: [
        "ekspor_keluarga_csv-null-q",
        "ekspor_keluarga_csv-null-kelurahan",
        "ekspor_keluarga_csv-null-jenis",
        "ekspor_keluarga_csv-null-status",
        "ekspor_keluarga_csv-null-bantuan",
        "ekspor_keluarga_csv-null-per",
        "ekspor_keluarga_csv-null-page",
        "ekspor_anggota_xlsx-null-q",
        "ekspor_anggota_xlsx-null-kelurahan",
        "ekspor_anggota_xlsx-null-jenis",
        "ekspor_anggota_xlsx-null-status",
        "ekspor_anggota_xlsx-null-bantuan",
        "ekspor_anggota_xlsx-null-per",
        "ekspor_anggota_xlsx-null-page",
        "tindak_lanjut_selesai-null-catatan",
        "usulan_massal-null-catatan",
        "usulan_aksi_ajukan-null-catatan",
        "usulan_aksi_verifikasi-null-catatan",
        "usulan_aksi_setujui-null-catatan",
    ],
    12: [
    ],
    13: [
    ],
    14: [
        "keluarga_ubah-aturan-tanpa_versi",
    ],
    16: [
    ],
    17: [
        "kunjungan_ubah-aturan-bimbingan_kelompok_satu_keluarga",
        "keluarga_tambah-lintang_mustahil-latitude",
        "keluarga_tambah-bujur_mustahil-longitude",
        "keluarga_tambah-tanggal_purba-tanggal_desil",
        "keluarga_tambah-tanggal_jauh-tanggal_desil",
        "keluarga_tambah-tanggal_purba-anggota-0-tanggal_lahir",
        "keluarga_tambah-teks_100kb-catatan",
        "keluarga_ubah-lintang_mustahil-latitude",
        "keluarga_ubah-bujur_mustahil-longitude",
        "keluarga_ubah-tanggal_purba-tanggal_desil",
        "keluarga_ubah-tanggal_jauh-tanggal_desil",
        "keluarga_ubah-teks_100kb-catatan",
        "keluarga_status-teks_100kb-alasan",
        "klasifikasi_tambah-tanggal_purba-tanggal_asesmen",
        "klasifikasi_tambah-teks_100kb-catatan",
        "klasifikasi_cabut-teks_100kb-alasan",
        "anggota_status-teks_100kb-alasan",
        "kunjungan_tambah-tanggal_purba-tanggal",
        "kunjungan_tambah-tanggal_jauh-tanggal_tindak_lanjut",
        "kunjungan_tambah-teks_100kb-catatan",
        "kunjungan_tambah-teks_100kb-hasil",
        "kunjungan_ubah-tanggal_purba-tanggal",
        "kunjungan_ubah-tanggal_jauh-tanggal_tindak_lanjut",
        "kunjungan_ubah-teks_100kb-catatan",
        "kunjungan_ubah-teks_100kb-hasil",
        "tindak_lanjut_tambah-tanggal_purba-batas_waktu",
        "tindak_lanjut_tambah-tanggal_jauh-batas_waktu",
        "tindak_lanjut_selesai-teks_100kb-catatan",
        "psks_tambah-teks_100kb-layanan",
        "psks_ubah-teks_100kb-layanan",
        "rujukan_tambah-tanggal_purba-tanggal",
        "rujukan_tambah-teks_100kb-alasan",
        "rujukan_status-teks_100kb-catatan",
        "rujukan_status-teks_100kb-hasil",
        "program_buat-tanggal_purba-periode_mulai",
        "program_buat-tanggal_jauh-periode_selesai",
        "program_buat-teks_100kb-uraian",
        "program_ubah-tanggal_jauh-periode_selesai",
        "program_ubah-teks_100kb-uraian",
        "usulan_buat-teks_100kb-justifikasi",
        "usulan_buat-teks_100kb-jenis_usaha",
        "usulan_buat-teks_100kb-rencana_usaha",
        "usulan_buat-teks_100kb-daftar_kebutuhan",
        "usulan_buat_rtlh-teks_100kb-kondisi_atap",
        "usulan_buat_rtlh-teks_100kb-kondisi_dinding",
        "usulan_buat_rtlh-teks_100kb-kondisi_lantai",
        "usulan_ubah-teks_100kb-justifikasi",
        "usulan_ubah-teks_100kb-sumber_pakan",
        "usulan_ubah-teks_100kb-lahan_kandang",
        "usulan_massal-teks_100kb-catatan",
        "usulan_aksi_ajukan-teks_100kb-catatan",
        "usulan_aksi_verifikasi-teks_100kb-catatan",
        "usulan_aksi_setujui-teks_100kb-catatan",
        "usulan_aksi_tolak-teks_100kb-catatan",
        "usulan_aksi_kembalikan-teks_100kb-catatan",
        "usulan_aksi_batalkan-teks_100kb-catatan",
        "penyaluran_buat-tanggal_purba-tanggal",
        "penyaluran_buat-teks_100kb-catatan",
        "monitoring_buat-tanggal_purba-tanggal",
        "monitoring_buat-teks_100kb-catatan",
        "penerima_ubah-teks_100kb-keterangan",
        "laporan_kembalikan-teks_100kb-catatan",
    ],
}


def alasan(kasus_id: str) -> str | None:
    """'#10 item N: …' when ``kasus_id`` is a known defect, else None."""
    for item, daftar in CACAT.items():
        if kasus_id in daftar:
            return f"#10 item {item}: {ITEM[item]}"
    return None
