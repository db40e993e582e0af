"""The two roles of the desk, as Django groups created by a data migration."""

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
