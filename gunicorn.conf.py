"""Gunicorn's settings for the desk, read from the environment.

    gunicorn -c gunicorn.conf.py

GUNICORN_BIND (or PORT, listening on every interface), GUNICORN_WORKERS,
GUNICORN_THREADS, GUNICORN_TIMEOUT, GUNICORN_MAX_REQUESTS, GUNICORN_ACCESS_LOG,
GUNICORN_FORWARDED_ALLOW_IPS and GUNICORN_CONTROL_SOCKET; see "Running in production" in the README.
Access and error logs go to standard output and error (the access log to a file, or nowhere, when
GUNICORN_ACCESS_LOG says so), one JSON object a line.
"""

import json
import logging
import multiprocessing
import os

from gunicorn import glogging


def env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


wsgi_app = "factcheck.wsgi:application"
if os.environ.get("GUNICORN_BIND"):
    bind = os.environ["GUNICORN_BIND"].split()
elif os.environ.get("PORT"):
    bind = [f"0.0.0.0:{os.environ['PORT']}"]
else:
    bind = ["127.0.0.1:8000"]

workers = env_int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = env_int("GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = env_int("GUNICORN_KEEPALIVE", 5)
# No worker recycling by default: a restarted worker drops the page copies it keeps in memory and its
# database connections, which under load cost a third of the throughput. Set GUNICORN_MAX_REQUESTS (with
# 10% jitter) only to contain a leak you have seen, and keep it in the hundreds of thousands.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = max_requests // 10
# Which proxies may set X-Forwarded-Proto / X-Forwarded-For for gunicorn itself.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# "-": standard output; a path: that file; empty: no access log at all.
ACCESS_LOG = os.environ.get("GUNICORN_ACCESS_LOG", "-").strip()
# The handler below writes the access log in JSON; gunicorn's own (plain text) handler stays off.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "factcheck"
# Several servers on one host would fight over gunicorn's default control socket: off unless given a path.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True


class Logger(glogging.Logger):
    """Gunicorn's logger, told when the access log is off: with a logging config it would build every line."""

    def _compute_access_log_enabled(self):
        return bool(ACCESS_LOG)


logger_class = Logger

ACCESS_FIELDS = {
    "remote": "h",
    "method": "m",
    "path": "U",
    "query": "q",
    "status": "s",
    "bytes": "B",
    "duration_ms": "M",
    "referer": "f",
    "user_agent": "a",
}


class JsonAccessFormatter(logging.Formatter):
    """One JSON object per request, built from gunicorn's access-log atoms rather than a format string."""

    def format(self, record):
        atoms = record.args if isinstance(record.args, dict) else {}
        data = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "logger": "gunicorn.access"}
        for key, atom in ACCESS_FIELDS.items():
            value = atoms.get(atom, "")
            data[key] = int(value) if key in ("status", "bytes", "duration_ms") and str(value).isdigit() else value
        return json.dumps(data)


class JsonErrorFormatter(logging.Formatter):
    def format(self, record):
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data)


def access_handler(target):
    if not target:
        return {"class": "logging.NullHandler"}
    if target == "-":
        return {"class": "logging.StreamHandler", "formatter": "json_access", "stream": "ext://sys.stdout"}
    return {"class": "logging.FileHandler", "formatter": "json_access", "filename": target}


logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json_access": {"()": JsonAccessFormatter},
        "json_error": {"()": JsonErrorFormatter},
    },
    "handlers": {
        "access": access_handler(ACCESS_LOG),
        "error": {"class": "logging.StreamHandler", "formatter": "json_error", "stream": "ext://sys.stderr"},
    },
    "loggers": {
        "gunicorn.access": {
            "handlers": ["access"] if ACCESS_LOG else [],
            "level": "INFO" if ACCESS_LOG else "CRITICAL",
            "propagate": False,
        },
        "gunicorn.error": {"handlers": ["error"], "level": loglevel.upper(), "propagate": False},
    },
    # The app's own loggers have JSON handlers (factcheck/settings.py) and propagate to the root logger,
    # where a handler here would print each of their lines twice.
    "root": {"level": "WARNING", "handlers": []},
}
