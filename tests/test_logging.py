"""Structured logs: every workflow step and every refused request is one JSON line."""

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from claims import workflow
from factcheck.logging import JsonFormatter
from factcheck.middleware import client_ip

pytestmark = pytest.mark.django_db


def json_lines(caplog, logger):
    return [json.loads(JsonFormatter().format(r)) for r in caplog.records if r.name == logger]


def test_each_workflow_step_is_logged_as_json(caplog, new_claim, editor, checker):
    caplog.set_level(logging.INFO, logger="claims")
    workflow.assign(new_claim, by=editor, to=checker)
    [line] = json_lines(caplog, "claims.workflow")
    assert line["message"] == "workflow step"
    assert line["step"] == "assign"
    assert line["claim"] == new_claim.pk
    assert line["actor"] == editor.pk
    assert (line["from"], line["to"]) == ("new", "researching")
    assert line["level"] == "INFO" and line["time"]


def test_a_denied_desk_page_is_logged_with_the_user(caplog, client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("desk:queue"))
    assert response.status_code == 403
    [line] = json_lines(caplog, "claims.requests")
    assert line["message"] == "request refused"
    assert line["status"] == 403
    assert line["reason"] == "permission denied"
    assert line["user"] == outsider.pk
    assert line["path"] == reverse("desk:queue")
    assert line["ip"] == "127.0.0.1"


def test_a_csrf_failure_is_logged_with_its_reason(caplog):
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    [line] = json_lines(caplog, "claims.requests")
    assert line["reason"].startswith("CSRF:")
    assert line["method"] == "POST"


def test_a_missing_desk_page_is_logged_but_a_missing_public_page_is_not(caplog, client, checker):
    client.force_login(checker)
    assert client.get("/desk/no-such-page/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404
    lines = json_lines(caplog, "claims.requests")
    assert [(line["path"], line["reason"]) for line in lines] == [("/desk/no-such-page/", "not found")]


def test_a_wrong_method_is_logged(caplog, client):
    assert client.post("/healthz").status_code == 405
    [line] = json_lines(caplog, "claims.requests")
    assert line["status"] == 405


def test_a_successful_page_is_not_logged(caplog, client):
    client.get("/healthz")
    assert json_lines(caplog, "claims.requests") == []


def test_behind_one_proxy_the_client_address_is_the_one_the_proxy_saw(rf, settings):
    settings.DJANGO_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "203.0.113.9"


def test_without_proxies_a_forwarded_header_is_ignored(rf, settings):
    settings.DJANGO_PROXY_COUNT = 0
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="198.51.100.7")
    assert client_ip(request) == "198.51.100.7"
