"""No 500 on any input: the admin's workflow actions, the per-claim step buttons and the bulk actions.

Both go through `claims.workflow.take_step`; whoever sends whatever, the answer is below 500 and a
request that took no step (no success message) changes nothing.
"""

from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from claims import workflow
from tests.no_500_support import (
    CLAIMS,
    World,
    always,
    attempt,
    form,
    junk,
    no_500_settings,
    no_success_message,
    resolve,
)

pytestmark = pytest.mark.django_db

ADMINS = ["root", "editor2", "checker", "outsider", "anonymous"]
STEP_NAMES = [*workflow.STEPS, "nope", "__init__", "STEPS", "a" * 300, "шаг", "%00", ".."]
ASSIGNEES = ["@checker", "@editor", "@root", "@outsider", "@inactive", "@missing"]
STEP_FORM = form(comment=["The sources disagree."], assignee=ASSIGNEES)


@pytest.fixture
def world(db):
    return World()


@no_500_settings(80)
@given(
    role=st.sampled_from(ADMINS),
    claim=st.sampled_from(CLAIMS),
    step=st.sampled_from(STEP_NAMES),
    method=st.sampled_from(["post", "post", "post", "get"]),
    data=STEP_FORM,
)
def test_the_admin_step_buttons_never_answer_500(world, role, claim, step, method, data):
    pk = world.claim_id(claim)
    path = reverse("admin:claims_claim_step", args=[pk, "x"]).replace("/x/", f"/{quote(step, safe='')}/")
    attempt(world.user(role), method, path, resolve(world, data), refused=no_success_message)


ACTIONS = [f"bulk_{name}" for name in workflow.STEPS] + ["delete_selected", "bulk_nope", ""]


def selection():
    """The ticked claims: real ones, other ids, ids that do not exist, and words."""
    real = st.sampled_from(["@" + name for name in CLAIMS[:7]])
    ids = real | st.sampled_from(["@missing", "@huge", "abc", "-1", "1.5", "", "0"]) | junk()
    return st.lists(real, min_size=1, max_size=3) | st.lists(ids, max_size=4)


@no_500_settings(80)
@given(
    role=st.sampled_from(["root", "editor2"]) | st.sampled_from(ADMINS),
    action=st.sampled_from(ACTIONS),
    selected=selection(),
    data=form(
        {"select_across": ["0", "1", "x"], "index": ["0", "1", "x"]},
        confirm=["1"],
        comment=["The sources disagree."],
        assignee=ASSIGNEES,
    ),
)
def test_the_admin_bulk_actions_never_answer_500(world, role, action, selected, data):
    data = resolve(world, {**data, "action": action, "_selected_action": selected})
    attempt(world.user(role), "post", reverse("admin:claims_claim_changelist"), data, refused=no_success_message)


# The cases the generated posts found, kept as plain examples.


def bulk(world, role, action, selected, **extra):
    data = resolve(world, {"action": action, "_selected_action": selected, **extra})
    url = reverse("admin:claims_claim_changelist")
    return attempt(world.user(role), "post", url, data, refused=no_success_message)


def test_a_bulk_step_without_inputs_ignores_a_stray_assignee(world):
    """Submitting needs no form; a confirmed post with a bad assignee must still submit (admin.py bulk_step)."""
    response = bulk(world, "root", "bulk_submit", ["@researching"], confirm="1", assignee="abc")
    assert response.status_code == 302


@pytest.mark.parametrize("ticked", ["abc", "1.5", str(10**20)])
def test_a_bulk_action_on_ids_that_cannot_exist_changes_nothing(world, ticked):
    """Ticked ids come from the page, but a crafted post may send words or numbers beyond the column."""
    response = bulk(world, "root", "bulk_restore", ["@dismissed", ticked])
    assert response.status_code < 500


ADMIN_READS = [
    "claims/claim/?q=%00",
    "claims/claim/?rating=%00",
    "claims/claim/?status=%00",
    "claims/claim/?priority=%00",
    "claims/claim/?assignee__id__exact=abc",
    f"claims/claim/?piece__id__exact={10**20}",
    f"claims/claim/?p={10**20}",
    "claims/claim/?created_at__year=99999&created_at__month=13",
    "claims/claim/abc/change/",
    f"claims/claim/{10**20}/change/",
    "claims/claim/abc/history/",
    f"claims/claim/{10**20}/history/",
    "claims/claim/@new/history/%00/",
    "claims/evidence/?q=%00&stance=%00",
    "claims/verdict/?state=%00",
    "claims/readermessage/?kind=%00&state=%00",
    "claims/piece/?publisher=%00",
]


def test_admin_pages_take_any_query_and_id(world):
    """The admin's lists, filters and per-claim pages with NUL, words and huge numbers: never an error."""
    failures = []
    for read in ADMIN_READS:
        path = reverse("admin:index") + read.replace("@new", str(world.claim_id("new")))
        try:
            status = attempt(world.user("root"), "get", path, refused=always).status_code
        except Exception as error:  # noqa: BLE001 - every page is tried, then all failures are reported
            status = f"{type(error).__name__}: {str(error)[:100]}"
        if not isinstance(status, int):
            failures.append(f"{path} -> {status}")
    assert not failures, "\n".join(failures)


# Dates beyond the calendar in every list's drill-down, and choices that cannot be rows (issue 20, item 6).

ABSURD_DATES = [
    {"__year": "99999999999"},
    {"__year": "9999"},
    {"__year": "9999", "__month": "12"},
    {"__year": "9999", "__month": "12", "__day": "31"},
    {"__year": "-1"},
    {"__year": "2026", "__month": "99999999999"},
    {"__year": "2026", "__month": "2", "__day": "99999999999"},
]


def date_drill_downs():
    """Every registered admin list with a date drill-down, with each absurd date."""
    from django.contrib import admin

    for model, model_admin in admin.site._registry.items():
        if model_admin.date_hierarchy:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            for parts in ABSURD_DATES:
                yield url + "?" + "&".join(f"{model_admin.date_hierarchy}{k}={v}" for k, v in parts.items())


def test_every_date_drill_down_refuses_dates_beyond_the_calendar(client, superuser):
    client.force_login(superuser)
    answers = {url: client.get(url).status_code for url in date_drill_downs()}
    assert "/admin/claims/claim/?created_at__year=99999999999" in answers
    assert all(status in (200, 302, 400) for status in answers.values()), answers
    assert answers["/admin/claims/claim/?created_at__year=99999999999"] == 400
