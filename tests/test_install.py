"""What a plain `pip install -r requirements.txt` has to provide: nothing the pages load needs a package built.

The install itself (stock pip, no cache, no constraints) is proved by `.ci/smoke`, which needs the network;
these checks run offline.
"""

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import Client

REPO = Path(__file__).resolve().parent.parent


def test_the_pages_load_bootstrap_from_files_vendored_in_the_repository(db):
    page = Client().get("/").content.decode()
    linked = re.findall(r'(?:href|src)="/static/(bootstrap/[^"]+)"', page)
    assert sorted(linked) == ["bootstrap/css/bootstrap.min.css", "bootstrap/js/bootstrap.bundle.min.js"]
    for name in linked:
        found = Path(finders.find(name))
        assert found.is_relative_to(REPO / "static"), f"{name} is served from {found}, outside the repository"
        assert re.search(r"Bootstrap +v5\.3\.8", found.read_text()[:200])
    assert "MIT License" in (REPO / "static" / "bootstrap" / "LICENSE").read_text()


def test_requirements_no_longer_name_the_source_only_bootstrap_package():
    pinned = [line.split("==")[0].lower() for line in (REPO / "requirements.txt").read_text().splitlines()]
    assert "xstatic-bootstrap" not in pinned
