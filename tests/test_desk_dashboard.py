"""The editors' dashboard: counts, waiting reviews, weekly output and open work."""

import datetime

from django.urls import reverse
from django.utils import timezone

from claims import editing, workflow
from claims.desk import dashboard
from claims.models import Claim, Verdict
from tests.factories import ClaimFactory, publish


def test_it_counts_claims_by_status(client, editor, in_review_claim, dismissed_claim):
    ClaimFactory()
    client.force_login(editor)
    response = client.get(reverse("desk:dashboard"))
    counts = {value: n for value, _label, n in response.context["counts"]}
    assert counts == {
        "new": 1,
        "researching": 0,
        "changes_requested": 0,
        "correction": 0,
        "in_review": 1,
        "published": 0,
        "dismissed": 1,
        "withdrawn": 0,
    }


def test_it_lists_claims_waiting_for_review_and_for_how_long(client, editor, in_review_claim):
    Claim.objects.filter(pk=in_review_claim.pk).update(submitted_at=timezone.now() - datetime.timedelta(hours=5))
    client.force_login(editor)
    page = client.get(reverse("desk:dashboard")).content.decode()
    assert in_review_claim.statement in page
    assert "waiting 5\xa0hours" in page


def test_it_draws_verdicts_published_per_week_as_an_svg_chart(client, editor, published_claim):
    client.force_login(editor)
    response = client.get(reverse("desk:dashboard"))
    page = response.content.decode()
    assert '<svg class="chart"' in page and "style=" not in page.split("<svg")[1].split("</svg>")[0]
    assert page.count("<rect ") == 12
    assert response.context["chart"].bars[-1].count == 1
    assert "1 verdict in the last twelve weeks" in page


def test_published_per_week_counts_each_approved_revision_in_its_week(published_claim, checker, editor, rating):
    # A correction is a second approved revision of the same claim: it counts as a verdict published.
    workflow.reopen(published_claim, by=editor, reason="The 2023 figure was revised")
    revised = {"summary": "Revised records show 14.", "public_note": "We revised the figure."}
    editing.save_verdict(published_claim, by=checker, data=revised)
    workflow.submit(published_claim, by=checker)
    workflow.approve(published_claim, by=editor)
    other = publish(ClaimFactory(), checker=checker, editor=editor, rating=rating)
    old = publish(ClaimFactory(), checker=checker, editor=editor, rating=rating)
    first, correction = published_claim.verdicts.order_by("number")

    def approved(verdict, *when):
        Verdict.objects.filter(pk=verdict.pk).update(approved_at=timezone.make_aware(datetime.datetime(*when)))

    approved(first, 2026, 3, 3, 10)  # a Tuesday
    approved(correction, 2026, 3, 15, 23, 30)  # Sunday night: still the week of Monday 9 March
    approved(other.verdicts.get(), 2026, 3, 16, 0, 30)  # Monday morning: this week
    approved(old.verdicts.get(), 2025, 12, 28, 12)  # the Sunday before the first week shown

    series = dashboard.published_per_week(today=datetime.date(2026, 3, 19))  # a Thursday

    assert len(series) == 12
    assert series[0][0] == datetime.date(2025, 12, 29) and series[-1][0] == datetime.date(2026, 3, 16)  # Mondays
    counts = {day: n for day, n in series if n}
    assert counts == {datetime.date(2026, 3, 2): 1, datetime.date(2026, 3, 9): 1, datetime.date(2026, 3, 16): 1}


def test_published_per_week_puts_approvals_in_the_right_weeks(checker, editor, rating, db):
    claims = [publish(ClaimFactory(), checker=checker, editor=editor, rating=rating) for _ in range(3)]
    now = timezone.now()
    Verdict.objects.filter(claim=claims[0]).update(approved_at=now - datetime.timedelta(weeks=2))
    Verdict.objects.filter(claim=claims[1]).update(approved_at=now - datetime.timedelta(weeks=20))
    counts = [n for _day, n in dashboard.published_per_week()]
    assert counts[-1] == 1 and counts[-3] == 1 and sum(counts) == 2


def test_the_chart_scales_bars_to_the_busiest_week():
    monday = datetime.date(2026, 1, 5)
    chart = dashboard.bar_chart([(monday, 0), (monday + datetime.timedelta(weeks=1), 4)], height=220)
    empty, full = chart.bars
    assert full.height == 220 - 16 - 28 and full.y == 16
    assert empty.height == 2  # an empty week still shows a stub
    assert chart.top == 4 and chart.total == 4


def test_it_shows_each_fact_checkers_open_work(client, editor, checker, checker2, researching_claim, rating):
    late = ClaimFactory(due_on=datetime.date(2020, 1, 1))
    workflow.assign(late, by=editor, to=checker)
    client.force_login(editor)
    rows = {user.username: user for user in client.get(reverse("desk:dashboard")).context["open_work"]}
    assert (rows["checker"].researching, rows["checker"].in_review, rows["checker"].overdue) == (2, 0, 1)
    assert rows["checker"].next_due == datetime.date(2020, 1, 1)
    assert (rows["checker2"].researching, rows["checker2"].overdue) == (0, 0)
    assert "editor" not in rows  # editors appear only when claims are assigned to them


def test_the_dashboard_query_count_does_not_grow(client, editor, checker, django_assert_max_num_queries):
    for _ in range(30):
        workflow.assign(ClaimFactory(), by=editor, to=checker)
    client.force_login(editor)
    with django_assert_max_num_queries(10):
        client.get(reverse("desk:dashboard"))
