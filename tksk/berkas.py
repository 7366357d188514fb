"""Upload validation for every uploaded photo or scan (proposal attachments, distribution evidence,
visit photos): type by content, not by name.

Images must open and verify with Pillow (a renamed text file or a truncated image is refused);
PDFs must start with the ``%PDF-`` signature. Size is capped at ``BATAS_UKURAN``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

BATAS_UKURAN = 5 * 1024 * 1024  # 5 MB: a phone photo or a scanned page fits comfortably
FORMAT_GAMBAR = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EKSTENSI_GAMBAR = {".jpg", ".jpeg", ".png", ".webp"}


@dataclass(frozen=True)
class BerkasSah:
    tipe_konten: str
    ukuran: int


def _ukuran_mb(ukuran: int) -> str:
    return f"{ukuran / (1024 * 1024):.1f}".replace(".", ",")


def _cek_ukuran(berkas: UploadedFile) -> None:
    if berkas.size is None or berkas.size == 0:
        raise ValidationError("Berkas kosong.")
    if berkas.size > BATAS_UKURAN:
        raise ValidationError(
            f"Berkas terlalu besar ({_ukuran_mb(berkas.size)} MB). Batas ukuran {_ukuran_mb(BATAS_UKURAN)} MB."
        )


def _jenis_gambar(berkas: UploadedFile) -> str | None:
    """The image MIME type when Pillow can fully verify the content, else ``None``."""
    from PIL import Image, UnidentifiedImageError

    try:
        berkas.seek(0)
        with Image.open(berkas) as img:
            fmt = img.format
            img.verify()
        berkas.seek(0)
        # verify() does not decode pixel data; load() catches truncated images too.
        with Image.open(berkas) as img:
            img.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        berkas.seek(0)
    return FORMAT_GAMBAR.get(fmt or "")


def _adalah_pdf(berkas: UploadedFile) -> bool:
    berkas.seek(0)
    kepala = berkas.read(1024)
    berkas.seek(0)
    return kepala.lstrip(b"\r\n\t ").startswith(b"%PDF-")


def periksa_gambar(berkas: UploadedFile) -> BerkasSah:
    """A JPEG/PNG/WebP photo within the size limit, or ``ValidationError``."""
    _cek_ukuran(berkas)
    tipe = _jenis_gambar(berkas)
    if tipe is None:
        raise ValidationError(
            "Berkas bukan foto yang sah (JPG, PNG atau WebP). Pastikan berkas tidak rusak dan bukan jenis lain "
            "yang diganti namanya."
        )
    return BerkasSah(tipe_konten=tipe, ukuran=berkas.size)


def periksa_lampiran(berkas: UploadedFile) -> BerkasSah:
    """A photo (JPEG/PNG/WebP) or a PDF scan within the size limit, or ``ValidationError``."""
    _cek_ukuran(berkas)
    tipe = _jenis_gambar(berkas)
    if tipe is not None:
        return BerkasSah(tipe_konten=tipe, ukuran=berkas.size)
    if _adalah_pdf(berkas):
        return BerkasSah(tipe_konten="application/pdf", ukuran=berkas.size)
    raise ValidationError(
        "Jenis berkas tidak diizinkan. Unggah foto (JPG, PNG, WebP) atau pindaian PDF; isi berkas diperiksa, "
        "bukan hanya namanya."
    )
