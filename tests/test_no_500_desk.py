"""No 500 on any input: every form of the claim workspace, and every desk list with any query string.

Hypothesis sends generated values (empty, huge, unicode, control characters and NUL, HTML and
script, wrong types, missing fields, other claims' ids, ids that do not exist) as every role, to
every claim status. Every answer is below 500; a refused request changes nothing in the database.
"""

from urllib.parse import quote

import pytest
from django.contrib import messages
from django.db.models import F
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from claims import editing, workflow
from claims.models import Claim, Comment, Verdict
from tests.no_500_support import (
    CLAIMS,
    ROLES,
    World,
    always,
    attempt,
    fingerprint,
    form,
    message_levels,
    no_500_settings,
    query_string,
    resolve,
)

pytestmark = pytest.mark.django_db

USERS = ["@checker", "@checker2", "@editor", "@editor2", "@outsider", "@inactive", "@root", "@missing"]
NEXT = ["/desk/", "https://evil.example/", "//evil.example/x", "javascript:alert(1)", "/\\evil", "a b", "desk:queue"]
DATES = ["2024-05-01", "2024-02-29", ""]
URLS = ["https://example.org/report", "http://example.org/", ""]
VERSIONS = ["@version", 0, 1, 2, 3]

CLAIM_FORM = form(
    statement=["The city built 12 schools.", "A" * 500],
    quote=["the city built 12 schools", ""],
    claimant=["The mayor", "رئيس البلدية", ""],
    said_on=DATES,
    appearance_url=URLS,
    priority=[0, 1, 2, 3],
    due_on=DATES,
    version=VERSIONS,
)
EVIDENCE_FORM = form(
    url=URLS[:2],
    title=["Council records", "x" * 300],
    publisher=["City council", ""],
    stance=["supports", "refutes", "context"],
    note=["Page 4, table 2.", ""],
    accessed_on=DATES[:2],
    archived_url=URLS,
)
VERDICT_FORM = form(
    {"preview": ["1"]},
    rating=list(range(1, 10)),
    headline=["The figure is wrong", ""],
    summary=["Records show 12.", "s" * 1000],
    explanation=["**Bold** [link](https://example.org)", "[x](javascript:alert(1))", ""],
    version=["@draft_version", 0, 1, 2],
)
STEP_FORM = form({"next": NEXT}, to=USERS, comment=["Because the sources disagree."])
NOT_STEPS = ["nope", "take_step", "STEPS", "__init__", "ASSIGN", "assign ", "a" * 300, "步骤"]
EVIDENCE = ["own", "other", "missing", "huge"]
RESEARCH = ["researching", "reopened"]  # where evidence and verdicts can be edited

# action: (claims where it may succeed, choices of the URL's other parts, the posted form)
ACTIONS = {
    "claim_edit": ([*RESEARCH, "new"], [], CLAIM_FORM),
    "evidence_add": (RESEARCH, [], EVIDENCE_FORM),
    "evidence_edit": (RESEARCH, [EVIDENCE], EVIDENCE_FORM),
    "evidence_delete": (RESEARCH, [EVIDENCE], form()),
    "evidence_move": (RESEARCH, [EVIDENCE], form(offset=[-1, 1])),
    "verdict": (RESEARCH, [], VERDICT_FORM),
    "preview": (RESEARCH, [], form(explanation=["# Title", "<script>alert(1)</script>"])),
    "comment": (CLAIMS[:7], [], form({"next": NEXT}, body=["Please add a second source."])),
    **{
        f"step {name}": ([c for c in CLAIMS[:7] if World.STATUS[c] in step.sources], [[name]], STEP_FORM)
        for name, step in workflow.STEPS.items()
    },
    "step (not a step)": (CLAIMS, [NOT_STEPS], STEP_FORM),
}
LIKELY_ROLES = ["checker", "editor2"]  # the claims' fact-checker, and an editor who did not approve them


@pytest.fixture
def world(db):
    return World()


def action_path(world, action, claim, extra):
    pk = world.claim_id(claim)
    if action.startswith("step"):
        # Built by hand: the step name may be anything a person types, not only a slug.
        return f"/desk/claims/{pk}/step/{quote(extra[0], safe='')}/"
    if extra:
        return reverse(f"desk:{action}", args=[pk, world.evidence_id(claim, extra[0])])
    return reverse(f"desk:{action}", args=[pk])


@pytest.mark.parametrize("action", list(ACTIONS))
@no_500_settings(40)
@given(data=st.data())
def test_workspace_forms_never_answer_500_and_refusals_change_nothing(world, action, data):
    likely, parts, posted = ACTIONS[action]
    role = data.draw(st.sampled_from(LIKELY_ROLES) | st.sampled_from(ROLES), "role")
    claim = data.draw(st.sampled_from(likely) | st.sampled_from(CLAIMS), "claim")
    extra = [data.draw(st.sampled_from(choices), "path part") for choices in parts]
    values = resolve(world, data.draw(posted, "form"), claim)
    attempt(world.user(role), "post", action_path(world, action, claim, extra), values)


def test_a_step_taken_through_the_desk_counts_as_a_success(world):
    """The checks above would be empty if no generated post could ever succeed: one that must, does."""
    claim = world.claims["new"]
    data = resolve(world, {"to": "@checker"})
    response = attempt(world.user("editor"), "post", reverse("desk:step", args=[claim.pk, "assign"]), data)
    assert response.status_code == 302
    assert messages.SUCCESS in message_levels(response)
    claim.refresh_from_db()
    assert claim.status == "new"  # attempt() rolls every request back


def test_a_refusal_that_writes_is_caught(world, monkeypatch):
    """The check of refusals works: a comment saved and then refused fails `attempt()`."""

    def writes_then_refuses(claim, *, by, body):
        Comment.objects.create(claim=claim, author=by, body=body)
        raise editing.EditRefused("Refused after writing.")

    monkeypatch.setattr(editing, "add_comment", writes_then_refuses)
    url = reverse("desk:comment", args=[world.claim_id("researching")])
    with pytest.raises(AssertionError, match="was refused"):
        attempt(world.user("checker"), "post", url, {"body": "A note."})


def test_the_fingerprint_sees_versions_and_statuses(world):
    before = fingerprint()
    Claim.objects.filter(pk=world.claim_id("new")).update(version=F("version") + 1)
    assert fingerprint() != before
    Claim.objects.filter(pk=world.claim_id("new")).update(version=F("version") - 1)
    assert fingerprint() == before
    Verdict.objects.filter(claim_id=world.claim_id("in_review")).update(state="draft")
    assert fingerprint() != before


PAGES = [
    "desk:home",
    "desk:queue",
    "desk:triage",
    "desk:review_queue",
    "desk:dashboard",
    "desk:inbox",
    "desk:intake",
    "desk:search",
]


@no_500_settings(80)
@given(
    role=st.sampled_from(ROLES),
    page=st.sampled_from([*PAGES, "desk:claim", "desk:review"]),
    claim=st.sampled_from(CLAIMS),
    query=query_string(),
)
def test_desk_pages_never_answer_500(world, role, page, claim, query):
    args = [world.claim_id(claim)] if page in ("desk:claim", "desk:review") else []
    attempt(world.user(role), "get", f"{reverse(page, args=args)}?{query}", refused=always)


RAW_BODIES = [
    b"body=\xff\xfe%ff%00&next=%C0%AF",
    b'--X\r\nContent-Disposition: form-data; name="body"\r\n\r\nunfinished\r\n',
    b'--X\r\nContent-Disposition: form-data; name="file"; filename="\x00.txt"\r\n\r\nhi\r\n--X--\r\n',
    b'{"body": "x"}',
    b"&".join(b"a%d=1" % i for i in range(1500)),  # more fields than Django accepts
    b"x" * (3 * 1024 * 1024),  # more than Django reads into memory
]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=nope",
    "multipart/form-data; boundary=X",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "application/json",
    "text/plain",
]
RAW_TARGETS = ["/desk/claims/@researching/comment/", "/desk/claims/@new/step/assign/", "/desk/intake/", "/suggest/"]


@no_500_settings(40)
@given(
    role=st.sampled_from(["editor", "anonymous"]),
    path=st.sampled_from(RAW_TARGETS),
    body=st.sampled_from(RAW_BODIES) | st.binary(max_size=300),
    content_type=st.sampled_from(CONTENT_TYPES),
)
def test_broken_request_bodies_never_answer_500(world, role, path, body, content_type):
    path = path.replace("@researching", str(world.claim_id("researching"))).replace("@new", str(world.claim_id("new")))
    attempt(world.user(role), "raw", path, body, content_type=content_type)
