"""No 500 on any input: every public URL pattern with generated path parts and query strings, the readers'
forms, and the account pages (login, password change and reset).

Reading a page never changes the database, whoever asks and however.
"""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from claims.public.lists import claimant_slug
from tests.factories import PASSWORD
from tests.no_500_support import (
    NASTY_QUERIES,
    World,
    always,
    attempt,
    form,
    no_500_settings,
    path_part,
    query_string,
)

pytestmark = pytest.mark.django_db

# Every public URL pattern; "{…}" is a path part, real (see `real_parts`) or generated.
PATTERNS = [
    "/",
    "/search/",
    "/verdicts/{claim}/",
    "/verdicts/{claim}/correction/",
    "/pieces/",
    "/pieces/{piece}/",
    "/ratings/{rating}/",
    "/claimants/",
    "/claimants/{claimant}/",
    "/about/",
    "/methodology/",
    "/corrections/",
    "/corrections/policy/",
    "/suggest/",
    "/thanks/{kind}/",
    "/ratings.css",
    "/feeds/verdicts/",
    "/feeds/verdicts/atom/",
    "/feeds/claimreview.json",
    "/sitemap.xml",
    "/healthz",
    "/accounts/login/",
    "/accounts/password_reset/",
    "/accounts/reset/{kind}/{kind}/",
    "/{kind}",
    "/{kind}/{kind}/",
]
READERS = ["anonymous", "checker", "outsider"]


@pytest.fixture
def world(db):
    return World()


def real_parts(world):
    claims = world.claims
    return {
        "claim": [claims[name].slug for name in ("published", "reopened", "withdrawn", "dismissed", "new")],
        "piece": [claims["published"].piece.slug],
        "rating": ["false", "true"],
        "claimant": [claimant_slug(claims["published"].claimant)],
        "kind": ["suggestion", "correction"],
    }


def fill(pattern, real, choose):
    """The pattern with each part replaced by a real one or a generated one."""
    path = pattern
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        name = path[start + 1 : end]
        path = path[:start] + choose(real.get(name, ["x"])) + path[end + 1 :]
    return path


@no_500_settings(150)
@given(
    pattern=st.sampled_from(PATTERNS),
    role=st.sampled_from(READERS),
    method=st.sampled_from(["get", "get", "get", "head", "options", "put", "delete", "patch", "trace"]),
    query=query_string() | st.just("preview=1"),
    data=st.data(),
)
def test_public_pages_never_answer_500_and_never_write(world, pattern, role, method, query, data):
    real = real_parts(world)
    path = fill(pattern, real, lambda options: data.draw(st.sampled_from(options) | path_part(), "path part"))
    response = attempt(world.user(role), method, f"{path}?{query}", refused=always)
    if pattern == "/" and method == "get" and not query:
        assert response.status_code == 200


LISTS = ["/", "/search/", "/pieces/", "/ratings/false/", "/claimants/", "/claimants/{claimant}/", "/corrections/"]
DESK_LISTS = [
    "/desk/mine/",
    "/desk/triage/",
    "/desk/review/",
    "/desk/inbox/",
    "/desk/dashboard/",
    "/desk/intake/",
    "/desk/search/",
]


@pytest.mark.parametrize("reader, paths", [("anonymous", LISTS), ("editor", DESK_LISTS)], ids=["public", "desk"])
def test_every_list_takes_any_page_number_and_search(world, reader, paths):
    """Pages far past the end, negative or not numbers and huge searches get a page; NUL a clear 400."""
    failures = []
    for path in paths:
        path = fill(path, real_parts(world), lambda options: options[0])
        for query in NASTY_QUERIES:
            try:
                status = attempt(world.user(reader), "get", f"{path}?{query}", refused=always).status_code
            except Exception as error:  # noqa: BLE001 - every query is tried, then all failures are reported
                status = f"{type(error).__name__}: {str(error)[:100]}"
            # A NUL in the URL is refused at the door (factcheck.middleware.RefuseNulMiddleware); the rest get a page.
            expected = 400 if "%00" in query else 200
            if status != expected:
                failures.append(f"{path}?{query[:60]} -> {status}")
    assert not failures, "\n".join(failures)


SUGGESTION = form(
    {"website": ["http://spam.example/"]},
    text=["The mayor said 40 schools were built.", "t" * 5000],
    url=["https://example.org/speech", ""],
    email=["reader@example.org", ""],
)


@no_500_settings(60)
@given(role=st.sampled_from(READERS), data=SUGGESTION)
def test_the_suggestion_form_never_answers_500(world, role, data):
    attempt(world.user(role), "post", "/suggest/", data)


@no_500_settings(60)
@given(
    role=st.sampled_from(READERS),
    claim=st.sampled_from(["published", "published", "withdrawn", "new"]) | path_part(),
    data=SUGGESTION,
)
def test_the_correction_request_form_never_answers_500(world, role, claim, data):
    slug = world.claims[claim].slug if claim in world.claims else claim
    attempt(world.user(role), "post", f"/verdicts/{slug}/correction/", data)


ACCOUNT_FORMS = {
    "/accounts/login/": form(
        {"next": ["/desk/", "https://evil.example/", "//evil.example", "a b"]},
        username=["checker", "CHECKER", "inactive", "nobody", "u" * 300],
        password=[PASSWORD, "wrong"],
    ),
    "/admin-login": form(
        {"next": ["/admin/", "https://evil.example/"]},
        username=["root", "checker", "nobody"],
        password=[PASSWORD, "wrong"],
    ),
    "/accounts/password_change/": form(
        old_password=[PASSWORD, "wrong"],
        new_password1=["A-new-pass-word-2024!", "short"],
        new_password2=["A-new-pass-word-2024!", "other"],
    ),
    "/accounts/password_reset/": form(email=["checker@example.org", "nobody@example.org"]),
    "/accounts/logout/": form(),
}


@pytest.mark.parametrize("path", list(ACCOUNT_FORMS))
@no_500_settings(30)
@given(role=st.sampled_from(["anonymous", "checker"]), data=st.data())
def test_account_forms_never_answer_500(world, path, role, data):
    url = reverse("admin:login") if path == "/admin-login" else path
    # These forms write to no table of the desk, whatever they answer.
    attempt(world.user(role), "post", url, data.draw(ACCOUNT_FORMS[path], "form"), refused=always)
