"""Shared pieces of the "no 500 on any input" tests (tests/test_no_500_*.py).

- `junk()` and `field()`: hypothesis strategies for what people and bots type.
- `World`: one claim in every status, their evidence, readers' messages and every persona.
- `attempt()`: one request in a transaction that is rolled back afterwards; it asserts the
  answer is below 500 and that a refused request left the database as it was.
"""

import hashlib
from urllib.parse import quote

from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils.functional import cached_property
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from claims import workflow
from claims.intake import payload as intake_payload
from claims.intake import pipeline
from claims.models import Claim, Comment, Evidence, Piece, Rating, ReaderMessage, ReviewEvent, Verdict
from claims.roles import EDITORS, FACT_CHECKERS
from tests.factories import ClaimFactory, PieceFactory, make_user, publish, research


def no_500_settings(max_examples):
    """Deterministic (the same examples on every run and machine), no deadline: a page may be slow once."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        report_multiple_bugs=False,  # the first bug, shrunk: quicker, and clearer to read
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# Values ---------------------------------------------------------------------------

HUGE = 100_000  # characters: far above every field's limit, below Django's upload limit
PAYLOADS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\t\r\n\x0b\x0c",
    "\x07\x1b[31mred\x1b[0m\x7f",
    "\u202eevil.exe\u202c",
    "שלום עולם",
    "مرحبا بالعالم",
    "😀𝕏𐍈\U0010fffd",
    "\ufeff\u200b\u2028\u2029",
    "Z̴̡̛a̶̢͝l̷g̸o̵",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "{{ request }}{% debug %}",
    "%s%s%n%(title)s{0}",
    "' OR '1'='1' --",
    "\\",
    "../../../../etc/passwd",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "-1",
    "0",
    "1.5",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "2024-02-30",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "31/12/2024",
    "true",
    "null",
    "[]",
    "{}",
    "http://",
    "https://",
    "http://localhost/",
    "http://127.0.0.1:5432/",
    "ftp://example.org/file",
    "https://exa mple.org/",
    "http://[::1",
    "https://例え.テスト/パス?q=ü",
    "https://example.org/" + "a" * 1000,
    "a" * 301,
    "b" * 501,
    "c" * 5001,
]
POISON = ["\x00", "\u202e", "<script>alert(1)</script>", "😀", " ", "\n", "%00"]


def huge_text():
    return st.text(min_size=1, max_size=3).map(lambda s: (s * (HUGE // len(s) + 1))[:HUGE])


def junk():
    """Anything a person or a bot may send in one field."""
    return st.one_of(
        st.sampled_from(PAYLOADS),
        st.text(max_size=30),
        huge_text(),
        st.integers().map(str),
        st.floats().map(str),
    )


def spoiled(*valid):
    """A value that is wrong: junk, or a valid one with something poisonous added."""
    if not valid:
        return junk()
    poisoned = st.tuples(st.sampled_from([str(v) for v in valid]), st.sampled_from(POISON)).map("".join)
    return st.one_of(junk(), poisoned)


def field(*valid):
    """A field's value: valid, spoiled, or several values at once."""
    good = st.sampled_from([str(v) for v in valid]) if valid else junk()
    return st.one_of(good, spoiled(*valid), st.lists(st.one_of(good, junk()), max_size=3))


EXTRAS = {"unexpected": junk(), "csrfmiddlewaretoken": junk(), "submit": junk()}


def form(optional=None, **valid):
    """A POST body: all valid, valid but for one spoiled or missing field, or every field anything or missing.

    `valid` maps each field to its valid values; `optional` maps fields sent only now and then to theirs.
    """
    optional = optional or {}
    good = st.fixed_dictionaries({name: st.sampled_from([str(v) for v in values]) for name, values in valid.items()})
    anything = st.fixed_dictionaries({}, optional={name: field(*v) for name, v in {**valid, **optional}.items()})
    choices = [anything]
    if valid:
        names = sorted(valid)
        one_bad = st.sampled_from(names).flatmap(
            lambda name: st.tuples(good, st.just(name), spoiled(*valid[name])).map(lambda t: {**t[0], t[1]: t[2]})
        )
        one_missing = st.tuples(good, st.sampled_from(names)).map(
            lambda t: {k: v for k, v in t[0].items() if k != t[1]}
        )
        choices = [good, one_bad, good, one_bad, one_missing, anything]
    extras = st.fixed_dictionaries({}, optional=EXTRAS)
    return st.tuples(st.one_of(choices), extras).map(lambda t: {**t[1], **t[0]})


def path_part():
    """A piece of a URL path: a plausible slug, unicode, very long, percent-escapes or dots."""
    return st.one_of(
        st.sampled_from(["x", "-", "_", ".", "..", "...", "%2e%2e", "%00", "%ff%fe", "%", "%zz", "a%2Fb", "-1", "0"]),
        st.from_regex(r"[a-z0-9-]{1,40}", fullmatch=True),
        st.text(min_size=1, max_size=30).map(lambda s: quote(s, safe="")),
        st.text(alphabet="aé😀-_.~", min_size=200, max_size=400).map(lambda s: quote(s, safe="")),
    )


NASTY_QUERIES = [
    "page=-1",
    "page=0",
    "page=abc",
    f"page={10**20}",
    "page=1e5",
    "page=2",
    "q=%00",
    "q=a%00b",
    "q=" + quote("😀𝕏 \u202e مرحبا <script>"),
    "q=" + "%F0%9F%98%80" * 5000,
    "q=%ff%fe%zz",
    f"q=mayor&page={10**20}",
    f"new_page={10**20}&dismissed_page=-1",
    "status=all&priority=9&sort=nope&state=x&kind=y",
    "unknown=1&page=2&page=3",
    "show=published&page=abc",
]


def query_string():
    """A raw query string: paging, searching, unknown parameters and broken escapes."""
    key = st.sampled_from(["page", "page", "q", "q", "new_page", "dismissed_page", "status", "priority", "sort"])
    value = st.one_of(
        st.sampled_from(["-1", "0", "abc", str(10**20), "1e5", "%00", "%ff", "%zz", "", "2"]),
        st.text(max_size=30).map(lambda s: quote(s, safe="")),
        huge_text().map(lambda s: quote(s[:3000], safe="")),
    )
    pair = st.tuples(key | st.text(max_size=8).map(lambda s: quote(s, safe="")), value).map("=".join)
    return st.sampled_from(NASTY_QUERIES) | st.lists(pair, max_size=4).map("&".join)


# The world ------------------------------------------------------------------------

ROLES = ["anonymous", "outsider", "checker", "checker2", "editor", "editor2", "root"]
CLAIMS = ["new", "researching", "in_review", "published", "reopened", "dismissed", "withdrawn", "missing", "huge"]


class World:
    """A desk with one claim in every status; `checker` researches all of them, `editor` approved."""

    STATUS = {
        "new": "new",
        "researching": "researching",
        "in_review": "in_review",
        "published": "published",
        "reopened": "researching",
        "dismissed": "dismissed",
        "withdrawn": "withdrawn",
    }

    def __init__(self):
        self.users = {
            "anonymous": None,
            "outsider": make_user("outsider", is_staff=False),
            "checker": make_user("checker", FACT_CHECKERS),
            "checker2": make_user("checker2", FACT_CHECKERS),
            "editor": make_user("editor", EDITORS),
            "editor2": make_user("editor2", EDITORS),
            "root": make_user("root", is_superuser=True),
            "inactive": make_user("inactive", FACT_CHECKERS, is_active=False),
        }
        checker, editor = self.users["checker"], self.users["editor"]
        rating = Rating.objects.get(slug="false")
        piece = PieceFactory(title="The mayor’s speech")
        made = {name: ClaimFactory(piece=piece) for name in CLAIMS[:7]}
        research(made["researching"], checker=checker, editor=editor, rating=rating, evidence=2)
        research(made["in_review"], checker=checker, editor=editor, rating=rating)
        workflow.submit(made["in_review"], by=checker)
        for name in ("published", "reopened", "withdrawn"):
            publish(made[name], checker=checker, editor=editor, rating=rating)
        workflow.reopen(made["reopened"], by=editor, reason="A figure was wrong")
        workflow.dismiss(made["dismissed"], by=editor, reason="Not check-worthy")
        workflow.withdraw(made["withdrawn"], by=editor, reason="Sources failed")
        self.claims = {name: Claim.objects.get(pk=claim.pk) for name, claim in made.items()}
        self.messages = {
            "suggestion": ReaderMessage.objects.create(
                kind="suggestion", text="Check the mayor on schools.", url="https://example.org/speech"
            ),
            "correction": ReaderMessage.objects.create(
                kind="correction", text="The figure is 14.", claim=self.claims["published"]
            ),
            "declined": ReaderMessage.objects.create(kind="suggestion", text="Old one.", state="declined"),
        }

    @cached_property
    def payload(self):
        """The intake's signed candidates of a short piece, as the intake page puts them in its form."""
        text = (
            "The mayor said the city built 40 new schools last year. "
            "Unemployment fell by 12 percent since 2020, according to the council."
        )
        return intake_payload.sign(pipeline.rank_piece(text=text, title="Council notes"))

    def user(self, role):
        return self.users[role]

    def claim_id(self, name):
        if name == "missing":
            return 987654
        if name == "huge":
            return 10**20
        return self.claims[name].pk

    def evidence_id(self, claim_name, which):
        """`own`: a link of the claim itself; `other`: a link of another claim; else ids that do not exist."""
        if which == "own":
            claim = self.claims.get(claim_name) or self.claims["researching"]
            first = claim.evidence.order_by("pk").first() or self.claims["researching"].evidence.first()
            return first.pk
        if which == "other":
            other = "published" if claim_name == "researching" else "researching"
            return self.claims[other].evidence.order_by("pk").last().pk
        return 876543 if which == "missing" else 10**20

    def message_id(self, name):
        if name == "missing":
            return 765432
        return self.messages[name].pk


# One request ----------------------------------------------------------------------

TABLES = (Claim, Evidence, Verdict, ReviewEvent, Comment, Piece, ReaderMessage)


def fingerprint() -> dict:
    """Each table's row count and a hash of all its rows, every column (versions and statuses too)."""
    result = {}
    for model in TABLES:
        columns = [f.attname for f in model._meta.concrete_fields]
        digest = hashlib.sha256()
        count = 0
        for row in model.objects.order_by("pk").values_list(*columns):
            digest.update(repr(row).encode())
            count += 1
        result[model.__name__] = (count, digest.hexdigest()[:16])
    return result


def message_levels(response) -> set:
    return {m.level for m in get_messages(response.wsgi_request)}


def was_refused(response) -> bool:
    """A refusal: a 4xx, a redirect to a login page, or no success message with a page re-rendered (200)
    or an error message."""
    if response.status_code >= 400 or "/login/" in response.get("Location", ""):
        return True
    levels = message_levels(response)
    if messages.SUCCESS in levels:
        return False
    return response.status_code == 200 or messages.ERROR in levels


def always(response) -> bool:
    return True


def no_success_message(response) -> bool:
    return messages.SUCCESS not in message_levels(response)


def resolve(world, data: dict, claim=None) -> dict:
    """Replace "@name" values by the id of that person or claim of the world, "@payload" by the intake's
    signed payload, and "@version" / "@draft_version" by the current versions of `claim` and its draft."""

    def one(value):
        if not (isinstance(value, str) and value.startswith("@")):
            return value
        name = value[1:]
        if name == "payload":
            return world.payload
        if name in ("version", "draft_version") and claim in world.claims:
            current = Claim.objects.get(pk=world.claims[claim].pk)
            draft = current.current_draft()
            return str(current.version if name == "version" else (draft.version if draft else 0))
        if name in world.users:
            return str(world.users[name].pk)
        if name in CLAIMS:
            return str(world.claim_id(name))
        return value

    return {key: [one(v) for v in value] if isinstance(value, list) else one(value) for key, value in data.items()}


def attempt(user, method, path, data=None, *, refused=None, **extra):
    """Send one request as `user` and roll everything back; return the response.

    `refused(response)` replaces `was_refused` where an answer says more than its status; reads pass
    `refused=always`, since a read never changes anything.
    """
    with transaction.atomic():
        cache.clear()  # rate limits and cached pages start afresh, like the database
        client = Client()
        if user is not None:
            client.force_login(user)
        before = fingerprint()
        if method == "raw":  # a body sent as it is, whatever its content type says
            response = client.generic("POST", path, data, **extra)
        else:
            response = getattr(client, method)(path, data, **extra)
        where = f"{method.upper()} {path[:200]} as {user or 'anonymous'}"
        assert response.status_code < 500, f"{where} answered {response.status_code}"
        is_refusal = (refused or was_refused)(response)
        if currently_in_test_context():  # --hypothesis-show-statistics tells how many succeeded
            event("refused" if is_refusal else "accepted", str(response.status_code))
        if is_refusal:
            after = fingerprint()
            changed = {name: (before[name], after[name]) for name in before if before[name] != after[name]}
            assert not changed, f"{where} was refused ({response.status_code}) but changed {changed}"
        transaction.set_rollback(True)
    return response
