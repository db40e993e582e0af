"""The project's settings with the development defaults the tests expect.

Tests run with no HTTPS redirect and local hosts; production settings are
tested explicitly (tests/test_deploy.py) where they matter.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from factcheck.settings import *  # noqa: E402,F403

# Fast hashing: tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Jobs run right after the commit that enqueued them; the tests of the guarantees use the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
