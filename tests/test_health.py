"""/healthz: 200 only while the database answers, never cached, reachable over plain HTTP.

The stand-ins for a failing Redis and PostgreSQL are in tests/test_faults.py.
"""

import threading
import time

import pytest
from django.db import OperationalError
from django.urls import reverse

from factcheck import health

pytestmark = pytest.mark.django_db


def test_it_answers_ok_when_the_database_answers(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert reverse("healthz") == "/healthz"


def test_it_is_never_cached(client):
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]


class BrokenConnection:
    def close_if_unusable_or_obsolete(self):
        pass

    def cursor(self):
        raise OperationalError("connection refused")


def test_it_answers_503_when_the_database_fails(client, monkeypatch, caplog):
    monkeypatch.setattr(health, "connections", {"default": BrokenConnection()})
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"
    assert any(r.name == "claims.health" and r.check == "database" for r in caplog.records)


def test_it_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


def test_it_is_not_redirected_to_https_when_the_rest_of_the_site_is(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_a_database_that_hangs_is_asked_once_however_often_the_probe_comes(client, monkeypatch):
    release = threading.Event()
    asked, answered = [], []

    def hanging_question():
        asked.append(1)
        release.wait(10)
        answered.append(1)
        return True

    monkeypatch.setattr(health, "ask_database", hanging_question)
    try:
        for _ in range(3):
            response = client.get("/healthz")
            assert response.status_code == 503
            assert answered == []  # the probe answered while the question still hung: it did not wait for it
    finally:
        release.set()
    assert len(asked) == 1
    time.sleep(0.1)
    assert client.get("/healthz").status_code == 200  # the pending answer came; the next probe asks again
