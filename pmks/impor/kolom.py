"""The spreadsheet columns of the registry: one definition for the template, the import, the
error report and the member export (so an export can be edited and imported again)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pmks.registri import choices as c


@dataclass(frozen=True)
class Kolom:
    kode: str  # field key used in the parsed rows
    judul: str  # header text in the template
    tingkat: str  # "keluarga" (household field) or "anggota" (member field)
    penjelasan: str
    contoh: str = ""
    pilihan: type[c.models.TextChoices] | None = None
    alias: tuple[str, ...] = ()


KOLOM: list[Kolom] = [
    Kolom("no_kk", "No. KK", "keluarga",
          "Nomor Kartu Keluarga, 16 digit, WAJIB. Ketik sebagai teks (format sel Teks), jangan sebagai angka. "
          "Baris-baris dengan No. KK yang sama membentuk satu keluarga.",
          "3574041501100001", alias=("nokk", "nomorkk", "nomorkartukeluarga", "kk")),
    Kolom("nik", "NIK", "anggota",
          "Nomor Induk Kependudukan, 16 digit, WAJIB. Ketik sebagai teks; NIK yang tersimpan sebagai angka "
          "atau notasi ilmiah (3,57E+15) ditolak karena digit terakhirnya hilang. Satu NIK hanya boleh muncul sekali.",
          "3574045203850002", alias=("nomorindukkependudukan", "nikkpm", "nikpenerima", "nikart")),
    Kolom("nama", "Nama", "anggota", "Nama lengkap sesuai KK. Wajib untuk anggota baru.", "Siti Aminah",
          alias=("namalengkap", "namaanggota", "namapenerima", "namakpm", "namaart")),
    Kolom("tempat_lahir", "Tempat lahir", "anggota", "Kota/kabupaten tempat lahir.", "Probolinggo"),
    Kolom("tanggal_lahir", "Tanggal lahir", "anggota",
          "Wajib untuk anggota baru. Tanggal Excel, atau teks dd-mm-yyyy / dd/mm/yyyy (mis. 12-03-1985).",
          "12-03-1985", alias=("tgllahir", "tanggallahirddmmyyyy")),
    Kolom("jenis_kelamin", "Jenis kelamin", "anggota", "Wajib untuk anggota baru. L atau P (Laki-laki/Perempuan).",
          "P", c.JenisKelamin, alias=("jk", "lp", "kelamin")),
    Kolom("hubungan", "Hubungan keluarga", "anggota",
          "Wajib untuk anggota baru. Hubungan dengan kepala keluarga; tepat satu Kepala keluarga per No. KK.",
          "Istri/suami", c.Hubungan, alias=("hubungan", "shdk", "statushubungandalamkeluarga", "statushubungan")),
    Kolom("status_perkawinan", "Status perkawinan", "anggota", "Boleh kosong.", "Kawin", c.StatusPerkawinan,
          alias=("perkawinan", "statuskawin")),
    Kolom("pendidikan", "Pendidikan", "anggota", "Pendidikan terakhir. Boleh kosong.", "SD/sederajat",
          c.Pendidikan, alias=("pendidikanterakhir",)),
    Kolom("pekerjaan", "Pekerjaan", "anggota", "Teks bebas. Boleh kosong.", "Buruh harian lepas"),
    Kolom("disabilitas", "Disabilitas", "anggota", "Boleh kosong (berarti tidak diubah / Tidak ada).",
          "Tidak ada", c.Disabilitas, alias=("jenisdisabilitas",)),
    Kolom("pmks_anggota", "Jenis PMKS anggota", "anggota",
          "Satu atau lebih jenis PMKS orang ini, dipisah koma: singkatan atau nama (lihat daftar). "
          "Yang sudah tercatat tidak dihapus.", "LUT, PD", alias=("jenispmks", "pmks", "pmksanggota")),
    Kolom("pmks_keluarga", "Jenis PMKS keluarga", "keluarga",
          "Jenis PMKS untuk keluarga sebagai satu kesatuan (mis. FM, RTLH), dipisah koma.", "FM, RTLH",
          alias=("pmkskeluarga",)),
    Kolom("alamat", "Alamat", "keluarga", "Wajib untuk keluarga baru. Cukup diisi pada satu baris per No. KK.",
          "Jl. Mastrip Gg. 3 No. 12"),
    Kolom("rt", "RT", "keluarga", "Nomor RT, mis. 003.", "003"),
    Kolom("rw", "RW", "keluarga", "Nomor RW, mis. 002.", "002"),
    Kolom("kelurahan", "Kelurahan", "keluarga",
          "Wajib untuk keluarga baru. Nama kelurahan (huruf besar/kecil bebas) atau kode Kemendagri "
          "(35.74.04.1003). Harus di wilayah kerja Anda.", "Kanigaran",
          alias=("desa", "desakelurahan", "kodekelurahan")),
    Kolom("status_kepemilikan_rumah", "Status kepemilikan rumah", "keluarga", "Boleh kosong.", "Milik sendiri",
          c.StatusKepemilikanRumah, alias=("kepemilikanrumah", "statusrumah", "statusbangunan")),
    Kolom("luas_lantai", "Luas lantai (m2)", "keluarga", "Angka, meter persegi. Boleh kosong.", "36",
          alias=("luaslantai", "luaslantaim²", "luaslantaim")),
    Kolom("lantai", "Lantai", "keluarga", "Jenis lantai terluas.", "Semen/bata merah", c.Lantai,
          alias=("lantaiterluas", "jenislantai")),
    Kolom("dinding", "Dinding", "keluarga", "Jenis dinding terluas.", "Tembok", c.Dinding,
          alias=("dindingterluas", "jenisdinding")),
    Kolom("atap", "Atap", "keluarga", "Jenis atap terluas.", "Genteng", c.Atap, alias=("atapterluas", "jenisatap")),
    Kolom("sumber_air_minum", "Sumber air minum", "keluarga", "Sumber air minum utama.", "Sumur bor/pompa",
          c.SumberAirMinum, alias=("airminum",)),
    Kolom("penerangan", "Penerangan", "keluarga", "Sumber penerangan utama.", "Listrik PLN dengan meteran",
          c.Penerangan, alias=("sumberpenerangan",)),
    Kolom("fasilitas_bab", "Fasilitas BAB", "keluarga", "Fasilitas buang air besar.", "Ada, milik sendiri",
          c.FasilitasBAB, alias=("bab", "fasilitasbuangairbesar", "jamban")),
]

KOLOM_PER_KODE = {k.kode: k for k in KOLOM}
KOLOM_KELUARGA = [k.kode for k in KOLOM if k.tingkat == "keluarga" and k.kode not in ("no_kk", "pmks_keluarga")]
KOLOM_ANGGOTA = [k.kode for k in KOLOM if k.tingkat == "anggota" and k.kode not in ("nik", "pmks_anggota")]
JUDUL_GALAT = "Keterangan galat"


def kunci_judul(teks: object) -> str:
    """Header text → comparison key: lowercase letters and digits only ("No. KK" → "nokk")."""
    return re.sub(r"[^0-9a-z²]", "", str(teks or "").lower())


_JUDUL_KE_KODE: dict[str, str] = {}
for _k in KOLOM:
    for _teks in (_k.judul, _k.kode, *_k.alias):
        _JUDUL_KE_KODE.setdefault(kunci_judul(_teks), _k.kode)


def kode_untuk_judul(teks: object) -> str | None:
    """The column a header cell names, or None for a column we do not know (ignored).

    Exact names first; then the longest known name the header starts with, so that headers
    with a hint ("Jenis kelamin (L/P)", "Tanggal lahir (dd-mm-yyyy)") are still recognised.
    """
    k = kunci_judul(teks)
    if k in _JUDUL_KE_KODE:
        return _JUDUL_KE_KODE[k]
    cocok = [j for j in _JUDUL_KE_KODE if len(j) >= 5 and k.startswith(j)]
    return _JUDUL_KE_KODE[max(cocok, key=len)] if cocok else None
