"""Requests through `factcheck.wsgi.application`, as gunicorn makes them: the front cache included.

Django's test client calls Django's handler directly and never passes the
WSGI application's front cache (claims/front_cache.py).
"""

from contextlib import contextmanager

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from claims.public.front_cache import read_all
from factcheck.wsgi import application


class WsgiResponse:
    def __init__(self, status, headers, content):
        self.status_code = int(status.split()[0])
        self.header_list = headers
        self.headers = {name.lower(): value for name, value in headers}
        self.content = content

    def __getitem__(self, name):
        return self.headers[name.lower()]

    def __contains__(self, name):
        return name.lower() in self.headers

    def get(self, name, default=None):
        return self.headers.get(name.lower(), default)


class WsgiClient:
    def __init__(self, app=application, **defaults):
        self.app = app
        self.factory = RequestFactory(**defaults)
        self.cookies = {}

    def get(self, path, data=None, **extra):
        return self.request(self.factory.get(path, data, **extra).environ)

    def head(self, path, data=None, **extra):
        return self.request(self.factory.head(path, data, **extra).environ)

    def request(self, environ):
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer.update(status=status, headers=headers)

        with keeping_the_test_connection():
            content = read_all(self.app(environ, start_response))
        return WsgiResponse(answer["status"], answer["headers"], content)


@contextmanager
def keeping_the_test_connection():
    """As Django's test client does: a request must not close the connection that holds the test's transaction."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
