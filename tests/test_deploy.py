"""Production settings: `check --deploy` is clean with the documented variables, and unsafe ones are refused."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from claims.models import Claim, Piece

ROOT = Path(__file__).resolve().parent.parent


def documented_production_env() -> dict:
    """The variables of the README's production example, with a fresh secret key."""
    text = (ROOT / "README.md").read_text()
    block = text.split("<!-- production-env -->")[1]
    env = dict(re.findall(r"^export (\w+)=\"?([^\"\n]*)\"?$", block, flags=re.MULTILINE))
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    env.pop("DATABASE_URL", None)  # the check does not connect; the test's own database stays untouched
    env.pop("REDIS_URL", None)
    return env


def manage(*args, env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FACTCHECK_", "AXES_"))}
    base["DJANGO_SETTINGS_MODULE"] = "factcheck.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_documented_example_turns_debug_off():
    env = documented_production_env()
    assert env["DJANGO_DEBUG"] == "0"
    assert env["DJANGO_ALLOWED_HOSTS"]


def test_check_deploy_finds_no_issue_with_the_documented_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=documented_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_complains_when_cookies_are_sent_over_plain_http():
    env = {**documented_production_env(), "DJANGO_SECURE_COOKIES": "0"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stderr


def test_the_server_refuses_to_start_without_a_secret_key_when_debug_is_off():
    env = {**documented_production_env(), "DJANGO_SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_the_admin_path_comes_from_the_environment():
    env = {**documented_production_env(), "FACTCHECK_ADMIN_PATH": "newsroom-office"}
    result = manage("shell", "-v", "0", "-c", "from django.urls import reverse; print(reverse('admin:index'))", env=env)
    assert result.stdout.strip() == "/newsroom-office/", result.stderr


def test_an_admin_path_over_the_desk_is_refused():
    env = {**documented_production_env(), "FACTCHECK_ADMIN_PATH": "desk"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "FACTCHECK_ADMIN_PATH" in result.stderr


@pytest.mark.django_db
def test_load_demo_is_refused_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing to load demo data"):
        call_command("load_demo")
    assert not Piece.objects.exists()


@pytest.mark.django_db
def test_load_demo_with_force_loads_even_with_debug_off(settings):
    settings.DEBUG = False
    call_command("load_demo", force=True, stdout=open(os.devnull, "w"))
    assert Claim.objects.published().exists()


@pytest.mark.django_db
def test_the_admin_cannot_delete_a_published_claim(client, superuser, published_claim):
    client.force_login(superuser)
    url = reverse("admin:claims_claim_delete", args=[published_claim.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Claim.objects.filter(pk=published_claim.pk).exists()


@pytest.mark.django_db
def test_the_admin_cannot_delete_a_withdrawn_claim_in_bulk(client, superuser, withdrawn_claim):
    client.force_login(superuser)
    client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "delete_selected", "_selected_action": [withdrawn_claim.pk], "post": "yes"},
    )
    assert Claim.objects.filter(pk=withdrawn_claim.pk).exists()


@pytest.mark.django_db
def test_the_admin_can_delete_a_claim_that_was_never_published(client, superuser, new_claim):
    client.force_login(superuser)
    response = client.post(reverse("admin:claims_claim_delete", args=[new_claim.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Claim.objects.filter(pk=new_claim.pk).exists()


def test_the_desk_offers_no_way_to_delete_a_claim():
    from django.urls import get_resolver

    desk = get_resolver().namespace_dict["desk"][1]
    names = [name for name in desk.reverse_dict if isinstance(name, str)]
    assert "queue" in names
    assert not [name for name in names if "delete" in name and "evidence" not in name]
