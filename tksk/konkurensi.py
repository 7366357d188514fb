"""Safe saving, built once for every form: edit conflicts (``versi``) and one-time create tokens.

Edit forms (optimistic check)
    - Model: inherit ``tksk.models.ModelBerversi`` (an integer ``versi``).
    - Form: mix in ``FormSimpanAman`` and pass ``versi_dari=obj``; a hidden ``versi`` field carries
      the version the form was opened with; the view reads it as ``form.versi_dikirim``.
    - Service: lock the row (``select_for_update``), call ``versi_periksa_naikkan(obj, versi)``,
      then save (with ``"versi"`` in ``update_fields``). A missing or older version is always
      refused with ``PESAN_KONFLIK``; nothing is written and the form re-renders with the input.

Create forms (idempotent)
    - Form: mix in ``FormSimpanAman`` and pass ``permintaan=request`` (and ``tujuan=<path>`` when
      the form posts to another URL than the page showing it). An unbound form gets a fresh token.
      A bound form without a usable token is invalid (``PESAN_TOKEN``) and re-renders with a fresh
      token: resending it once more then saves (the safe answer to an old page or a stripped field).
      A form whose token was already used skips validation (valid, empty ``cleaned_data``), so
      views read ``cleaned_data`` inside the ``sekali()`` block.
    - View: ``with form.sekali() as hasil:`` create, then set ``hasil.url`` to the new record's
      page. The token row is locked and consumed in the same transaction as the create, so a
      second POST with the same token (double tap, resend) waits for the first and then raises
      ``SudahTersimpan``: ``exc.tanggapi(request)`` answers with a message and the first record.

Both hidden fields are rendered by crispy (the mixin turns on ``render_hidden_fields`` on the
form's helper), so templates need no change. The mixin removes them from ``cleaned_data`` so
``service(**form.cleaned_data)`` keeps working.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.forms.utils import ErrorDict
from django.shortcuts import redirect
from django.utils import timezone

from .models import ModelBerversi, TokenFormulir

PESAN_KONFLIK = (
    "Data ini baru saja diubah oleh pengguna lain setelah formulir Anda dibuka, jadi perubahan Anda "
    "belum disimpan. Muat ulang halaman untuk melihat perubahan terbaru, lalu ulangi perubahan Anda."
)
PESAN_TOKEN = (
    "Formulir ini sudah kedaluwarsa atau tidak lengkap, jadi belum disimpan. Periksa isian Anda, "
    "lalu tekan tombol simpan sekali lagi."
)
PESAN_SUDAH_TERSIMPAN = (
    "Data ini sudah tersimpan (formulir terkirim lebih dari sekali); yang ditampilkan adalah data "
    "yang tersimpan pertama kali."
)
KODE_KONFLIK = "versi_kedaluwarsa"
KODE_TOKEN = "token_formulir"
# Tokens live long enough for a form left open on a phone over a day in the field; older rows
# (used or not) are deleted whenever a new token is issued: one indexed DELETE, no scheduler.
UMUR_TOKEN = timedelta(days=3)
# Offline outbox items (pmks/luring/) bring their own UUID; a phone may retry a sync whose answer
# it never received after many days without signal, so those rows stay much longer.
UMUR_TOKEN_LURING = timedelta(days=120)
PESAN_TOKEN_ASING = "Kode kiriman ini sudah dipakai untuk data lain, jadi belum disimpan. Buat ulang isian ini."
_ANGKA = re.compile(r"[0-9]{1,10}")


# --- versions --------------------------------------------------------------------------------
def versi_periksa_naikkan(obj: ModelBerversi, versi: object) -> None:
    """Refuse an edit based on an older read, else increment ``obj.versi`` (saved by the caller).

    ``obj`` must have been read with ``select_for_update`` in the current transaction, so two
    edits with the same version are serialized and only the first passes. ``versi`` is what the
    form sent (``None`` or anything that is not the current number is refused).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("versi_periksa_naikkan harus dipanggil di dalam transaksi, pada baris yang dikunci.")
    teks = "" if versi is None else str(versi).strip()
    if not _ANGKA.fullmatch(teks) or int(teks) != obj.versi:
        raise ValidationError(PESAN_KONFLIK, code=KODE_KONFLIK)
    obj.versi += 1


def versi_naikkan(model: type[ModelBerversi], pk: int) -> None:
    """Invalidate open edit forms of a row changed by another kind of write (status, moves)."""
    model.objects.filter(pk=pk).update(versi=F("versi") + 1)


# --- one-time tokens -------------------------------------------------------------------------
def token_terbitkan(*, pengguna, tujuan: str) -> str:
    """A fresh token for ``pengguna`` posting to ``tujuan``; expired tokens are deleted on the way."""
    sekarang = timezone.now()
    TokenFormulir.objects.filter(
        Q(dibuat_pada__lt=sekarang - UMUR_TOKEN, luring=False) | Q(dibuat_pada__lt=sekarang - UMUR_TOKEN_LURING)
    ).delete()
    token = TokenFormulir.objects.create(token=uuid.uuid4(), pengguna=pengguna, tujuan=tujuan, dibuat_pada=sekarang)
    return str(token.token)


def _uuid(nilai: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(nilai))
    except (TypeError, ValueError, AttributeError):
        return None


def token_status(*, pengguna, token: object, tujuan: str) -> str | None:
    """``None``: not issued to this user for this form; ``""``: unused; else the created record's URL."""
    kunci = _uuid(token)
    if kunci is None:
        return None
    return (
        TokenFormulir.objects.filter(token=kunci, pengguna=pengguna, tujuan=tujuan)
        .values_list("url_hasil", flat=True).first()
    )


class SudahTersimpan(Exception):
    """The form's token was already used: the record exists at ``url``."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url

    def tanggapi(self, request):
        messages.info(request, PESAN_SUDAH_TERSIMPAN)
        return redirect(self.url)


@dataclass
class HasilSimpan:
    url: str = ""


@contextmanager
def token_pakai(*, pengguna, token: object, tujuan: str) -> Iterator[HasilSimpan]:
    """Run a create once per token, in one transaction with the token's consumption.

    Locks the token row: a concurrent POST with the same token waits here until the first commits
    (then raises ``SudahTersimpan``) or rolls back (then runs itself). The body must set
    ``hasil.url``. Raises ``ValidationError(PESAN_TOKEN)`` for an unknown or foreign token.
    """
    kunci = _uuid(token)
    with transaction.atomic():
        baris = (
            TokenFormulir.objects.select_for_update().filter(token=kunci, pengguna=pengguna, tujuan=tujuan).first()
            if kunci is not None else None
        )
        if baris is None:
            raise ValidationError(PESAN_TOKEN, code=KODE_TOKEN)
        if baris.url_hasil:
            raise SudahTersimpan(baris.url_hasil)
        hasil = HasilSimpan()
        yield hasil
        if not hasil.url:
            raise RuntimeError("token_pakai: hasil.url belum diisi setelah data dibuat.")
        baris.url_hasil = hasil.url[:300]
        baris.dipakai_pada = timezone.now()
        baris.save(update_fields=["url_hasil", "dipakai_pada"])


def token_luring_status(*, pengguna, token: object, tujuan: str) -> str | None:
    """For an outbox UUID: the first save's URL; ``""`` when not used yet (or never seen);
    ``None`` when it is no UUID or belongs to another user or endpoint."""
    kunci = _uuid(token)
    if kunci is None:
        return None
    baris = TokenFormulir.objects.filter(token=kunci).values_list("pengguna_id", "tujuan", "url_hasil").first()
    if baris is None:
        return ""
    if baris[0] != pengguna.pk or baris[1] != tujuan:
        return None
    return baris[2]


@contextmanager
def token_luring_pakai(*, pengguna, token: object, tujuan: str) -> Iterator[HasilSimpan]:
    """``token_pakai`` for a UUID the phone generated for an outbox item (``pmks.luring``).

    The row is inserted on first use (``ON CONFLICT DO NOTHING``: two concurrent retries insert
    one row; the second waits on its lock in ``token_pakai`` and then raises ``SudahTersimpan``).
    A UUID already issued to another user or another endpoint is refused (``PESAN_TOKEN_ASING``).
    """
    kunci = _uuid(token)
    if kunci is None:
        raise ValidationError(PESAN_TOKEN_ASING, code=KODE_TOKEN)
    with transaction.atomic():
        TokenFormulir.objects.bulk_create(
            [TokenFormulir(token=kunci, pengguna=pengguna, tujuan=tujuan, dibuat_pada=timezone.now(), luring=True)],
            ignore_conflicts=True,
        )
        try:
            with token_pakai(pengguna=pengguna, token=kunci, tujuan=tujuan) as hasil:
                yield hasil
        except ValidationError as exc:
            if getattr(exc, "code", None) == KODE_TOKEN:
                raise ValidationError(PESAN_TOKEN_ASING, code=KODE_TOKEN) from exc
            raise


# --- the form mixin --------------------------------------------------------------------------
class FormSimpanAman:
    """Form mixin: hidden ``versi`` (edit, ``versi_dari=obj``) or ``token_formulir`` (create,
    ``permintaan=request``). Put it before ``forms.Form`` / ``forms.ModelForm`` in the bases."""

    def __init__(self, *args, versi_dari: ModelBerversi | None = None, permintaan=None, tujuan: str | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.versi_dikirim: str | None = None
        self.token_dikirim: str | None = None
        self._permintaan = permintaan
        self._tujuan = tujuan or (permintaan.path if permintaan is not None else "")
        if versi_dari is not None:
            self.fields["versi"] = forms.CharField(
                required=False, max_length=20, widget=forms.HiddenInput, initial=versi_dari.versi
            )
        elif permintaan is not None:
            self.fields[KODE_TOKEN] = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
            if not self.is_bound:
                self.initial[KODE_TOKEN] = self._terbitkan()

    # crispy renders hidden fields that a layout does not mention only when told to.
    @property
    def helper(self):
        try:
            return self.__dict__["_helper_aman"]
        except KeyError:
            raise AttributeError("helper") from None

    @helper.setter
    def helper(self, nilai) -> None:
        nilai.render_hidden_fields = True
        self.__dict__["_helper_aman"] = nilai

    def _terbitkan(self) -> str:
        return token_terbitkan(pengguna=self._permintaan.user, tujuan=self._tujuan)

    def _token_baru_di_data(self) -> None:
        data = self.data.copy()
        data[self.add_prefix(KODE_TOKEN)] = self._terbitkan()
        self.data = data

    def full_clean(self) -> None:
        token = status = None
        if KODE_TOKEN in self.fields and self.is_bound:
            token = self.data.get(self.add_prefix(KODE_TOKEN))
            status = token_status(pengguna=self._permintaan.user, token=token, tujuan=self._tujuan)
            if status:
                # Already saved with this token (a resend): skip validation, which may now fail
                # (e.g. "kode already used"), so the view reaches sekali() and shows the record.
                self._errors, self.cleaned_data, self.token_dikirim = ErrorDict(), {}, token
                return
        super().full_clean()
        if not hasattr(self, "cleaned_data"):
            return
        if "versi" in self.fields:
            self.versi_dikirim = self.cleaned_data.pop("versi", None)
            if self._errors.pop("versi", None):  # e.g. a null byte: hidden errors would never show
                self.add_error(None, ValidationError(PESAN_KONFLIK, code=KODE_KONFLIK))
        if KODE_TOKEN in self.fields:
            self.cleaned_data.pop(KODE_TOKEN, None)
            self._errors.pop(KODE_TOKEN, None)  # an unusable value is reported below, visibly
            self.token_dikirim = token
            if status is None:
                self.add_error(None, ValidationError(PESAN_TOKEN, code=KODE_TOKEN))
                self._token_baru_di_data()

    @contextmanager
    def sekali(self) -> Iterator[HasilSimpan]:
        """``token_pakai`` for this form's token; a token gone meanwhile gets the form a fresh one."""
        try:
            with token_pakai(pengguna=self._permintaan.user, token=self.token_dikirim, tujuan=self._tujuan) as hasil:
                yield hasil
        except ValidationError as exc:
            if getattr(exc, "code", None) == KODE_TOKEN:
                self._token_baru_di_data()
            raise
