"""Pagination whose cost does not grow with the area: the count stops at a cap.

A Dinas Sosial list over a whole kab/kota or province is read page by page from the top, with
filters; nobody pages to row 600,000. ``PaginatorTerbatas`` counts at most ``batas + 1`` rows
(``SELECT count(*) FROM (… LIMIT batas + 1)``, no ORDER BY so the planner may use any index) and
offers the pages of the first ``batas`` rows; the page shows "lebih dari 10.000" and asks for a
filter beyond that. Deep pages are bounded by the cap too (OFFSET < ``batas``).

``PaginatorKunci`` (work queues: proposals) counts nothing and has no OFFSET: a page is the rows
after (or before) the key of the last (first) row the user saw, one range of an index on the list's
order, plus one row that says a next page exists. The page's cost is then the rows it shows,
whatever the area holds and however deep; the bar shows "Halaman N" without "dari M".
"""

from __future__ import annotations

from base64 import urlsafe_b64decode, urlsafe_b64encode
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import F, Lookup, Q
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.utils import timezone
from django.utils.functional import cached_property

BATAS_HITUNG = 10_000


class PaginatorTerbatas(Paginator):
    def __init__(self, object_list, per_page, *, batas: int = BATAS_HITUNG, **kwargs):
        self.batas = batas
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        if hasattr(qs, "order_by"):
            n = qs.order_by().values("pk")[: self.batas + 1].count()
        else:
            n = len(qs)
        self.terpotong = n > self.batas
        return min(n, self.batas)

    @cached_property
    def terpotong(self) -> bool:
        """More rows exist than were counted (the count shown is ``batas``+)."""
        self.count  # noqa: B018 - sets the flag
        return self.__dict__["terpotong"]


class PaginatorKunci:
    """Keyset ("seek") pages of a list in the order ``urutan`` (field names, every one descending, the
    last one unique, e.g. ``("diajukan_pada", "dibuat_pada", "id")``; only the first may be NULL, and NULLs
    come first as PostgreSQL sorts them descending).

    A page is the ``per_page`` rows after (or before) the key of a row of the page the user came from,
    read by one row comparison, ``(a, b, id) < (…)``, which an index on the list's order (after any
    equality keys of its area) answers as a range: page 400 reads 26 rows, as page 1 does. Rows with
    a NULL first field are a range of their own (``a IS NULL AND (b, id) < (…)``), so crossing from them
    to the others takes a second query. Nothing is counted and there is no depth cap; the bar shows
    "Halaman N" (N carried in the link, for display only) with Berikutnya / Sebelumnya. A row added or
    removed while the user pages neither repeats nor skips another row, as OFFSET paging would.

    The key travels in the URL (``setelah`` / ``sebelum``) as base64 text and is parsed with the model
    fields' own parsing and bounds: a key that does not parse gives the first page. A forged key only
    moves the user within their own list (the queryset is already scoped).
    """

    tanpa_hitung = True
    kunci = True
    BATAS_TOKEN = 300
    BATAS_NOMOR = 1_000_000

    def __init__(self, object_list, per_page: int, *, urutan: tuple[str, ...]):
        self.urutan = urutan
        self.per_page = per_page
        self.model = object_list.model
        self.object_list = object_list.order_by(*(f"-{f}" for f in urutan))

    # --- the key -------------------------------------------------------------------------------------
    def kunci_dari(self, obj) -> tuple:
        return tuple(getattr(obj, "pk" if f == "id" else f) for f in self.urutan)

    @staticmethod
    def token(kunci: tuple) -> str:
        teks = "|".join("~" if v is None else v.isoformat() if hasattr(v, "isoformat") else str(v) for v in kunci)
        return urlsafe_b64encode(teks.encode()).decode().rstrip("=")

    def baca_token(self, token: str | None) -> tuple | None:
        """The key in ``token``, or ``None`` when it does not parse as this list's fields' values."""
        if not token or len(token) > self.BATAS_TOKEN:
            return None
        try:
            bagian = urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode().split("|")
        except (ValueError, UnicodeDecodeError):
            return None
        if len(bagian) != len(self.urutan):
            return None
        nilai = []
        for nama, teks in zip(self.urutan, bagian, strict=True):
            field = self.model._meta.get_field(nama)
            if teks == "~":
                if nama != self.urutan[0] or not field.null:
                    return None
                nilai.append(None)
                continue
            try:
                v = field.to_python(teks)
                field.run_validators(v)  # integer fields: the column's range
            except ValidationError:
                return None
            if v is None or (isinstance(v, datetime) and timezone.is_naive(v)):
                return None
            nilai.append(v)
        return tuple(nilai)

    # --- pages ---------------------------------------------------------------------------------------
    def halaman(self, params) -> HalamanKunci:
        """The page that ``params`` (request.GET: ``setelah`` / ``sebelum``, ``halaman``) asks for."""
        try:
            nomor = min(max(int(params.get("halaman") or 1), 1), self.BATAS_NOMOR)
        except (TypeError, ValueError):
            nomor = 1
        if (kunci := self.baca_token(params.get("setelah"))) is not None:
            baris = self._berikut(kunci)
            return HalamanKunci(self, baris[: self.per_page], max(nomor, 2),
                                ada_berikut=len(baris) > self.per_page, ada_sebelum=True)
        if (kunci := self.baca_token(params.get("sebelum"))) is not None:
            baris = self._sebelum(kunci)
            if len(baris) > self.per_page:  # more rows before these: a page in the middle
                return HalamanKunci(self, baris[-self.per_page:], max(nomor, 2), ada_berikut=True, ada_sebelum=True)
        return self.pertama()

    def pertama(self) -> HalamanKunci:
        baris = list(self.object_list[: self.per_page + 1])
        return HalamanKunci(self, baris[: self.per_page], 1, ada_berikut=len(baris) > self.per_page,
                            ada_sebelum=False)

    def _berikut(self, kunci: tuple) -> list:
        """Up to ``per_page + 1`` rows after ``kunci``, in the list's order."""
        n = self.per_page + 1
        pertama, sisa = self.urutan[0], self.urutan[1:]
        qs = self.object_list
        if kunci[0] is not None:
            return list(qs.filter(_banding(TupleLessThan, self.urutan, kunci))[:n])
        kosong = qs.filter(**{f"{pertama}__isnull": True})
        baris = list(kosong.filter(_banding(TupleLessThan, sisa, kunci[1:]))[:n])
        if len(baris) < n:
            baris += list(qs.filter(**{f"{pertama}__isnull": False})[: n - len(baris)])
        return baris

    def _sebelum(self, kunci: tuple) -> list:
        """Up to ``per_page + 1`` rows before ``kunci``, in the list's order (the nearest last)."""
        n = self.per_page + 1
        pertama, sisa = self.urutan[0], self.urutan[1:]
        mundur = self.object_list.reverse()  # ascending, NULLs last: the exact reverse
        if kunci[0] is None:
            baris = list(mundur.filter(**{f"{pertama}__isnull": True}).filter(
                _banding(TupleGreaterThan, sisa, kunci[1:]))[:n])
        else:
            baris = list(mundur.filter(_banding(TupleGreaterThan, self.urutan, kunci))[:n])
            if len(baris) < n and self.model._meta.get_field(pertama).null:
                baris += list(mundur.filter(**{f"{pertama}__isnull": True})[: n - len(baris)])
        return baris[::-1]


def _banding(kelas, nama: tuple[str, ...], nilai: tuple) -> Q | Lookup:
    """``(nama…) < (nilai…)`` (or ``>``) as one SQL row comparison: an index range, not an OR chain.
    Django's own tuple lookups (those of composite primary keys) write it."""
    if len(nama) == 1:
        return Q(**{f"{nama[0]}__{kelas.lookup_name}": nilai[0]})
    return kelas(Tuple(*(F(n) for n in nama)), nilai)


class HalamanKunci:
    """One keyset page, with what the pagination bar (``includes/_paginasi.html``) asks of a Page."""

    def __init__(self, paginator: PaginatorKunci, object_list: list, number: int, *, ada_berikut: bool,
                 ada_sebelum: bool):
        self.paginator, self.object_list, self.number = paginator, object_list, number
        self._berikut, self._sebelum = ada_berikut, ada_sebelum

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._berikut and bool(self.object_list)

    def has_previous(self) -> bool:
        return self._sebelum and bool(self.object_list)

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return max(self.number - 1, 1)

    @property
    def token_berikut(self) -> str:
        return self.paginator.token(self.paginator.kunci_dari(self.object_list[-1]))

    @property
    def token_sebelum(self) -> str:
        return self.paginator.token(self.paginator.kunci_dari(self.object_list[0]))


class PaginatorKunciDulu(Paginator):
    """A counted paginator whose page the caller reads: ``object_list`` is the light list it counts (its
    filters, nothing joined) and ``muat(awal, akhir)`` returns rows ``awal`` … ``akhir`` (exclusive) in the
    list's order with what the page shows — e.g. keys picked off an area index first, then only those rows
    joined (``pmks.pendampingan.selectors.kunci_tindak_lanjut`` / ``muat_tindak_lanjut``)."""

    def __init__(self, object_list, per_page, *, muat, **kwargs):
        self.muat = muat
        super().__init__(object_list, per_page, **kwargs)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        awal = (number - 1) * self.per_page
        akhir = awal + self.per_page
        if akhir + self.orphans >= self.count:
            akhir = self.count
        return self._get_page(list(self.muat(awal, akhir)), number, self)
