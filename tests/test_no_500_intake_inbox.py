"""No 500 on any input: the intake page (paste, upload, address), saving candidates, and the readers' inbox.

No network: the intake's fetcher is replaced by one that refuses, so a generated address never
leaves the machine.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from claims.intake import fetching
from claims.intake.errors import IntakeError
from tests.no_500_support import ROLES, World, attempt, form, huge_text, junk, no_500_settings, resolve

pytestmark = pytest.mark.django_db

LIKELY_ROLES = ["checker", "editor2"]
PIECE = (
    "The mayor said the city built 40 new schools last year.\n\n"
    "Unemployment fell by 12 percent since 2020, according to the council."
)


@pytest.fixture
def world(db, monkeypatch):
    def no_network(url):
        raise IntakeError(f"Could not reach {url}: the tests have no network.")

    monkeypatch.setattr(fetching, "fetch", no_network)
    return World()


UPLOADS = {
    "text": PIECE.encode(),
    "utf-16": PIECE.encode("utf-16"),
    "empty": b"",
    "blank": b"   \n",
    "pdf": b"%PDF-1.7 binary",
    "png": b"\x89PNG\r\n\x1a\n",
    "broken utf-8": b"\xff\xfe\xfd broken utf-8 \xc3\x28",
    "html": f"<html><body><p>{PIECE}</p><script>alert(1)</script></body></html>".encode(),
    # NUL bytes after the part that is checked for binary content, and at the end of a short text.
    "late NUL": PIECE.encode() * 300 + b"\x00 The council said 12 new schools opened.",
    "trailing NULs": PIECE.encode() + b"\x00" * 10,
    "too big": b"x" * (2 * 1024 * 1024 + 1),
}


def upload():
    """A file as browsers send it: any name, and text, HTML, binary, empty or oversized content."""
    content = st.one_of(
        st.sampled_from(sorted(UPLOADS)).map(UPLOADS.get),
        st.binary(max_size=200),
        st.text(max_size=300).map(str.encode),
    )
    name = st.sampled_from(["piece.txt", "piece.md", "piece.html", "piece.pdf", "x", "😀.txt", "a" * 300])
    return st.tuples(name, content).map(lambda t: SimpleUploadedFile(t[0], t[1]))


SOURCE_FORM = form(
    {"file": [], "source_url": ["https://news.example.org/piece", "file:///etc/passwd", "http://127.0.0.1/"]},
    text=[PIECE, "Hello.", "<h1>x</h1><p>The mayor said 40 schools were built.</p>"],
    title=["Council notes", ""],
    url=["https://news.example.org/piece", ""],
    publisher=["Example News", ""],
    published_on=["2024-05-01", ""],
    min_score=["0", "0.4", "1"],
)


@no_500_settings(60)
@given(role=st.sampled_from(LIKELY_ROLES) | st.sampled_from(ROLES), data=SOURCE_FORM, file=st.none() | upload())
def test_the_intake_page_never_answers_500(world, role, data, file):
    if file is not None:
        data = {**data, "file": file}
    attempt(world.user(role), "post", reverse("desk:intake"), data)


def test_every_kind_of_upload_gets_candidates_or_a_message(world):
    """Each file, with an otherwise valid form: read and ranked (200), or refused with a message (400)."""
    answers = {}
    for kind, content in UPLOADS.items():
        data = {"file": SimpleUploadedFile("piece.txt", content), "min_score": "0"}
        answers[kind] = attempt(world.user("checker"), "post", reverse("desk:intake"), data).status_code
    assert set(answers.values()) <= {200, 400}, answers
    assert answers["text"] == answers["late NUL"] == 200 and answers["pdf"] == 400


SAVE_FORM = form(
    {
        "candidate-MAX_NUM_FORMS": ["1000", "0"],
        "candidate-1-rank": ["2", "1"],
        "candidate-1-keep": ["on"],
        "candidate-1-statement": ["Unemployment fell by 12 percent."],
        "candidate-1-claimant": [""],
    },
    payload=["@payload"],
    title=["Council notes", "x" * 300],
    **{
        "candidate-TOTAL_FORMS": ["1", "2", "0", "1001", "-1"],
        "candidate-INITIAL_FORMS": ["0", "2", "-1"],
        "candidate-0-rank": ["1", "2", "0", "999"],
        "candidate-0-keep": ["on", ""],
        "candidate-0-statement": ["The city built 40 new schools last year.", "s" * 500],
        "candidate-0-claimant": ["The mayor", ""],
    },
)


@no_500_settings(50)
@given(role=st.sampled_from(LIKELY_ROLES) | st.sampled_from(ROLES), data=SAVE_FORM)
def test_saving_candidates_never_answers_500(world, role, data):
    attempt(world.user(role), "post", reverse("desk:intake_save"), resolve(world, data))


def test_a_kept_candidate_is_stored(world):
    """The generated saves above can succeed: a plain one does, and it counts as accepted."""
    data = {
        "payload": world.payload,
        "title": "Council notes",
        "candidate-TOTAL_FORMS": "1",
        "candidate-INITIAL_FORMS": "0",
        "candidate-0-rank": "1",
        "candidate-0-keep": "on",
        "candidate-0-statement": "The city built 40 new schools last year.",
        "candidate-0-claimant": "The mayor",
    }
    response = attempt(world.user("checker"), "post", reverse("desk:intake_save"), data)
    assert response.status_code == 302, response.content[:500]


ACCEPT_FORM = form(
    {"statement": ["x"], "claimant": ["x"]},
    **{"@-statement": ["The mayor says schools doubled.", "s" * 500], "@-claimant": ["The mayor", ""]},
)


@pytest.mark.parametrize("action", ["inbox_accept", "inbox_decline"])
@no_500_settings(40)
@given(
    role=st.sampled_from(["editor", "checker"]) | st.sampled_from(ROLES),
    message=st.sampled_from(["suggestion", "correction", "declined", "missing"]),
    data=ACCEPT_FORM,
    huge_id=st.booleans(),
)
def test_inbox_actions_never_answer_500(world, action, role, message, data, huge_id):
    pk = 10**20 if huge_id and message == "missing" else world.message_id(message)
    # The accept form's fields carry the message's id: "@-statement" is "m<id>-statement".
    data = {key.replace("@-", f"m{pk}-"): value for key, value in data.items()}
    attempt(world.user(role), "post", reverse(f"desk:{action}", args=[pk]), data)


@no_500_settings(30)
@given(data=st.dictionaries(st.text(max_size=10), junk() | huge_text(), max_size=5))
def test_the_intake_page_takes_any_field_names(world, data):
    attempt(world.user("checker"), "post", reverse("desk:intake"), data)
