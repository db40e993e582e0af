"""How long import_archive takes, and how much of it the row checks (claims/archive_checks.py) cost.

    python bench/populate.py 20000 --database-url sqlite:////tmp/bench-archive.sqlite3   # after migrate
    DATABASE_URL=sqlite:////tmp/bench-archive.sqlite3 python manage.py export_archive /tmp/bench-archive.json
    python bench/bench_archive.py /tmp/bench-archive.json

Each round imports the archive into a fresh, migrated SQLite database, once with
the checks and once with them switched off, and prints both times and the
checks alone.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fresh_database(folder: str, name: str) -> str:
    url = f"sqlite:///{folder}/{name}.sqlite3"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return url


def timed_import(url: str, archive: str, *, checks: bool) -> float:
    code = f"""
import io, time, django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
django.setup()
from claims import archive, archive_checks
if not {checks}:
    archive.check_archive = lambda *a, **k: archive_checks.permission_names()
started = time.perf_counter()
with open({archive!r}, encoding="utf-8") as source:
    archive.import_archive(source)
print(time.perf_counter() - started)
"""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def timed_checks(archive: str) -> float:
    code = f"""
import json, time, django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
django.setup()
from django.contrib.auth import get_user_model
from claims import archive, archive_checks
data = archive.read_archive(open({archive!r}, encoding="utf-8"))
started = time.perf_counter()
archive_checks.check_archive(data, archive.SECTIONS, user_model=get_user_model(), existing_usernames=[],
                             existing_rating_slugs=[])
print(time.perf_counter() - started)
"""
    url = fresh_database(tempfile.mkdtemp(), "checks")
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main():
    archive = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    print(f"archive: {archive} ({os.path.getsize(archive) / 1e6:.1f} MB)")
    for round_ in range(1, rounds + 1):
        with tempfile.TemporaryDirectory() as folder:
            with_checks = timed_import(fresh_database(folder, "a"), archive, checks=True)
            without = timed_import(fresh_database(folder, "b"), archive, checks=False)
        print(f"round {round_}: import {with_checks:.1f} s with the checks, {without:.1f} s without")
    print(f"the checks alone: {timed_checks(archive):.1f} s")


if __name__ == "__main__":
    main()
