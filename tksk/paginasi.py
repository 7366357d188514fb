"""Pagination whose cost does not grow with the area: the count stops at a cap.

A Dinas Sosial list over a whole kab/kota or province is read page by page from the top, with
filters; nobody pages to row 600,000. ``PaginatorTerbatas`` counts at most ``batas + 1`` rows
(``SELECT count(*) FROM (… LIMIT batas + 1)``, no ORDER BY so the planner may use any index) and
offers the pages of the first ``batas`` rows; the page shows "lebih dari 10.000" and asks for a
filter beyond that. Deep pages are bounded by the cap too (OFFSET < ``batas``).
"""

from __future__ import annotations

from django.core.paginator import Paginator
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
