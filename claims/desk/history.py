"""What the desk shows of a claim's past: one timeline of review events and
field changes (from django-simple-history), and word diffs between verdict
revisions.

Each source is read with one query, so the timeline costs the same number of
queries however long the claim's history is.
"""

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from claims import snapshots
from claims.editing import CLAIM_FIELDS, EVIDENCE_FIELDS, VERDICT_FIELDS
from claims.models import Claim, Evidence, ReviewEvent, Verdict
from claims.workflow import STEPS

TIMELINE_LIMIT = 200


LONG_TEXT = 80


@dataclass
class Change:
    label: str
    old: str
    new: str

    @property
    def diff(self):
        """A word diff for long texts, where "old → new" would hide what changed."""
        if max(len(self.old), len(self.new)) > LONG_TEXT:
            return word_diff(self.old, self.new)
        return None


@dataclass
class Entry:
    when: datetime
    who: object
    kind: str  # "step", "claim", "evidence" or "verdict"
    title: str
    comment: str = ""
    changes: list[Change] = field(default_factory=list)


def _display(model, name, value, ratings):
    if value is None or value == "":
        return "—"
    if name == "rating":
        return ratings.get(value, "?")
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def _changes(model, fields, old, new, ratings) -> list[Change]:
    changes = []
    for name in fields:
        attname = model._meta.get_field(name).attname
        before, after = getattr(old, attname), getattr(new, attname)
        if before != after:
            label = str(model._meta.get_field(name).verbose_name).capitalize()
            changes.append(Change(label, _display(model, name, before, ratings), _display(model, name, after, ratings)))
    return changes


def _record_entries(records, model, fields, kind, describe, ratings):
    """Turn historical records (oldest first) into entries, pairing each with its object's previous record."""
    previous = {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        changes = _changes(model, fields, before, record, ratings) if before and record.history_type == "~" else []
        title = describe(record, before, changes)
        if title:
            yield Entry(record.history_date, record.history_user, kind, title, changes=changes)


def _describe_claim(record, before, changes):
    if record.history_type == "+":
        return _("Claim created")
    return _("Claim edited") if changes else ""


def _describe_evidence(record, before, changes):
    if record.history_type == "+":
        return _("Evidence added: %(title)s") % {"title": record.title}
    if record.history_type == "-":
        return _("Evidence removed: %(title)s") % {"title": record.title}
    if changes:
        return _("Evidence edited: %(title)s") % {"title": record.title}
    if before and before.position != record.position:
        return _("Evidence reordered: %(title)s") % {"title": record.title}
    return ""


def _describe_verdict(record, before, changes):
    if record.history_type == "+":
        return _("Verdict revision %(n)s started") % {"n": record.number}
    return _("Verdict revision %(n)s edited") % {"n": record.number} if changes else ""


def _step_entries(events):
    for event in events:
        step = STEPS.get(event.step)
        title = str(step.label) if step else event.step
        if event.from_status != event.to_status:
            title = _("%(step)s: %(from)s → %(to)s") % {
                "step": title,
                "from": event.get_from_status_display(),
                "to": event.get_to_status_display(),
            }
        yield Entry(event.created_at, event.actor, "step", title, comment=event.comment)


def claim_timeline(claim: Claim, ratings: dict) -> list[Entry]:
    """Everything that happened to a claim, newest first: workflow steps and field changes.

    `ratings` maps rating ids to labels, so rating changes read as words without a query each.
    """
    events = ReviewEvent.objects.filter(claim=claim).select_related("actor")
    claim_records = claim.history.select_related("history_user").order_by("history_date", "history_id")
    evidence_records = (
        Evidence.history.filter(claim_id=claim.pk).select_related("history_user").order_by("history_date", "history_id")
    )
    verdict_records = (
        Verdict.history.filter(claim_id=claim.pk).select_related("history_user").order_by("history_date", "history_id")
    )
    entries = [
        *_step_entries(events),
        *_record_entries(claim_records, Claim, CLAIM_FIELDS, "claim", _describe_claim, ratings),
        *_record_entries(evidence_records, Evidence, EVIDENCE_FIELDS, "evidence", _describe_evidence, ratings),
        *_record_entries(verdict_records, Verdict, VERDICT_FIELDS, "verdict", _describe_verdict, ratings),
    ]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:TIMELINE_LIMIT]


_WORDS = re.compile(r"(\s+)")


def word_diff(old: str, new: str) -> SafeString:
    """`new` with the words removed since `old` in <del> and the added ones in <ins>, all text escaped."""
    a, b = _WORDS.split(old or ""), _WORDS.split(new or "")
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))


@dataclass
class FieldDiff:
    label: str
    changed: bool
    html: SafeString


def _evidence_text(items) -> str:
    """The evidence list as lines of words, so a word diff shows an added, removed or edited link."""
    stances = dict(Evidence.Stance.choices)
    lines = []
    for n, item in enumerate(items, start=1):
        stance = stances.get(item.get("stance"), item.get("stance"))
        accessed = item.get("accessed_on")
        accessed = parse_date(accessed) or accessed if isinstance(accessed, str) else accessed
        accessed = date_format(accessed, "DATE_FORMAT") if isinstance(accessed, date) else accessed
        parts = [item.get("title"), item.get("url"), item.get("publisher"), stance, item.get("note")]
        parts += [accessed, item.get("archived_url")]
        lines.append(f"{n}. " + " · ".join(str(part) for part in parts if part))
    return "\n".join(lines)


def _review_labels():
    """The fields of `snapshots.review_copy`, in the order the review screen compares them."""
    return [
        ("statement", _("Statement checked")),
        ("claimant", _("Claimant")),
        ("quote", _("Verbatim quote")),
        ("said_on", _("Date said")),
        ("appearance_url", _("Where it appeared")),
        ("rating", _("Rating")),
        ("headline", _("Headline")),
        ("summary", _("Summary")),
        ("explanation", _("Explanation (Markdown source)")),
        ("evidence", _("Evidence")),
        ("public_note", _("Correction note for readers")),
    ]


def copies_diff(before: dict, after: dict) -> list[FieldDiff]:
    """Two `snapshots.review_copy` results compared field by field; a field missing from a copy counts as empty."""
    diffs = []
    for name, label in _review_labels():
        old, new = before.get(name) or "", after.get(name) or ""
        if name == "public_note" and not (old or new):
            continue  # not a correction: there is no note for readers to compare
        if name == "evidence":
            old, new = _evidence_text(old), _evidence_text(new)
        diffs.append(FieldDiff(label, old != new, word_diff(str(old), str(new))))
    return diffs


def revision_diff(published: Verdict, draft: Verdict) -> list[FieldDiff]:
    """What a correction changes, field by field, against the snapshot the public reads.

    A submitted revision is compared as frozen for review; a draft as the claim stands now.
    """
    return copies_diff(snapshots.review_copy(published), snapshots.review_copy(draft))


def changes_since_request(draft: Verdict) -> tuple[ReviewEvent, list[FieldDiff]] | None:
    """On a resubmission: the last request for changes on this revision, and what changed since the editor saw it.

    None when the revision was never sent back (or was sent back before the desk kept what was reviewed).
    """
    request = ReviewEvent.objects.filter(verdict=draft, step="request_changes").select_related("actor").last()
    if request is None or not request.snapshot:
        return None
    return request, copies_diff(request.snapshot, snapshots.review_copy(draft))
