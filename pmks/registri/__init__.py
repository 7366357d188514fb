"""Registri PMKS: keluarga, anggota, klasifikasi — layanan, pemilih, formulir, tampilan."""
