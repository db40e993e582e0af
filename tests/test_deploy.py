"""Production settings: `check --deploy` is clean with the documented variables, and unsafe ones are refused."""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
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


def settings_value(expression: str, **env) -> str:
    """`expression` evaluated in the settings a server would load with the documented variables and `env`."""
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        f"from django.conf import settings; print({expression})",
        env={**documented_production_env(), **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_database_connections_are_kept_and_health_checked_by_default_when_debug_is_off():
    env = {"DATABASE_CONN_MAX_AGE": ""}
    assert settings_value("settings.DATABASES['default']['CONN_MAX_AGE']", **env) == "60"
    assert settings_value("settings.DATABASES['default']['CONN_HEALTH_CHECKS']", **env) == "True"
    assert settings_value("settings.DATABASES['default']['CONN_MAX_AGE']", **env, DJANGO_DEBUG="1") == "0"


def test_postgresql_gets_a_connect_and_a_statement_timeout_that_the_environment_can_change():
    url = {"DATABASE_URL": "postgres://desk@db.internal:5432/desk"}
    assert settings_value("settings.DATABASES['default']['OPTIONS']", **url) == (
        "{'connect_timeout': 5, 'options': '-c statement_timeout=25000'}"
    )
    changed = {**url, "DATABASE_CONNECT_TIMEOUT": "3", "DATABASE_STATEMENT_TIMEOUT": "0"}
    assert settings_value("settings.DATABASES['default']['OPTIONS']", **changed) == "{'connect_timeout': 3}"
    result = manage("check", env={**documented_production_env(), **url, "DATABASE_STATEMENT_TIMEOUT": "soon"})
    assert result.returncode != 0 and "DATABASE_STATEMENT_TIMEOUT must be a whole number" in result.stderr


def test_the_redis_cache_gives_up_within_a_quarter_second_by_default():
    env = {"REDIS_URL": "redis://cache.internal:6379/0"}
    options = settings_value("settings.CACHES['default']['OPTIONS']", **env)
    assert "'socket_connect_timeout': 0.25, 'socket_timeout': 0.25" in options
    assert settings_value("settings.SESSION_ENGINE", **env) == "django.contrib.sessions.backends.db"
    assert "'socket_timeout': 0.1" in settings_value(
        "settings.CACHES['default']['OPTIONS']", **env, REDIS_TIMEOUT="0.1"
    )
    result = manage("check", env={**documented_production_env(), **env, "REDIS_TIMEOUT": "-1"})
    assert result.returncode != 0 and "REDIS_TIMEOUT must be a number of seconds" in result.stderr


def gunicorn_settings(**env) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    script = "import runpy; c = runpy.run_path('gunicorn.conf.py'); print(c['max_requests'])"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    return {"max_requests": int(result.stdout)}


def test_gunicorn_does_not_recycle_workers_unless_asked():
    assert gunicorn_settings()["max_requests"] == 0
    assert gunicorn_settings(GUNICORN_MAX_REQUESTS="200000")["max_requests"] == 200000


@pytest.mark.parametrize("access_log", ["-", ""])
def test_an_empty_gunicorn_access_log_turns_it_off(tmp_path, access_log):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_", "DATABASE_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'desk.sqlite3'}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_ACCESS_LOG=access_log,
    )
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
        )
        try:
            answer = wait_for(f"http://127.0.0.1:{port}/healthz", server)
        finally:
            server.terminate()
            server.wait(10)
    assert answer == b"ok\n", log.read_text()[-2000:]
    access_lines = [line for line in log.read_text().splitlines() if '"logger": "gunicorn.access"' in line]
    if access_log == "-":
        assert json.loads(access_lines[0])["path"] == "/healthz"
    else:
        assert access_lines == []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, server, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            time.sleep(0.2)
    return None
