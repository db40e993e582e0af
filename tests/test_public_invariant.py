"""What readers see is exactly what an editor approved, whatever the desk and the admin do (issue 12).

A hypothesis state machine plays random sequences of every desk form, every
workflow step (the desk's buttons, the admin's buttons and bulk actions), the
admin's change forms and history pages, as each desk role, on the small
newsroom of tests/public_invariant_support.py. Most steps are refused; that is
fine, as long as nothing unapproved reaches a reader.

What readers must see is modelled apart from the snapshot code: when a
submission succeeds the machine reads the desk's draft (claim row, evidence
rows, the revision's text); when an approval publishes, that reading becomes
the claim's public text. After every step the verdict pages of the claims it
touched are checked through the front cache (the WSGI application, as gunicorn
calls it) and without it; a "reader browses" step and the end of every
sequence check every public URL, so cached copies are made before later
changes and must go stale with them.

make test-fast: 20 sequences of 20 steps; CI (CI=true): the same 100 on every
run (both derandomized). `HYPOTHESIS_PROFILE=nightly` runs 1,000 new random
sequences of 40 steps.

Authorship is modelled apart too: every step that changes what readers would see of a claim's next revision
(`projection`, read from the rows) makes its sender a writer of it until it is published; each approval is
checked against that, and a publication must carry the required number of approvals, none by a writer.
"""

import itertools
import os

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from claims import workflow
from claims.models import Claim, Evidence, Piece, ReviewEvent
from tests.public_invariant_support import (
    RATINGS,
    ROLES,
    PublicChecks,
    World,
    desk_text,
    form_data,
    projection,
)
from tests.wsgi_client import WsgiClient

# The developer loop (make test-fast) plays 20 sequences, about a fifth of the CPU the 100 of CI take (.ci/run
# sets CI=true); HYPOTHESIS_PROFILE picks one by name. Every profile is derandomized but nightly's.
PROFILES = {
    "dev": settings(max_examples=20, stateful_step_count=20, derandomize=True),
    "ci": settings(max_examples=100, stateful_step_count=20, derandomize=True),
    "nightly": settings(max_examples=1000, stateful_step_count=40),
}
DEFAULT_PROFILE = "ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev"
SETTINGS = settings(
    PROFILES[os.environ.get("HYPOTHESIS_PROFILE") or DEFAULT_PROFILE],
    deadline=None,
    database=None,
    print_blob=False,
    report_multiple_bugs=False,  # the first violation, shrunk: quicker, and clearer to read
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

ROLE = st.sampled_from(ROLES)
CLAIM = st.integers(0, 3)  # A, B, C or D of the world
STEP = st.sampled_from(list(workflow.STEPS))
EVIDENCE = st.integers(0, 3)
RATING = st.sampled_from(RATINGS)
CHANNEL = st.sampled_from(["desk", "admin", "bulk"])


class PublicInvariant(PublicChecks, RuleBasedStateMachine):
    world: World  # set by the test

    def __init__(self):
        super().__init__()
        self.transaction = transaction.atomic()
        self.transaction.__enter__()
        for alias in ("default", "local"):
            caches[alias].clear()  # the last sequence's copies carry generation numbers the rollback reuses
        w = self.world
        self.reader = WsgiClient()  # anonymous, through the front cache
        self.direct = Client()  # anonymous, Django's view without the front cache: the verdict page uncached
        self.counter = itertools.count(1)
        self.written = set(w.markers)  # every marker written so far
        self.origin = {}  # marker -> the step that wrote it, for the failure message
        self.rating_markers = set()  # a label is public on the scale's pages at once; verdicts show the approved one
        self.submitted = dict(w.submitted)  # claim pk -> the desk's draft when last submitted
        self.live = dict(w.live)  # claim pk -> the text readers must see
        self.notes = {pk: [] for pk in w.claims}  # the public notes of the approved corrections
        self.withdrawn = {}  # claim pk -> its text when withdrawn
        self.writers = {pk: set(roles) for pk, roles in w.writers.items()}  # who changed what will go out next
        self.touched = set()
        self.refused = True  # every request of the step was answered 4xx
        self.clean = True  # no step failed: the end-of-sequence check is worth running

    def teardown(self):
        try:
            if self.clean:  # after a failed step, its error is the one to report
                self.check_everything(full=True)
        finally:
            transaction.set_rollback(True)
            self.transaction.__exit__(None, None, None)

    # Writing ------------------------------------------------------------------

    def mark(self, what) -> str:
        marker = f"mrk{next(self.counter):04d}q"
        self.written.add(marker)
        self.origin[marker] = what
        return marker

    def claim_pk(self, index) -> int:
        return sorted(self.world.claims)[index]

    def evidence_of(self, pk, which):
        """One of the claim's links; for a claim without any, another claim's (a crafted URL)."""
        items = list(Evidence.objects.filter(claim_id=pk).order_by("position", "id"))
        items = items or list(Evidence.objects.order_by("pk"))
        return items[which % len(items)]

    def revision(self, pk, live):
        claim = Claim.objects.get(pk=pk)
        return (claim.published_verdict if live else None) or claim.current_draft() or claim.verdicts.first()

    def states(self):
        return {pk: (s, v) for pk, s, v in Claim.objects.values_list("pk", "status", "published_verdict_id")}

    def send(self, role, path, data, *, step=None, claims=()):
        """POST as `role`, hold every claim's status change against the step taken, and update the model."""
        self.clean = False
        # An edit, or a submission that saves the verdict as typed; the other steps move revisions, not text.
        shown = {pk: projection(pk) for pk in claims} if step in (None, "submit") else {}
        before, last_event = self.states(), self.last_event()
        response = self.world.clients[role].post(path, data)
        assert response.status_code < 500, f"{path} as {role} answered {response.status_code}"
        self.refused = self.refused and response.status_code >= 400
        after = self.states()
        self.check_authorship(role, step, shown, last_event)
        for pk, (status, live_id) in before.items():
            new_status, new_live_id = after[pk]
            if (status, live_id) == (new_status, new_live_id):
                continue
            assert step is not None, f"{path} as {role} changed claim {pk}'s status or published revision"
            assert new_status in (workflow.STEPS[step].target, status), f"{step} moved {pk} to {new_status}"
            assert new_live_id == live_id or step == "approve", f"{step} changed {pk}'s published revision"
            if step == "submit":
                self.submitted[pk] = desk_text(pk)
            elif step == "approve" and new_live_id != live_id:
                self.live[pk] = self.submitted[pk]
                if self.live[pk]["public_note"]:
                    self.notes[pk].append(self.live[pk]["public_note"])
            elif step == "withdraw":
                self.withdrawn[pk] = self.live.pop(pk)
        self.touched |= set(claims)
        return response

    def last_event(self) -> int:
        return ReviewEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def check_authorship(self, role, step, shown, last_event):
        """Approved by the required number of editors, none of whom changed what they approved."""
        self.writers.update({pk: self.writers[pk] | {role} for pk, was in shown.items() if projection(pk) != was})
        ids = {role: user.pk for role, user in self.world.users.items()}
        for event in ReviewEvent.objects.filter(id__gt=last_event, step="approve"):
            writers = self.writers[event.claim_id]
            assert event.actor_id not in {ids[r] for r in writers}, f"{role} approved {event.claim_id}, {writers} wrote"
            if event.to_status != Claim.Status.PUBLISHED:
                continue
            approvers = workflow.approvals_so_far(event.claim)
            assert len(approvers) == django_settings.FACTCHECK_REQUIRED_APPROVALS, (
                f"claim {event.claim_id} was published on {len(approvers)} approvals"
            )
            self.writers[event.claim_id] = set()  # what was changed went out; the next revision starts afresh

    # Desk forms -----------------------------------------------------------------

    @rule(role=ROLE, index=CLAIM, fields=st.sets(st.sampled_from(["statement", "quote", "claimant"]), min_size=1))
    def desk_claim_edit(self, role, index, fields):
        pk = self.claim_pk(index)
        claim = Claim.objects.get(pk=pk)
        data = {"statement": claim.statement, "quote": claim.quote, "claimant": claim.claimant, "priority": "1"}
        texts = {"statement": "The city built {} schools.", "quote": "we built {}", "claimant": "Person {}"}
        for field in sorted(fields):
            data[field] = texts[field].format(self.mark(f"{role}'s desk edit of claim {pk}'s {field}"))
        self.send(role, reverse("desk:claim_edit", args=[pk]), {**data, "version": claim.version}, claims=[pk])

    @rule(role=ROLE, index=CLAIM)
    def desk_evidence_add(self, role, index):
        pk = self.claim_pk(index)
        m = self.mark(f"{role}'s desk evidence added to claim {pk}")
        data = {"url": f"https://src.example.org/{m}", "title": f"Source {m}", "stance": "refutes"}
        self.send(role, reverse("desk:evidence_add", args=[pk]), {**data, "accessed_on": "2024-05-01"}, claims=[pk])

    @rule(role=ROLE, index=CLAIM, which=EVIDENCE, action=st.sampled_from(["edit", "delete", "up", "down"]))
    def desk_evidence_change(self, role, index, which, action):
        pk = self.claim_pk(index)
        item = self.evidence_of(pk, which)
        url = reverse(f"desk:evidence_{'move' if action in ('up', 'down') else action}", args=[pk, item.pk])
        data = {"offset": "-1" if action == "up" else "1"}
        if action == "edit":
            m = self.mark(f"{role}'s desk edit of evidence {item.pk} (claim {item.claim_id})")
            data = {"url": f"https://edited.example.org/{m}", "title": f"Edited {m}", "stance": item.stance}
            data["accessed_on"] = "2024-05-02"
        self.send(role, url, data, claims=[pk, item.claim_id])

    def verdict_data(self, pk, role, rating, note):
        draft = Claim.objects.get(pk=pk).current_draft()
        where = f"{role}'s verdict of claim {pk}"
        data = {
            "rating": self.world.ratings[rating],
            "headline": f"Verdict {self.mark(where + ', headline')}",
            "summary": f"Summary {self.mark(where + ', summary')}.",
            "explanation": f"Because **{self.mark(where + ', explanation')}**.",
            "version": draft.version if draft else 0,
        }
        if note:  # the form has the field for a correction only; a crafted post may send it anyway
            data["public_note"] = f"We corrected {self.mark(where + ', public note')}."
        return data

    @rule(role=ROLE, index=CLAIM, rating=RATING, note=st.booleans())
    def desk_verdict_save(self, role, index, rating, note):
        pk = self.claim_pk(index)
        self.send(role, reverse("desk:verdict", args=[pk]), self.verdict_data(pk, role, rating, note), claims=[pk])

    @rule(role=ROLE, index=CLAIM)
    def desk_comment(self, role, index):
        pk = self.claim_pk(index)
        body = f"Internal {self.mark(f'{role} comment on claim {pk}')}"
        self.send(role, reverse("desk:comment", args=[pk]), {"body": body}, claims=[pk])

    # Workflow steps ---------------------------------------------------------------

    def step_data(self, role, step, pk, assignee, field):
        data = {field: self.world.users[assignee].pk} if step == "assign" else {}
        if step == "withdraw":
            data["comment"] = "Sources failed."  # public: the withdrawn page gives the reason
        elif workflow.STEPS[step].needs_comment:
            data["comment"] = f"Why {self.mark(f'{role} {step} reason, claim {pk}')}"  # internal
        return data

    def take(self, role, step, pks, channel, assignee):
        """A step through the desk's button, the admin's button, or the admin's bulk action on `pks`."""
        data = self.step_data(role, step, pks[0], assignee, "to" if channel == "desk" else "assignee")
        if channel == "bulk":
            url = reverse("admin:claims_claim_changelist")
            data.update(action=f"bulk_{step}", _selected_action=pks, confirm="1")
        else:
            url = reverse("desk:step" if channel == "desk" else "admin:claims_claim_step", args=[pks[0], step])
        self.send(role, url, data, step=step, claims=pks)

    @rule(
        role=ROLE,
        indexes=st.lists(CLAIM, min_size=1, max_size=3, unique=True),
        step=STEP,
        channel=CHANNEL,
        assignee=ROLE,
    )
    def any_step(self, role, indexes, step, channel, assignee):
        """Any step by anyone, as a crafted post would send it; the desk and admin buttons act on the first claim."""
        self.take(role, step, [self.claim_pk(i) for i in indexes], channel, assignee)

    def offered(self, index, pick):
        """A (person, step) the desk offers now as a button; withdrawing, which ends a claim, one time in 16."""
        claim = Claim.objects.get(pk=self.claim_pk(index))
        users = self.world.users
        offered = [(role, s.name) for role in ROLES for s in workflow.available_steps(claim, users[role])]
        ending = [choice for choice in offered if choice[1] == "withdraw"]
        lasting = [choice for choice in offered if choice[1] != "withdraw"]
        choices = ending if (pick == 0 and ending) or not lasting else lasting
        return (claim.pk, *choices[pick % len(choices)]) if choices else (claim.pk, None, None)

    # Random steps alone would rarely get anywhere: these press the buttons the desk and the admin offer.

    @rule(index=CLAIM, pick=st.integers(0, 15), assignee=ROLE, rating=RATING)
    def offered_desk_step(self, index, pick, assignee, rating):
        """In the workspace, "Submit for review" posts the verdict form too, with the note of a correction."""
        pk, role, step = self.offered(index, pick)
        if step == "submit":
            draft = Claim.objects.get(pk=pk).current_draft()
            correction = draft is not None and draft.is_correction
            data = self.verdict_data(pk, role, rating, note=correction)
            self.send(role, reverse("desk:step", args=[pk, step]), data, step=step, claims=[pk])
        elif step is not None:
            self.take(role, step, [pk], "desk", assignee)

    @rule(index=CLAIM, pick=st.integers(0, 15), bulk=st.booleans(), assignee=ROLE)
    def offered_admin_step(self, index, pick, bulk, assignee):
        pk, role, step = self.offered(index, pick)
        if step is not None:
            self.take(role, step, [pk], "bulk" if bulk else "admin", assignee)

    @rule(role=ROLE, index=CLAIM, rating=RATING, note=st.booleans())
    def desk_save_and_submit(self, role, index, rating, note):
        """The workspace's "Submit for review" posts the verdict form: saved, then submitted, in one go."""
        pk = self.claim_pk(index)
        data = self.verdict_data(pk, role, rating, note)
        self.send(role, reverse("desk:step", args=[pk, "submit"]), data, step="submit", claims=[pk])

    @rule(
        editor=st.sampled_from(["editor", "editor2", "root"]),
        index=CLAIM,
        door=st.sampled_from(["desk claim", "desk evidence", "admin claim", "admin evidence"]),
    )
    def editor_edits_then_approves(self, editor, index, door):
        """An editor changes the claim or its evidence; its fact-checker submits; the editor tries to approve."""
        pk = self.claim_pk(index)
        if door == "desk claim":
            self.desk_claim_edit(editor, index, {"claimant"})
        elif door == "desk evidence":
            self.desk_evidence_add(editor, index)
        elif door == "admin claim":
            self.admin_claim_change(editor, index, "statement")
        else:
            self.admin_evidence_change(editor, index, 0)
        claim = Claim.objects.get(pk=pk)
        assignee = [role for role, user in self.world.users.items() if user.pk == claim.assignee_id]
        if claim.status == Claim.Status.RESEARCHING and assignee:
            self.take(assignee[0], "submit", [pk], "admin", assignee[0])
        self.take(editor, "approve", [pk], "desk", editor)

    # Admin change forms and history pages -----------------------------------------

    def admin_form(self, role, url, changes, *, claims):
        """The change page as this person's browser posts it back, with some fields changed."""
        self.clean = False
        data = {**form_data(self.world.clients[role], url), **changes}
        return self.send(role, url, data, claims=claims)

    @rule(role=ROLE, index=CLAIM, field=st.sampled_from(["statement", "claimant", "evidence-0-title"]))
    def admin_claim_change(self, role, index, field):
        pk = self.claim_pk(index)
        value = f"Admin {self.mark(f'{role} admin change of claim {pk} {field}')}"
        self.admin_form(role, reverse("admin:claims_claim_change", args=[pk]), {field: value}, claims=[pk])

    @rule(role=ROLE, index=CLAIM, field=st.sampled_from(["statement", "claimant"]))
    def admin_stale_claim_form(self, role, index, field):
        """A change page opened before someone else's save is refused: nothing typed into it lands."""
        pk = self.claim_pk(index)
        url = reverse("admin:claims_claim_change", args=[pk])
        self.clean = False
        value = f"Stale {self.mark(f'{role} stale admin form of claim {pk} {field}')}"
        stale = {**form_data(self.world.clients[role], url), field: value}
        Claim.objects.filter(pk=pk).update(version=F("version") + 1)  # someone else saved meanwhile
        self.send(role, url, stale, claims=[pk])
        assert getattr(Claim.objects.get(pk=pk), field) != value, "a stale admin form overwrote a newer save"

    @rule(role=ROLE, index=CLAIM, which=EVIDENCE)
    def admin_evidence_change(self, role, index, which):
        item = self.evidence_of(self.claim_pk(index), which)
        m = self.mark(f"{role} admin change of evidence {item.pk} (claim {item.claim_id})")
        changes = {"title": f"Admin {m}", "url": f"https://admin.example.org/{m}"}
        self.admin_form(role, reverse("admin:claims_evidence_change", args=[item.pk]), changes, claims=[item.claim_id])

    @rule(role=ROLE, index=CLAIM, live=st.booleans())
    def admin_verdict_change(self, role, index, live):
        pk = self.claim_pk(index)
        verdict = self.revision(pk, live)
        if verdict is None:  # D has no revision yet
            return
        changes = {"headline": f"Admin {self.mark(f'{role} admin change of {verdict.state} verdict {verdict.pk}')}"}
        self.admin_form(role, reverse("admin:claims_verdict_change", args=[verdict.pk]), changes, claims=[pk])

    @rule(role=ROLE, piece=st.integers(0, 1))
    def admin_piece_change(self, role, piece):
        pk = sorted(self.world.pieces)[piece]
        before = Piece.objects.get(pk=pk).title
        ever_public = Claim.objects.filter(piece_id=pk, first_published_at__isnull=False).exists()
        title = f"Piece {self.mark(f'{role} admin change of piece {pk}')}"
        claims = list(Claim.objects.filter(piece_id=pk).values_list("pk", flat=True))
        self.admin_form(role, reverse("admin:claims_piece_change", args=[pk]), {"title": title}, claims=claims)
        if ever_public and role.startswith("checker"):
            assert Piece.objects.get(pk=pk).title == before, "a fact-checker changed a piece with a published verdict"

    @rule(role=ROLE, rating=RATING)
    def admin_rating_change(self, role, rating):
        m = self.mark(f"{role} admin change of rating {rating}")
        self.rating_markers.add(m)
        url = reverse("admin:claims_rating_change", args=[self.world.ratings[rating]])
        self.admin_form(role, url, {"label": f"{rating} {m}"}, claims=set(self.live))

    @rule(role=ROLE, index=CLAIM, model=st.sampled_from(["claim", "verdict", "evidence"]), live=st.booleans())
    def admin_history_revert(self, role, index, model, live):
        pk = self.claim_pk(index)
        obj = {"claim": Claim.objects.get(pk=pk), "evidence": self.evidence_of(pk, 0)}.get(model)
        obj = obj or self.revision(pk, live)
        if obj is None:
            return
        record = obj.history.order_by("history_id").first()
        field = {"claim": "statement", "verdict": "headline", "evidence": "title"}[model]
        forged = f"Reverted {self.mark(f'{role} history revert of {model} {obj.pk}')}"
        url = reverse(f"admin:claims_{model}_simple_history", args=[obj.pk, record.history_id])
        response = self.admin_form(role, url, {field: forged}, claims=[pk])
        assert response.status_code == 403, f"the history page of {model} {obj.pk} took a POST"

    # Reading ------------------------------------------------------------------

    @rule()
    def reader_browses(self):
        """A reader opens the lists and feeds mid-sequence: the copies kept now must go stale with the next change."""
        self.clean = False
        self.check_everything(full=False)

    @invariant()
    def touched_verdict_pages_show_only_the_approved_text(self):
        # After a plain refusal (4xx) only the cached page: the end of the sequence renders every page afresh.
        clients = (self.reader,) if self.refused else (self.reader, self.direct)
        for pk in sorted(self.touched):
            self.check_verdict_page(pk, clients)
        self.touched, self.refused, self.clean = set(), True, True


@pytest.fixture
def world(db):
    return World()


def test_readers_see_only_what_an_editor_approved(world):
    PublicInvariant.world = world
    run_state_machine_as_test(PublicInvariant, settings=SETTINGS)
