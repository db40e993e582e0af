"""The README's table of desk pages is what the code does: each page, each role (issue 12, "Roles as documented")."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

README = Path(__file__).resolve().parent.parent / "README.md"
ROLES = {"both": {"checker", "editor"}, "editors": {"editor"}, "fact-checkers": {"checker"}}


def documented_pages():
    """(path, who) for every row of the README's desk table: "| `/desk/...` ... | who | what |"."""
    rows = []
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[1] in ROLES:
            rows += [(path, cells[1]) for path in re.findall(r"`(/desk/[^`]*)`", cells[0])]
    return rows


PAGES = documented_pages()


def test_the_readme_lists_the_desk_pages():
    paths = {path for path, _who in PAGES}
    assert {"/desk/mine/", "/desk/dashboard/", "/desk/inbox/", "/desk/review/", "/desk/triage/"} <= paths
    assert dict(PAGES)["/desk/dashboard/"] == "both"
    assert dict(PAGES)["/desk/inbox/"] == "editors"


@pytest.mark.parametrize(("path", "who"), PAGES)
@pytest.mark.parametrize("persona", ["checker", "editor", "outsider"])
def test_each_role_opens_exactly_the_pages_the_readme_gives_it(request, client, in_review_claim, path, who, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(path.replace("<id>", str(in_review_claim.pk)))
    assert response.status_code == (200 if persona in ROLES[who] else 403)


@pytest.mark.parametrize("persona", ["checker", "editor"])
def test_readers_messages_in_the_admin_follow_the_inbox_row(request, client, db, persona):
    client.force_login(request.getfixturevalue(persona))
    allowed = persona in ROLES[dict(PAGES)["/desk/inbox/"]]
    assert client.get(reverse("admin:claims_readermessage_changelist")).status_code == (200 if allowed else 403)
    listed = reverse("admin:claims_readermessage_changelist") in client.get(reverse("admin:index")).content.decode()
    assert listed == allowed
