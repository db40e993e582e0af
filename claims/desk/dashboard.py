"""Numbers for the editors' dashboard: counts, waits, weekly output and open work.

Every figure is one or two aggregate queries; the chart's geometry is computed here so
the template only draws it (an inline SVG with no style attributes, for the CSP).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Min, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from claims.models import Claim, Verdict, WorkState
from claims.roles import FACT_CHECKERS

S = Claim.Status
WEEKS = 12


def counts_by_status() -> list[tuple[str, str, int]]:
    """(work state, label, count) for every work state, zeros included, in workflow order.

    Counted by status first; only researching and in-review claims can be in a derived state,
    so only they are counted again by work state.
    """
    counts = dict(Claim.objects.order_by().values_list("status").annotate(n=Count("id")))
    working = Claim.objects.filter(status__in=[S.RESEARCHING, S.IN_REVIEW]).with_work_state().order_by()
    counts.update({S.RESEARCHING: 0, S.IN_REVIEW: 0})
    counts.update(working.values_list("work_state_value").annotate(n=Count("id")))
    return [(value, label, counts.get(value, 0)) for value, label in WorkState.choices]


def waiting_for_review(limit: int = 10):
    """The claims in review, oldest first, and how many there are."""
    claims = Claim.objects.awaiting_review()
    return list(claims[:limit]), claims.count()


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def published_per_week(*, today: datetime.date | None = None, weeks: int = WEEKS) -> list[tuple[datetime.date, int]]:
    """(Monday, number of revisions approved that week) for the last `weeks` weeks, this one last.

    Corrections count: each approved revision is a verdict published.
    """
    today = today or timezone.localdate()
    first = week_start(today) - datetime.timedelta(weeks=weeks - 1)
    since = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    rows = (
        Verdict.objects.filter(state=Verdict.State.APPROVED, approved_at__gte=since)
        .annotate(week=TruncWeek("approved_at"))
        .order_by()
        .values_list("week")
        .annotate(n=Count("id"))
    )
    counts = {}
    for week, n in rows:
        day = week.date() if isinstance(week, datetime.datetime) else week
        counts[day] = counts.get(day, 0) + n
    return [
        (first + datetime.timedelta(weeks=i), counts.get(first + datetime.timedelta(weeks=i), 0)) for i in range(weeks)
    ]


@dataclass
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    value_y: float
    show_label: bool


@dataclass
class Chart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    top: int
    top_y: float
    total: int
    label_y: int


def bar_chart(series: list[tuple[datetime.date, int]], *, width=640, height=220) -> Chart:
    """Bars for a weekly series, scaled to the largest week (at least 1, so an empty chart still draws)."""
    left, right, top_pad, bottom_pad = 36, 8, 16, 28
    top = max([1] + [count for _day, count in series])
    plot_height = height - top_pad - bottom_pad
    slot = (width - left - right) / max(len(series), 1)
    bars = []
    for i, (day, count) in enumerate(series):
        # An empty week still draws a thin stub, so the reader sees a zero, not a gap.
        bar_height = max(plot_height * count / top, 2)
        x = left + i * slot + slot * 0.15
        y = height - bottom_pad - bar_height
        bars.append(
            Bar(
                label=day.strftime("%d %b"),
                count=count,
                x=round(x, 1),
                y=round(y, 1),
                width=round(slot * 0.7, 1),
                height=round(bar_height, 1),
                label_x=round(x + slot * 0.35, 1),
                value_y=round(y - 4, 1),
                show_label=(len(series) - 1 - i) % 2 == 0,  # every other week, ending on this one
            )
        )
    total = sum(count for _day, count in series)
    return Chart(width, height, height - bottom_pad, bars, top, top_pad, total, height - 8)


def open_work():
    """Each fact-checker's open claims by status, with how many are overdue; busiest first.

    Editors appear too when claims are assigned to them. Counted from the open
    claims (a few thousand at most), never from everything ever assigned.
    """
    today = timezone.localdate()
    work = ("researching", "changes_requested", "correction", "in_review")
    nothing = {**dict.fromkeys(work, 0), "overdue": 0, "next_due": None}
    # Grouped by person and work state, so each claim's work state is worked out once, not once per column.
    grouped = (
        Claim.objects.open()
        .exclude(assignee=None)
        .with_work_state()
        .order_by()
        .values_list("assignee", "work_state_value")
        .annotate(n=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)), next_due=Min("due_on"))
    )
    per_person = {}
    for assignee, state, n, overdue, next_due in grouped:
        row = per_person.setdefault(assignee, dict(nothing))
        if state in work:
            row[state] += n
        row["overdue"] += overdue
        if next_due and (row["next_due"] is None or next_due < row["next_due"]):
            row["next_due"] = next_due
    people = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=FACT_CHECKERS) | Q(pk__in=list(per_person)))
        .distinct()
    )
    rows = []
    for user in people:
        row = per_person.get(user.pk, {})
        for name, default in nothing.items():
            setattr(user, name, row.get(name, default))
        rows.append(user)
    rows.sort(key=lambda u: (-sum(getattr(u, name) for name in work), u.get_username()))
    return rows
