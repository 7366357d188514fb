"""The corpus's judge: database snapshot, error texts of a response, and "is this Indonesian?"."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser

from django.contrib.messages import constants as pesan_level
from django.db import connection

# Tables a refused request may still touch: the session (login, flash messages), the lock-out
# bookkeeping of django-axes and the rate-limit counters (the shared cache table: a refused
# request still counts) and the one-time form tokens (issued when a form page is shown; that a
# refused save leaves its token unused is tests/tksk/test_konkurensi.py's business). Everything
# else must be byte-for-byte unchanged.
TABEL_BEBAS = frozenset({
    "django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog", "django_migrations",
    "sidamping_cache", "tksk_tokenformulir",
})


@cache
def _tabel() -> tuple[str, ...]:
    with connection.cursor() as cur:
        nama = connection.introspection.table_names(cur)
    return tuple(sorted(t for t in nama if t not in TABEL_BEBAS))


def potret() -> dict[str, tuple[int, str]]:
    """Row count and an order-independent checksum of all rows of every project table, in one query."""
    qn = connection.ops.quote_name
    bagian = [
        f"SELECT %s, count(*), coalesce(sum(hashtextextended(x::text, 0)), 0)::text FROM {qn(t)} x"
        for t in _tabel()
    ]
    with connection.cursor() as cur:
        cur.execute(" UNION ALL ".join(bagian), list(_tabel()))
        return {t: (n, h) for t, n, h in cur.fetchall()}


def berubah(sebelum: dict, sesudah: dict) -> dict[str, str]:
    """Changed tables → 'n → m rows' (or 'isi berubah' when only contents changed)."""
    hasil = {}
    for t in sesudah:
        a, b = sebelum.get(t), sesudah[t]
        if a != b:
            hasil[t] = f"{a[0] if a else 0} → {b[0]} baris" if not a or a[0] != b[0] else "isi berubah"
    return hasil


def isi_tabel(tabel: str) -> str:
    qn = connection.ops.quote_name
    with connection.cursor() as cur:
        cur.execute(f"SELECT coalesce(string_agg(x::text, '|'), '') FROM {qn(tabel)} x")
        return cur.fetchone()[0]


# --- Error texts ---------------------------------------------------------------------------------
KELAS_GALAT = ("invalid-feedback", "alert-danger", "errorlist")


class _PengumpulGalat(HTMLParser):
    """Texts inside elements whose class marks an error (crispy field errors, alerts, errorlists)."""

    def __init__(self) -> None:
        super().__init__()
        self.tumpukan: list[bool] = []
        self.kedalaman_galat = 0
        self.teks: list[str] = []
        self._kini: list[str] = []

    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area"})

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        kelas = dict(attrs).get("class") or ""
        galat = any(k in kelas.split() for k in KELAS_GALAT)
        self.tumpukan.append(galat)
        if galat:
            self.kedalaman_galat += 1

    def handle_endtag(self, tag):
        if tag in self.VOID or not self.tumpukan:
            return
        if self.tumpukan.pop():
            self.kedalaman_galat -= 1
            if self.kedalaman_galat == 0:
                teks = " ".join("".join(self._kini).split())
                if teks:
                    self.teks.append(teks)
                self._kini = []

    def handle_data(self, data):
        if self.kedalaman_galat:
            self._kini.append(data)


def galat_html(html: str) -> list[str]:
    p = _PengumpulGalat()
    p.feed(html)
    return p.teks


def galat_pesan(resp) -> list[str]:
    """Error/warning flash messages queued by the request (what the next page shows)."""
    penyimpan = getattr(resp.wsgi_request, "_messages", None)
    if penyimpan is None:
        return []
    return [str(m) for m in penyimpan if m.level >= pesan_level.WARNING]


def teks_halaman(html: str) -> str:
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- Language --------------------------------------------------------------------------------------
# Django's English defaults (and other English a user must never see in an error).
INGGRIS = re.compile(
    r"\b(enter a|this field|ensure this|select a valid|null characters|is required|valid (date|number|integer)"
    r"|whole number|not allowed|upload a valid|the submitted|not found|forbidden|bad request|server error"
    r"|please|invalid)\b",
    re.IGNORECASE,
)
# An error that only says the input reached the database or crashed it (#10 item 12).
SAMARAN_GALAT = re.compile(r"bentrok dengan data lain|kesalahan sistem", re.IGNORECASE)
INDONESIA = re.compile(
    r"\b(tidak|wajib|harus|masukkan|pastikan|pilih|berkas|maks|boleh|isi|karakter|tanggal|nilai|terlalu"
    r"|salah|bukan|digit|lebih|kurang|format|sah|unggah|angka|ditemukan|dibaca|kolom|baris|batas|belum"
    r"|hanya|minimal|paling|sebelum|sesudah|diizinkan|gambar|foto|kosong|gagal|melebihi|jumlah|dapat|sudah"
    r"|yang|dan|untuk|dengan|ini|atau)\b",
    re.IGNORECASE,
)


def bukan_indonesia(teks: str) -> str | None:
    """Why ``teks`` is not an acceptable Indonesian error message (None when it is)."""
    if INGGRIS.search(teks):
        return f"bahasa Inggris: {teks[:160]!r}"
    if SAMARAN_GALAT.search(teks):
        return f"pesan menyamarkan galat sistem: {teks[:160]!r}"
    if not INDONESIA.search(teks):
        return f"tidak tampak seperti pesan bahasa Indonesia: {teks[:160]!r}"
    return None
