"""Readers' messages handled by the desk: each action locks the message, so two editors cannot handle it twice."""

from django.db import transaction
from django.utils.translation import gettext as _

from claims import editing
from claims.models import Claim, ReaderMessage

State = ReaderMessage.State


class AlreadyHandled(Exception):
    """Another editor handled the message first; the message says how."""


def _lock_open(message: ReaderMessage) -> ReaderMessage:
    locked = ReaderMessage.objects.select_for_update().get(pk=message.pk)
    if locked.state != State.OPEN:
        who = locked.handled_by.get_username() if locked.handled_by else _("someone")
        raise AlreadyHandled(
            _("%(who)s already marked this message %(state)s.")
            % {"who": who, "state": locked.get_state_display().lower()}
        )
    return locked


def accept_suggestion(message: ReaderMessage, *, by, statement: str, claimant: str = "") -> Claim:
    """Turn a reader's suggestion into a new claim in the desk, in one step."""
    with transaction.atomic():
        locked = _lock_open(message)
        fields = {"claimant": claimant}
        if locked.url:
            fields["appearance_url"] = locked.url
        claim = editing.create_claim(by=by, statement=statement, **fields)
        locked.state, locked.claim, locked.handled_by = State.ACCEPTED, claim, by
        locked.save(update_fields=["state", "claim", "handled_by"])
        return claim


def close(message: ReaderMessage, *, by, state: str) -> ReaderMessage:
    """Accept a correction request (the editor then reopens the verdict) or decline any message."""
    with transaction.atomic():
        locked = _lock_open(message)
        locked.state, locked.handled_by = state, by
        locked.save(update_fields=["state", "handled_by"])
        return locked


# Views
