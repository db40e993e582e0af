"""The page a list was asked for, read one way on the desk and the public site."""


def page_number(request, *, last: int) -> int:
    """`?page=` as a number from 1 to `last`; junk means the first page, so it cannot multiply cache entries."""
    try:
        return min(max(1, int(request.GET.get("page", 1))), last)
    except (TypeError, ValueError):
        return 1
