"""The piece page: the source text with each published claim highlighted and linked to its verdict."""

import pytest

from claims.models import Piece
from claims.templatetags.public_tags import annotated_body, highlight_segments
from tests.factories import ClaimFactory, PieceFactory, publish

BODY = "The mayor said the city built 40 new schools last year. Rain is expected.\n\nCrime fell by 7% in 2024."


def span_claim(piece, quote, **fields):
    start = piece.body.index(quote)
    return ClaimFactory(piece=piece, quote=quote, start=start, end=start + len(quote), **fields)


@pytest.fixture
def piece(db):
    return PieceFactory(body=BODY, byline="Jo Reporter")


def test_it_shows_the_metadata_and_highlights_a_published_claim(client, piece, checker, editor, rating):
    claim = publish(
        span_claim(piece, "the city built 40 new schools last year"), checker=checker, editor=editor, rating=rating
    )
    response = client.get(piece.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert piece.title in html and piece.publisher in html and "Jo Reporter" in html and piece.url in html
    assert (
        f'<mark class="claim-mark"><a href="{claim.get_absolute_url()}" class="claim-link">'
        "the city built 40 new schools last year</a></mark>"
    ) in html
    assert "rating-badge-inline rating-false" in html
    assert "<p>Crime fell by 7% in 2024.</p>" in html


def test_unpublished_claims_are_never_highlighted(client, piece, checker, editor, rating):
    publish(span_claim(piece, "Rain is expected."), checker=checker, editor=editor, rating=rating)
    hidden = span_claim(piece, "Crime fell by 7% in 2024.", statement="Crime fell by 7%.")
    html = client.get(piece.get_absolute_url()).content.decode()
    assert html.count("<mark") == 1
    assert hidden.get_absolute_url() not in html and hidden.statement not in html


def test_a_piece_without_published_claims_is_404(client, piece, withdrawn_claim):
    span_claim(piece, "Rain is expected.")
    assert client.get(piece.get_absolute_url()).status_code == 404
    assert client.get(withdrawn_claim.piece.get_absolute_url()).status_code == 404
    assert client.get("/pieces/no-such-piece/").status_code == 404


def test_the_text_is_escaped(client, checker, editor, rating):
    piece = PieceFactory(body='<script>alert(1)</script> The <b>mayor</b> said "hi" & left.', title="<i>T</i>")
    publish(span_claim(piece, "The <b>mayor</b> said"), checker=checker, editor=editor, rating=rating)
    html = client.get(piece.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html and "<b>mayor</b>" not in html and "<i>T</i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "The &lt;b&gt;mayor&lt;/b&gt; said</a></mark>" in html


def test_offsets_that_no_longer_match_fall_back_to_the_quote(db, piece, checker, editor, rating):
    claim = publish(
        ClaimFactory(piece=piece, quote="Rain is expected.", start=0, end=5),
        checker=checker,
        editor=editor,
        rating=rating,
    )
    segments = highlight_segments(piece.body, [claim])
    assert [s.text for s in segments if s.claim] == ["Rain is expected."]


def test_overlapping_and_out_of_range_spans_are_skipped_not_broken(db, piece, checker, editor, rating):
    first = publish(span_claim(piece, "the city built 40 new schools"), checker=checker, editor=editor, rating=rating)
    overlapping = publish(span_claim(piece, "40 new schools last year"), checker=checker, editor=editor, rating=rating)
    stray = publish(
        ClaimFactory(piece=piece, quote="", start=500, end=900), checker=checker, editor=editor, rating=rating
    )
    segments = highlight_segments(piece.body, [overlapping, stray, first])
    assert "".join(s.text for s in segments) == piece.body
    assert [s.claim for s in segments if s.claim] == [first]
    assert str(annotated_body(piece.body, [first, overlapping, stray])).count("<mark") == 1


def test_the_page_costs_a_fixed_number_of_queries(
    client, piece, checker, editor, rating, django_assert_max_num_queries
):
    for quote in ("the city built 40 new schools last year", "Rain is expected.", "Crime fell by 7% in 2024."):
        publish(span_claim(piece, quote), checker=checker, editor=editor, rating=rating)
    with django_assert_max_num_queries(3):  # the piece, its published claims, the generations a copy is kept at
        html = client.get(piece.get_absolute_url()).content.decode()
    assert html.count("<mark") == 3
    assert Piece.objects.count() == 1
