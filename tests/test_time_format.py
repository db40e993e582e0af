"""Times read the same on the desk and in the admin: the newsroom's zone, one format, the zone's name."""

from datetime import UTC, datetime

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from claims import workflow
from claims.models import ReviewEvent
from factcheck.settings import env_time_zone
from tests.factories import ClaimFactory

WINTER = datetime(2026, 11, 30, 12, 5, tzinfo=UTC)  # 14:05 in Athens (EET, UTC+2)
SUMMER = datetime(2026, 7, 1, 12, 5, tzinfo=UTC)  # 15:05 in Athens (EEST, UTC+3)


def assigned_at(moment, *, editor, checker):
    """A claim assigned to the checker, its event moved to `moment` (events are written at the present)."""
    claim = ClaimFactory(created_at=moment)
    event = workflow.assign(claim, by=editor, to=checker)
    ReviewEvent.objects.filter(pk=event.pk).update(created_at=moment)
    return claim


def admin_change_page(client, user, claim):
    client.force_login(user)
    return client.get(f"/{django_settings.FACTCHECK_ADMIN_PATH}claims/claim/{claim.pk}/change/").content.decode()


def test_the_desk_and_the_admin_show_a_time_in_the_newsrooms_zone_with_its_name(
    settings, client, editor, checker, superuser
):
    settings.TIME_ZONE = "Europe/Athens"
    claim = assigned_at(WINTER, editor=editor, checker=checker)

    client.force_login(editor)
    desk = client.get(f"/desk/claims/{claim.pk}/").content.decode()
    admin = admin_change_page(client, superuser, claim)

    assert "30 Nov 2026, 14:05 EET" in desk  # the history of the workspace
    assert "30 Nov 2026, 14:05 EET" in admin  # the review events and "created"
    assert "12:05" not in desk and "12:05" not in admin  # never the server's UTC


def test_the_admin_list_shows_the_same_format(settings, client, editor, checker, superuser):
    settings.TIME_ZONE = "Europe/Athens"
    assigned_at(WINTER, editor=editor, checker=checker)
    client.force_login(superuser)

    page = client.get(f"/{django_settings.FACTCHECK_ADMIN_PATH}claims/claim/").content.decode()

    assert "30 Nov 2026, 14:05 EET" in page


def test_a_summer_time_carries_the_summer_zone(settings, client, editor, checker):
    settings.TIME_ZONE = "Europe/Athens"
    claim = assigned_at(SUMMER, editor=editor, checker=checker)
    client.force_login(editor)

    assert "1 Jul 2026, 15:05 EEST" in client.get(f"/desk/claims/{claim.pk}/").content.decode()


def test_utc_is_named_too(settings, client, editor, checker, superuser):
    settings.TIME_ZONE = "UTC"
    claim = assigned_at(WINTER, editor=editor, checker=checker)
    client.force_login(editor)

    assert "30 Nov 2026, 12:05 UTC" in client.get(f"/desk/claims/{claim.pk}/").content.decode()
    assert "30 Nov 2026, 12:05 UTC" in admin_change_page(client, superuser, claim)


def test_a_date_without_a_time_reads_in_the_same_format(client, editor, checker):
    claim = ClaimFactory(said_on=WINTER.date())
    workflow.assign(claim, by=editor, to=checker)
    client.force_login(editor)

    page = client.get(f"/desk/claims/{claim.pk}/").content.decode()

    assert "30 Nov 2026" in page and "30 November 2026" not in page


def test_the_zone_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_TIME_ZONE", "America/Bogota")
    assert env_time_zone("DJANGO_TIME_ZONE", "UTC") == "America/Bogota"
    monkeypatch.setenv("DJANGO_TIME_ZONE", "")
    assert env_time_zone("DJANGO_TIME_ZONE", "UTC") == "UTC"


@pytest.mark.parametrize("value", ["Mars/Olympus_Mons", "EET+2", "../etc/passwd", "Europe/"])
def test_a_zone_that_does_not_exist_is_refused_with_a_clear_message(monkeypatch, value):
    monkeypatch.setenv("DJANGO_TIME_ZONE", value)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_TIME_ZONE must be a time zone name such as Europe/Berlin"):
        env_time_zone("DJANGO_TIME_ZONE", "UTC")
