"""Pagination whose cost does not grow with the area: the count stops at a cap.

A Dinas Sosial list over a whole kab/kota or province is read page by page from the top, with
filters; nobody pages to row 600,000. ``PaginatorTerbatas`` counts at most ``batas + 1`` rows
(``SELECT count(*) FROM (… LIMIT batas + 1)``, no ORDER BY so the planner may use any index) and
offers the pages of the first ``batas`` rows; the page shows "lebih dari 10.000" and asks for a
filter beyond that. Deep pages are bounded by the cap too (OFFSET < ``batas``).

``PaginatorTanpaHitung`` (work queues: proposals) counts nothing: a page reads ``per_page + 1``
rows in the list's order, the extra row only says that a next page exists. The page's cost is then
the rows it shows (an index walk in the list's order), whatever the area holds; the bar shows
"Halaman N" without "dari M".
"""

from __future__ import annotations

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
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


class PaginatorTanpaHitung(Paginator):
    """A paginator that never counts (see the module docstring); pages up to ``batas`` rows deep."""

    tanpa_hitung = True

    def __init__(self, object_list, per_page, *, batas: int = BATAS_HITUNG, **kwargs):
        self.batas = batas
        self._halaman_terakhir = 1  # known after ``page()``: this page, or the next one when it exists
        self._dilihat = 0
        super().__init__(object_list, per_page, **kwargs)

    def validate_number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from exc
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if (number - 1) * self.per_page >= self.batas:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def get_page(self, number) -> Page:
        """The page asked for; page 1 for a bad number or one past the end (unknown without a count)."""
        try:
            return self.page(number)
        except (PageNotAnInteger, EmptyPage):
            return self.page(1)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        awal = (number - 1) * self.per_page
        baris = list(self.object_list[awal : awal + self.per_page + 1])
        if not baris and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        ada_berikut = len(baris) > self.per_page and awal + self.per_page < self.batas
        baris = baris[: self.per_page]
        self._halaman_terakhir = number + 1 if ada_berikut else number
        self._dilihat = awal + len(baris)
        return self._get_page(baris, number, self)

    @property
    def num_pages(self) -> int:
        return self._halaman_terakhir

    @property
    def count(self) -> int:
        """Rows up to the end of the page read (the exact total only on the last page)."""
        return self._dilihat


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
