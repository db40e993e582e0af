"""The claim workspace's forms as the page posts them: each helper gives a form's fields, with `changes` typed in."""

from django.urls import reverse


def workspace(claim):
    return reverse("desk:claim", args=[claim.pk])


def evidence_data(**changes):
    data = {
        "url": "https://stats.example.org/schools",
        "title": "School statistics 2024",
        "publisher": "Statistics office",
        "stance": "refutes",
        "note": "Lists 12 new schools.",
        "accessed_on": "2025-01-15",
        "archived_url": "",
    }
    data.update(changes)
    return data


def verdict_data(claim, **changes):
    draft = claim.current_draft()
    data = {
        "rating": draft.rating_id if draft else "",
        "headline": "Only 12 schools were built",
        "summary": "The statistics office counts 12.",
        "explanation": "## Sources\n\nThe **register**.",
        "version": draft.version if draft else 0,
    }
    data.update(changes)
    return data


def claim_data(claim, **changes):
    """The claim form, its address (slug) field left out unless `changes` type one in."""
    data = {
        "statement": claim.statement,
        "quote": claim.quote,
        "claimant": claim.claimant,
        "said_on": "",
        "appearance_url": "",
        "priority": claim.priority,
        "due_on": "",
        "version": claim.version,
    }
    data.update(changes)
    return data
