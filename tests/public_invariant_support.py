"""The small newsroom, the helpers and the public-page checks of tests/test_public_invariant.py.

Every text the world and the state machine write carries a marker word
(`mrk0001q`): a page is searched for markers, never for whole sentences, so a
leak of any draft, comment or internal reason is found wherever it shows.
"""

import html
import re

from django.test import Client
from django.utils.text import slugify

from claims import editing, workflow
from claims.models import Claim, Rating
from claims.roles import EDITORS, FACT_CHECKERS
from tests.admin_forms import FormFields
from tests.factories import ClaimFactory, PieceFactory, make_user, research

MARK = re.compile(r"mrk\d{4}q")
ROLES = ("checker", "checker2", "editor", "editor2", "root")
RATINGS = ("false", "half-true", "misleading")


def markers(*texts) -> set:
    return set(MARK.findall(" ".join(str(t) for t in texts)))


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def desk_text(pk) -> dict:
    """The desk's draft of a claim as the ORM has it: what an approval of it must show readers.

    Read from the claim row, its evidence rows and the open revision's text, never from the
    snapshot fields, so the model does not lean on the code it checks.
    """
    claim = Claim.objects.select_related("piece").get(pk=pk)
    draft = claim.current_draft()
    return {
        # The piece as cited and the rating as shown are approved with the rest (claims/snapshots.py).
        "piece_title": claim.piece.title if claim.piece else "",
        "rating_label": draft.rating.label if draft.rating else "",
        "statement": claim.statement,
        "quote": claim.quote,
        "claimant": claim.claimant,
        "headline": draft.headline,
        "summary": draft.summary,
        "explanation": draft.explanation,
        "public_note": draft.public_note,
        "rating_id": draft.rating_id,
        "evidence": [(e.title, e.url) for e in claim.evidence.order_by("position", "id")],
    }


def projection(pk) -> tuple:
    """Everything readers would see of the claim's next revision, as the ORM has it: a change to it is authorship.

    Read from the rows (the claim's public fields, every field of its evidence in order, the open revision's
    text), never from the desk's record of changes, so the model does not lean on the code it checks.
    """
    claim = Claim.objects.get(pk=pk)
    draft = claim.current_draft()
    fields = ("statement", "quote", "claimant", "said_on", "appearance_url", "piece_id", "start", "end")
    evidence = claim.evidence.order_by("position", "id").values_list(
        "url", "title", "publisher", "stance", "note", "accessed_on", "archived_url"
    )
    text = ("rating_id", "headline", "summary", "explanation", "public_note")
    return (
        tuple(getattr(claim, name) for name in fields),
        tuple(evidence),
        tuple(getattr(draft, name) for name in text) if draft else None,
    )


def text_markers(text: dict) -> set:
    return markers(*(value for name, value in text.items() if name != "rating_id"))


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


class World:
    """Two pieces and four claims, built through the real workflow once per test.

    Piece one: A published, B in review (never published). Piece two: C published and
    reopened for a correction, D new and unassigned. Each sequence of the state machine
    runs in a savepoint rolled back at its end, so every sequence starts from here.
    """

    def __init__(self):
        self.users = {
            "checker": make_user("checker", FACT_CHECKERS),
            "checker2": make_user("checker2", FACT_CHECKERS),
            "editor": make_user("editor", EDITORS),
            "editor2": make_user("editor2", EDITORS),
            "root": make_user("root", is_superuser=True),
        }
        self.clients = {role: logged_in(user) for role, user in self.users.items()}
        self.logged_in_reader = logged_in(make_user("reader", is_staff=False))  # never served a cached copy
        checker, editor = self.users["checker"], self.users["editor"]
        self.ratings = {slug: Rating.objects.get(slug=slug).pk for slug in RATINGS}
        one = PieceFactory(title="Council report mrk9001q", slug="piece-one")
        two = PieceFactory(title="Budget speech mrk9002q", slug="piece-two")
        made = {}
        for name, piece, n in (("a", one, 11), ("b", one, 12), ("c", two, 13)):
            made[name] = ClaimFactory(
                piece=piece,
                statement=f"The city built mrk90{n}q schools.",
                quote=f"we built mrk90{n + 10}q schools",
                claimant="The mayor",
            )
            headline = f"Wrong mrk90{n + 20}q"
            research(
                made[name], checker=checker, editor=editor, rating=Rating.objects.get(slug="false"), headline=headline
            )
            workflow.submit(made[name], by=checker)
        self.submitted = {claim.pk: desk_text(claim.pk) for claim in made.values()}
        for name in ("a", "c"):
            workflow.approve(made[name], by=editor)
        workflow.reopen(made["c"], by=editor, reason="A reader wrote in mrk9041q")  # internal
        editing.save_verdict(made["c"], by=checker, data={"public_note": "We recounted mrk9042q."})
        made["d"] = ClaimFactory(piece=two, statement="The city built mrk9014q schools.", claimant="")
        self.claims = {claim.pk: name.upper() for name, claim in made.items()}  # the slugs move: read them afresh
        self.live = {made[name].pk: self.submitted[made[name].pk] for name in ("a", "c")}
        # Who changed what each claim's next revision shows: B's and C's open revisions are the checker's.
        self.writers = {made["a"].pk: set(), made["b"].pk: {"checker"}, made["c"].pk: {"checker"}, made["d"].pk: set()}
        self.pieces = {one.pk: one.slug, two.pk: two.slug}
        self.markers = {"mrk9041q", "mrk9042q"} | markers(one.title, two.title, made["d"].statement)
        self.markers |= {m for text in self.submitted.values() for m in text_markers(text)}


def form_data(client, url) -> dict:
    """The values of the form on the page at `url`, as this person's browser would post them back."""
    page = client.get(url)
    assert page.status_code < 500, f"GET {url} answered {page.status_code}"
    parser = FormFields()
    parser.feed(page.content.decode())
    return {name: value for name, value in parser.data.items() if name not in ("csrfmiddlewaretoken", "q")}


class PublicChecks:
    """The invariant, as a reader finds it on every public URL; mixed into the state machine.

    It reads the machine's model: `live` (claim pk -> the text readers must see), `notes`,
    `withdrawn`, `written` (every marker), `rating_markers`, `origin`, and its readers.
    """

    def slugs(self) -> dict:
        """Each claim's address now: it follows the draft's headline until the first publication."""
        return dict(Claim.objects.values_list("pk", "slug"))

    def forbidden(self, *extra_allowed) -> set:
        """Every marker no reader may see now: drafts, comments, internal reasons, withdrawn and replaced text."""
        allowed = set(self.rating_markers).union(*extra_allowed)
        for pk, text in self.live.items():
            allowed |= text_markers(text) | markers(*self.notes[pk])
        slugs = self.slugs()
        allowed |= markers(*(slugs[pk] for pk in self.live))  # an address is fixed when first published
        return self.written - allowed

    def assert_nothing_unapproved(self, what, text, forbidden):
        leaked = markers(text) & forbidden
        assert not leaked, f"{what} shows text never approved: " + "; ".join(
            f"{m} ({self.origin.get(m, 'the world')})" for m in sorted(leaked)
        )

    def check_verdict_page(self, pk, clients):
        slug = self.slugs()[pk]
        url = f"/verdicts/{slug}/"
        for client in clients:
            response = client.get(url)
            what = f"{url} for {type(client).__name__}"
            if pk in self.withdrawn:
                assert response.status_code == 410, f"{what}: withdrawn, answered {response.status_code}"
                forbidden = self.forbidden(text_markers(self.withdrawn[pk]), markers(slug))
                self.assert_nothing_unapproved(what, page_text(response), forbidden)
            elif pk not in self.live:
                assert response.status_code == 404, f"{what}: never published, answered {response.status_code}"
            else:
                assert response.status_code == 200, f"{what}: published, answered {response.status_code}"
                text = page_text(response)
                missing = [s for s in self.verdict_page_shows(pk) if s not in text]
                assert not missing, f"{what} does not show the approved {missing}"
                self.assert_nothing_unapproved(what, text, self.forbidden())

    def verdict_page_shows(self, pk) -> list:
        expected = self.live[pk]
        shown = [expected[k] for k in ("statement", "quote", "claimant", "headline", "summary") if expected[k]]
        shown += [value for item in expected["evidence"] for value in item] + self.notes[pk]
        shown += sorted(markers(expected["explanation"]))
        shown += [expected["piece_title"], expected["rating_label"]]  # as approved, not as the admin has them now
        return shown

    def check_listing(self, url, shown, strings=None, *, client=None, forbidden, query=None):
        """`url` lists exactly the claims `shown`, with their `strings`, and no text that was not approved."""
        response = (client or self.reader).get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        text = page_text(response)
        for pk, slug in self.slugs().items():
            present = f"/verdicts/{slug}/" in text
            assert present == (pk in shown), f"{url} {'lists' if present else 'misses'} claim {slug}"
        missing = [s for pk in shown for s in (strings(self.live[pk]) if strings else ()) if s and s not in text]
        assert not missing, f"{url} does not show the approved {missing}"
        self.assert_nothing_unapproved(url, text, forbidden - {query})
        return text

    def check_everything(self, *, full):
        """Every public URL; `full` adds the verdict pages and the uncached lists (the end of a sequence)."""
        live, forbidden = set(self.live), self.forbidden()
        if full:
            for pk in self.world.claims:
                self.check_verdict_page(pk, (self.reader, self.direct, self.world.logged_in_reader))
        readers = (self.reader, self.world.logged_in_reader) if full else (self.reader,)

        def card(t):
            return (t["headline"], t["statement"], t["claimant"])

        def feed(t):
            return (t["headline"], t["summary"])

        for client in readers:
            self.check_listing("/", live, card, client=client, forbidden=forbidden)
        for slug, rating_pk in self.world.ratings.items():
            rated = {pk for pk in live if self.live[pk]["rating_id"] == rating_pk}
            if rated:
                self.check_listing(f"/ratings/{slug}/", rated, card, forbidden=forbidden)
        for name in {self.live[pk]["claimant"] for pk in live} - {""}:
            said = {pk for pk in live if self.live[pk]["claimant"] == name}
            self.check_listing(f"/claimants/{slugify(name, allow_unicode=True)}/", said, card, forbidden=forbidden)
        self.check_listing("/claimants/", set(), forbidden=forbidden)
        for pk in live:
            word = max(markers(self.live[pk]["statement"]))
            self.check_listing(f"/search/?q={word}", {pk}, card, forbidden=forbidden, query=word)
        drafts = sorted(m for m in forbidden if "statement" in self.origin.get(m, ""))
        for word in drafts[-2:]:
            self.check_listing(f"/search/?q={word}", set(), forbidden=forbidden, query=word)
        self.check_listing("/feeds/verdicts/", live, feed, forbidden=forbidden)
        self.check_listing("/feeds/verdicts/atom/", live, feed, forbidden=forbidden)
        self.check_listing("/feeds/claimreview.json", live, lambda t: (t["statement"],), forbidden=forbidden)
        self.check_listing("/sitemap-verdicts.xml", live, forbidden=forbidden)
        for piece_pk, slug in self.world.pieces.items():
            on_piece = live & set(Claim.objects.filter(piece_id=piece_pk).values_list("pk", flat=True))
            url = f"/pieces/{slug}/"
            titles = {self.live[pk]["piece_title"] for pk in on_piece}  # the newest approval's: one of these
            for client in readers:
                if not on_piece:
                    assert client.get(url).status_code == 404, f"{url}: no published verdict, yet it answered"
                    continue
                text = self.check_listing(
                    url, on_piece, lambda t: (t["statement"],), client=client, forbidden=forbidden
                )
                assert any(title in text for title in titles), f"{url} shows none of the approved titles {titles}"
