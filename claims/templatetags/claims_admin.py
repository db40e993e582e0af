"""The admin's date drill-down, bounded for large tables."""

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.db.models import Max, Min
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("admin/date_hierarchy.html")
def bounded_date_hierarchy(cl):
    """Django's date drill-down, except that the years come from the first and last dates.

    Django lists the years with a SELECT DISTINCT over every row, a second on a
    million claims; the first and last dates are two index lookups. A year with
    no rows between them still shows, and its list is simply empty.
    """
    field = cl.date_hierarchy
    if any(name.startswith(f"{field}__") for name in cl.params):
        return date_hierarchy(cl)
    bounds = cl.queryset.aggregate(first=Min(field), last=Max(field))
    if bounds["first"] is None:
        return date_hierarchy(cl)
    first, last = (timezone.localtime(d) if timezone.is_aware(d) else d for d in (bounds["first"], bounds["last"]))
    if first.year == last.year:
        return date_hierarchy(cl)
    return {
        "show": True,
        "choices": [
            {"link": cl.get_query_string({f"{field}__year": str(year)}, [f"{field}__"]), "title": str(year)}
            for year in range(first.year, last.year + 1)
        ],
    }
