"""Lists of published verdicts, newest first, in pages that count a bounded number of rows.

The page number is read once, clamped, so junk in the query string cannot multiply cache entries,
and a list never counts a whole table (`BoundedPaginator`).
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from claims import paging

PER_PAGE = 20
COUNT_AHEAD = 200  # rows counted past the page asked for; more shows as "more than N"
LAST_PAGE = 100_000  # no list is longer; a larger number would overflow the database's OFFSET


def latest_first(claims):
    return claims.order_by("-first_published_at", "-id")


def page_number(request) -> int:
    return paging.page_number(request, last=LAST_PAGE)


def rows_to_read(number: int, ahead: int | None = None) -> int:
    """Rows from the top that show page `number` and tell whether more than `ahead` (COUNT_AHEAD) follow it."""
    return (number - 1) * PER_PAGE + (ahead or COUNT_AHEAD) + 1


class BoundedPaginator(Paginator):
    """Counts at most `ahead` rows past the page asked for, never a whole table.

    A COUNT(*) over a million published verdicts costs a second; readers are
    told "page 3 of 53+" instead, and every older page still opens.
    """

    limit = None

    def __init__(self, items, *, ahead=None):
        super().__init__(items, PER_PAGE)
        self.ahead = ahead

    def get_page(self, number):
        self.limit = rows_to_read(number, self.ahead)
        return super().get_page(number)

    @cached_property
    def count(self):
        items = self.object_list
        if self.limit is None:
            return super().count
        if isinstance(items, list):
            return min(len(items), self.limit)
        return items[: self.limit].count()

    @property
    def more(self):
        return self.limit is not None and self.count >= self.limit


def paginate(request, items):
    return BoundedPaginator(items).get_page(page_number(request))
