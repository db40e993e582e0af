"""The two roles of the desk, as Django groups created by a data migration."""

from django.contrib.auth import get_user_model
from django.db.models import Q

FACT_CHECKERS = "Fact-checkers"
EDITORS = "Editors"


def _groups(user):
    if not hasattr(user, "_desk_groups"):
        user._desk_groups = set(user.groups.values_list("name", flat=True)) if user.pk else set()
    return user._desk_groups


def is_editor(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (user.is_superuser or EDITORS in _groups(user)))


def is_checker(user) -> bool:
    """Fact-checkers; editors and superusers can do a fact-checker's work too."""
    return bool(
        user and user.is_authenticated and user.is_active and (is_editor(user) or FACT_CHECKERS in _groups(user))
    )


def has_desk_access(user) -> bool:
    return is_checker(user)


def desk_users():
    """Everyone a claim can be assigned to: active editors and fact-checkers, and superusers.

    Superusers are included because `is_checker` lets them do a fact-checker's work; the desk's
    and the admin's "Assign to" lists both come from here, so they show the same people.
    """
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=[EDITORS, FACT_CHECKERS]) | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "username")
    )
