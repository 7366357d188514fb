"""Every uploaded file and every file response of the app, in one place.

Uploads (proposal attachments, distribution evidence, visit photos): the type comes from the
content, never from the name or the browser's content type.

- Images must open with Pillow as JPEG, PNG or WebP (SVG, HTML, GIF, … are refused), declare at
  most ``BATAS_PIKSEL`` pixels in their header — checked before any pixel is decoded, since a
  140 KB PNG can declare 144 MP (~150 MB decoded) — and then decode completely (a renamed text
  file or a truncated image is refused). PDFs must start with the ``%PDF-`` signature. Size is
  capped at ``BATAS_UKURAN``.
- A stored upload is named after its detected type (``nama_menurut_isi``; ``nama_simpan`` builds
  the random path): a PNG sent as ``foto.html`` is stored as ``.png``.

Responses: ``respons_berkas`` serves a stored file, ``respons_unduhan`` a generated document
(PDF/XLSX/CSV). Both send the name per RFC 6266/5987 (Django's ``content_disposition_header``, so
``galat-dâta.xlsx`` arrives intact), ``X-Content-Type-Options: nosniff``, their own
``Content-Security-Policy: sandbox`` (django-csp's middleware leaves an existing header alone) and
``Cache-Control: private, no-store``. A stored file's content type is detected from its bytes, so
a file stored under a wrong extension before this check existed is still served by what it is;
only photos are shown inline, everything else is a download.

``tandai_berkas_dipilih_ulang``: a form re-rendered with an error cannot keep the chosen file
(browsers never pre-fill file inputs); it says so next to the field.
"""

from __future__ import annotations

import re
import uuid
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.http import content_disposition_header

BATAS_UKURAN = 5 * 1024 * 1024  # 5 MB: a phone photo or a scanned page fits comfortably
# 40 MP (e.g. 8000 × 5000): above any photo that fits in 5 MB, far below Pillow's own limits
# (warning at 89 MP, error at 179 MP). Decoded RGB at the limit is ~120 MB.
BATAS_PIKSEL = 40_000_000

JPEG, PNG, WEBP, PDF = "image/jpeg", "image/png", "image/webp", "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
BINER = "application/octet-stream"
FORMAT_GAMBAR = {"JPEG": JPEG, "PNG": PNG, "WEBP": WEBP}
TIPE_GAMBAR = frozenset(FORMAT_GAMBAR.values())
EKSTENSI = {JPEG: ".jpg", PNG: ".png", WEBP: ".webp", PDF: ".pdf", XLSX: ".xlsx", CSV: ".csv", BINER: ".bin"}
# Extensions a stored upload may have; anything else becomes ``.bin`` (never ``.html``/``.svg``).
EKSTENSI_SIMPAN = {".jpg": ".jpg", ".jpeg": ".jpg", ".png": ".png", ".webp": ".webp", ".pdf": ".pdf"}
SETARA = {".jpg": {".jpg", ".jpeg"}}
EKSTENSI_GAMBAR = {".jpg", ".jpeg", ".png", ".webp"}


@dataclass(frozen=True)
class BerkasSah:
    tipe_konten: str
    ukuran: int

    @property
    def ekstensi(self) -> str:
        return EKSTENSI[self.tipe_konten]


# --- Detection ----------------------------------------------------------------------------------------


def jenis_isi(kepala: bytes) -> str | None:
    """The content type of a file from its first bytes (magic numbers), or ``None``.

    Cheap and decoding nothing: used to name stored uploads and to serve stored files. Matches
    Pillow's own format checks for JPEG/PNG/WebP, so an image that passed ``periksa_gambar`` is
    always recognised here."""
    if kepala.startswith(b"\xff\xd8\xff"):
        return JPEG
    if kepala.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if kepala[:4] == b"RIFF" and kepala[8:12] == b"WEBP":
        return WEBP
    if kepala[:1024].lstrip(b"\r\n\t ").startswith(b"%PDF-"):
        return PDF
    if kepala.startswith(b"PK\x03\x04"):
        return XLSX  # the only ZIP-based format the app accepts (spreadsheet imports)
    return None


def _baca_kepala(berkas, n: int = 2048) -> bytes:
    berkas.seek(0)
    kepala = berkas.read(n)
    berkas.seek(0)
    return kepala


def nama_menurut_isi(berkas) -> str:
    """A storage name whose extension is the detected type of ``berkas`` (``berkas.png``)."""
    return "berkas" + EKSTENSI[jenis_isi(_baca_kepala(berkas)) or BINER]


def nama_simpan(folder: str, nama: str) -> str:
    """``privat/<folder>/<random><ext>``: unguessable, without the original name (it may hold personal
    data), and with an extension from ``EKSTENSI_SIMPAN`` only — whatever path saved the file."""
    ext = EKSTENSI_SIMPAN.get(PurePath(nama).suffix.lower(), ".bin")
    return f"privat/{folder}/{uuid.uuid4().hex}{ext}"


# --- Upload validation --------------------------------------------------------------------------------


def _ukuran_mb(ukuran: int) -> str:
    return f"{ukuran / (1024 * 1024):.1f}".replace(".", ",")


def _periksa_ukuran(berkas: UploadedFile) -> None:
    if berkas.size is None or berkas.size == 0:
        raise ValidationError("Berkas kosong.")
    if berkas.size > BATAS_UKURAN:
        raise ValidationError(
            f"Berkas terlalu besar ({_ukuran_mb(berkas.size)} MB). Batas ukuran {_ukuran_mb(BATAS_UKURAN)} MB."
        )


def _angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _piksel_dari(exc: Exception) -> int | None:
    """The pixel count in Pillow's bomb message ("Image size (144000000 pixels) exceeds …")."""
    cocok = re.search(r"\((\d+) pixels\)", str(exc))
    return int(cocok.group(1)) if cocok else None


def _galat_piksel(piksel: int | None, lebar: int | None = None, tinggi: int | None = None) -> ValidationError:
    if lebar and tinggi:
        ukuran = f"{_angka(lebar)} × {_angka(tinggi)} piksel, {lebar * tinggi / 1_000_000:.0f} MP"
    elif piksel:
        ukuran = f"{piksel / 1_000_000:.0f} MP"
    else:
        ukuran = f"lebih dari {BATAS_PIKSEL // 1_000_000} MP"
    return ValidationError(
        f"Resolusi gambar terlalu besar ({ukuran}). Batasnya {BATAS_PIKSEL // 1_000_000} MP: "
        "kecilkan resolusi foto lalu unggah lagi.",
        code="piksel",
    )


def _jenis_gambar(berkas: UploadedFile) -> str | None:
    """The image MIME type when Pillow can fully verify the content, else ``None``.

    Raises ``ValidationError`` for an image whose header declares more than ``BATAS_PIKSEL``
    pixels, before anything is decoded."""
    from PIL import Image, UnidentifiedImageError

    try:
        berkas.seek(0)
        # formats=: only the three accepted decoders ever look at the bytes.
        with Image.open(berkas, formats=list(FORMAT_GAMBAR)) as img:
            fmt = img.format
            lebar, tinggi = img.size  # from the header; nothing decoded yet
            if lebar * tinggi > BATAS_PIKSEL:
                raise _galat_piksel(lebar * tinggi, lebar, tinggi)
            img.verify()
        berkas.seek(0)
        # verify() does not decode pixel data; load() catches truncated images too.
        with Image.open(berkas, formats=list(FORMAT_GAMBAR)) as img:
            img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own check (``pasang_batas_pillow``) fired inside open(), on the header (the
        # warning only arrives as an exception where warnings are made errors, e.g. ``-W error``).
        raise _galat_piksel(_piksel_dari(exc)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return None
    finally:
        berkas.seek(0)
    return FORMAT_GAMBAR.get(fmt or "")


def periksa_gambar(berkas: UploadedFile) -> BerkasSah:
    """A JPEG/PNG/WebP photo within the size and pixel limits, or ``ValidationError``."""
    _periksa_ukuran(berkas)
    tipe = _jenis_gambar(berkas)
    if tipe is None:
        raise ValidationError(
            "Berkas bukan foto yang sah (JPG, PNG atau WebP). Pastikan berkas tidak rusak dan bukan jenis lain "
            "yang diganti namanya."
        )
    return BerkasSah(tipe_konten=tipe, ukuran=berkas.size)


def periksa_lampiran(berkas: UploadedFile) -> BerkasSah:
    """A photo (JPEG/PNG/WebP, within the pixel limit) or a PDF scan within the size limit, or
    ``ValidationError``."""
    _periksa_ukuran(berkas)
    tipe = _jenis_gambar(berkas)
    if tipe is not None:
        return BerkasSah(tipe_konten=tipe, ukuran=berkas.size)
    if jenis_isi(_baca_kepala(berkas)) == PDF:
        return BerkasSah(tipe_konten=PDF, ukuran=berkas.size)
    raise ValidationError(
        "Jenis berkas tidak diizinkan. Unggah foto (JPG, PNG, WebP) atau pindaian PDF; isi berkas diperiksa, "
        "bukan hanya namanya."
    )


def pasang_batas_pillow() -> None:
    """Make ``BATAS_PIKSEL`` Pillow's own hard limit for the whole process (``TkskConfig.ready``).

    Pillow raises ``DecompressionBombError`` in ``Image.open`` above 2 × ``MAX_IMAGE_PIXELS``, so
    half our limit makes any image opened anywhere in the app (WeasyPrint, a future feature) above
    40 MP fail on its header instead of decoding with Pillow's default (179 MP). Its warning band
    (20–40 MP) is ordinary photos, so that warning is silenced."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = BATAS_PIKSEL // 2
    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


# --- Responses ----------------------------------------------------------------------------------------

_TIDAK_AMAN = re.compile(r"[\x00-\x1f\x7f/\\]+")


def nama_unduhan(nama: str, ekstensi: str | None = None, *, cadangan: str = "berkas") -> str:
    """A download name without control characters or path separators, at most 150 characters; with
    ``ekstensi`` its suffix becomes that one (``foto.html`` served as PNG → ``foto.png``)."""
    nama = " ".join(_TIDAK_AMAN.sub(" ", nama or "").split()).strip(". ") or cadangan
    if ekstensi:
        akhiran = PurePath(nama).suffix.lower()
        if akhiran not in SETARA.get(ekstensi, {ekstensi}):
            nama = (nama[: -len(akhiran)] if akhiran and len(akhiran) <= 6 else nama) or cadangan
            nama += ekstensi
    if len(nama) > 150:
        akhiran = PurePath(nama).suffix[:10]
        nama = nama[: 150 - len(akhiran)] + akhiran
    return nama


def _amankan(resp: HttpResponseBase) -> HttpResponseBase:
    """Headers of every file response: never sniffed into HTML, never scripted, never cached."""
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Content-Security-Policy"] = "sandbox"
    resp["Cross-Origin-Resource-Policy"] = "same-origin"
    resp["Cache-Control"] = "private, no-store"
    return resp


def respons_berkas(berkas, *, nama: str) -> FileResponse:
    """Serve a stored file (a ``FieldFile``): content type from its bytes, photos inline, everything
    else as a download named ``nama`` (extension set to the detected type); 404 if it is gone."""
    try:
        fh = berkas.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Berkas tidak ditemukan.") from exc
    tipe = jenis_isi(_baca_kepala(fh))
    if tipe is None:
        # Unrecognised bytes (e.g. a CSV import, or anything stored before uploads were checked):
        # text keeps a .csv name as CSV, the rest is an opaque download.
        tipe = CSV if PurePath(nama).suffix.lower() == ".csv" else BINER
    tampil = tipe in TIPE_GAMBAR
    resp = FileResponse(
        fh, content_type=tipe, as_attachment=not tampil, filename=nama_unduhan(nama, EKSTENSI[tipe])
    )
    return _amankan(resp)


def respons_unduhan(
    isi: bytes | Iterable[bytes], *, nama: str, tipe_konten: str, tampil: bool = False
) -> HttpResponseBase:
    """A generated document (PDF letter or report, XLSX, CSV) as a download named ``nama``.

    ``isi`` is the whole document or an iterator of chunks (streamed exports)."""
    if isinstance(isi, bytes | bytearray):
        resp = HttpResponse(isi, content_type=tipe_konten)
    else:
        resp = StreamingHttpResponse(isi, content_type=tipe_konten)
    # What FileResponse(filename=...) sends: filename="..." for plain ASCII, filename*=utf-8''... else.
    resp["Content-Disposition"] = content_disposition_header(not tampil, nama_unduhan(nama))
    return _amankan(resp)


# --- Forms --------------------------------------------------------------------------------------------


def tandai_berkas_dipilih_ulang(request, form: forms.BaseForm) -> bool:
    """Call before re-rendering a bound form that did not save: next to every file field that had a
    file (and no error of its own), say the file was not kept and must be chosen again; one warning
    on top for long forms on a phone. Returns whether any file was dropped."""
    if not form.is_bound:
        return False
    form.errors  # noqa: B018 — make sure the form is cleaned, so add_error works
    ada = False
    for nama, field in form.fields.items():
        if not isinstance(field, forms.FileField):
            continue
        dipilih = [b for b in form.files.getlist(form.add_prefix(nama)) if getattr(b, "name", "")]
        if not dipilih or nama in form.errors:
            ada = ada or bool(dipilih)
            continue
        daftar = ", ".join(f"«{nama_unduhan(b.name)[:80]}»" for b in dipilih)
        form.add_error(nama, f"{daftar} belum tersimpan karena isian lain perlu diperbaiki. "
                             "Pilih berkasnya lagi sebelum menyimpan.")
        ada = True
    if ada:
        messages.warning(request, "Periksa isian yang ditandai. Berkas yang sudah dipilih perlu dipilih ulang.")
    return ada
