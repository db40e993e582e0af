"""The desk-wide search for editors, and where each role lands on the desk (issue 14, case 6)."""

import pytest
from django.urls import reverse

from claims import workflow
from tests.factories import ClaimFactory, PieceFactory, publish, research


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def found(response):
    return sorted(claim.statement for claim in response.context["results"])


def found_rows(response):
    return [claim.statement for claim in response.context["results"]]


def search(client, **query):
    return client.get(reverse("desk:search"), query)


@pytest.fixture
def desk(checker, editor, rating):
    """Claims in several states: new, researching with a headline, published, dismissed."""
    budget = PieceFactory(title="Budget hearing transcript")
    claims = {
        "new": ClaimFactory(statement="Bus fares doubled in a year.", claimant="Transit union"),
        "researching": research(
            ClaimFactory(statement="The river is cleaner than ever."),
            checker=checker,
            editor=editor,
            rating=rating,
            headline="Water tests tell another story",
        ),
        "published": publish(
            ClaimFactory(statement="Crime fell by half.", piece=budget), checker=checker, editor=editor, rating=rating
        ),
        "dismissed": ClaimFactory(statement="Our city is the best in the world."),
    }
    workflow.dismiss(claims["dismissed"], by=editor, reason="Opinion")
    return claims


def test_editors_find_claims_by_statement(as_editor, desk):
    assert found(search(as_editor, q="bus fares")) == ["Bus fares doubled in a year."]


def test_editors_find_claims_by_claimant(as_editor, desk):
    assert found(search(as_editor, q="transit UNION")) == ["Bus fares doubled in a year."]


def test_editors_find_claims_by_piece_title(as_editor, desk):
    assert found(search(as_editor, q="budget hearing")) == ["Crime fell by half."]


def test_editors_find_claims_by_a_headline(as_editor, desk):
    assert found(search(as_editor, q="water tests")) == ["The river is cleaner than ever."]


def test_the_search_covers_every_status_and_shows_each_claims_state(as_editor, desk):
    response = search(as_editor, q="city is the best")
    assert found(response) == ["Our city is the best in the world."]
    assert "status-dismissed" in response.content.decode()
    page = search(as_editor, q="water tests").content.decode()
    assert "Researching" in page


def test_the_search_lists_a_pieces_claims(as_editor, desk):
    piece = desk["published"].piece
    response = search(as_editor, piece=piece.pk)
    assert found(response) == ["Crime fell by half."]
    assert "Budget hearing transcript" in response.content.decode()


def test_a_search_without_words_lists_nothing(as_editor, desk):
    response = search(as_editor)
    assert response.status_code == 200 and response.context["results"] is None


def test_a_search_that_finds_nothing_says_so(as_editor, desk):
    assert "No claim matches this search." in search(as_editor, q="zebra crossing").content.decode()


@pytest.mark.parametrize("piece", ["abc", "999999", "-1"])
def test_a_piece_that_is_not_on_the_desk_gets_a_message_not_an_error(as_editor, desk, piece):
    response = search(as_editor, piece=piece)
    assert response.status_code == 400
    assert "That piece is not on the desk." in response.content.decode()


def test_a_very_long_search_is_cut_not_refused(as_editor, desk):
    response = search(as_editor, q="bus fares" + " " * 300 + "x" * 500)
    assert response.status_code == 200 and found(response) == ["Bus fares doubled in a year."]


def test_the_search_escapes_what_it_shows(as_editor, db):
    ClaimFactory(statement="<script>alert(1)</script> said the minister")
    page = search(as_editor, q="<script>").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_the_search_is_for_editors_only(client, checker, outsider, db):
    client.force_login(checker)
    assert client.get(reverse("desk:search"), {"q": "x"}).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("desk:search"), {"q": "x"}).status_code == 403
    client.logout()
    assert client.get(reverse("desk:search")).status_code == 302  # to the login page


def test_editors_get_the_search_box_and_fact_checkers_do_not(client, checker, editor, db):
    client.force_login(editor)
    assert 'action="/desk/search/"' in client.get(reverse("desk:review_queue")).content.decode()
    client.force_login(checker)
    assert 'action="/desk/search/"' not in client.get(reverse("desk:queue")).content.decode()


@pytest.mark.parametrize("n", [3, 30])
def test_the_search_query_count_stays_flat(as_editor, n, django_assert_max_num_queries):
    for i in range(n):
        ClaimFactory(statement=f"Claim number {i} about taxes.")
    with django_assert_max_num_queries(7):
        response = search(as_editor, q="taxes")
    assert len(response.context["results"]) == min(n, 25)


# Where each role lands --------------------------------------------------------------


def test_editors_land_on_the_review_queue(as_editor):
    response = as_editor.get("/desk/")
    assert response.status_code == 302 and response["Location"] == reverse("desk:review_queue")


def test_editors_still_reach_their_own_queue(as_editor, editor, researching_claim):
    workflow.assign(researching_claim, by=editor, to=editor)
    response = as_editor.get(reverse("desk:queue"))
    assert response.status_code == 200 and researching_claim.statement in response.content.decode()


def test_fact_checkers_land_on_their_queue(client, checker, researching_claim):
    client.force_login(checker)
    response = client.get("/desk/", follow=True)
    assert response.redirect_chain == [(reverse("desk:queue"), 302)]
    assert researching_claim.statement in response.content.decode()


def test_signing_in_as_an_editor_ends_on_the_review_queue(client, editor):
    from tests.factories import PASSWORD

    response = client.post(reverse("login"), {"username": "editor", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("desk:review_queue")


def test_the_results_come_a_page_at_a_time_newest_first(as_editor, db):
    for i in range(30):
        ClaimFactory(statement=f"Claim number {i:02} about taxes.")
    first = search(as_editor, q="taxes")
    assert found_rows(first)[0] == "Claim number 29 about taxes." and len(found_rows(first)) == 25
    assert "page=2" in first.context["next_url"] and not first.context["previous_url"]
    second = search(as_editor, q="taxes", page=2)
    assert found_rows(second) == [f"Claim number {i:02} about taxes." for i in range(4, -1, -1)]
    assert not second.context["next_url"] and "page=1" in second.context["previous_url"]
    assert found_rows(search(as_editor, q="taxes", page="junk")) == found_rows(first)
