"""Pieces as written: paragraphs, headings and captions kept apart from intake to the public piece page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from claims import editing
from claims.intake import pipeline
from claims.models import Claim, Piece
from tests.factories import ClaimFactory, PieceFactory, publish

INTAKE_URL = reverse("desk:intake")
SAVE_URL = reverse("desk:intake_save")
CREDIT = "Photo: Ana Ruiz/Harbour Photo Agency"
CAPTION = "About 4,000 commuters queued for the morning ferry on May 2, the port authority said."
# One paragraph a line, as people paste from a news site: the title, the byline, a heading, a caption with its credit.
PASTED = f"""\
Harbour town doubles its ferry budget
By Tom Baker
The council said it would spend 12 million euros on two new ferries, twice last year's budget.
What the council decided
Councillor Jane Moss said the old boats were 40 years old, the oldest in the region.
{CAPTION} {CREDIT}
The port authority said ferry fares rose by 15 percent in 2023.
"""
STRUCTURE = [
    ("paragraph", "The council said it would spend 12 million euros on two new ferries, twice last year's budget."),
    ("heading", "What the council decided"),
    ("paragraph", "Councillor Jane Moss said the old boats were 40 years old, the oldest in the region."),
    ("caption", CAPTION),
    ("paragraph", "The port authority said ferry fares rose by 15 percent in 2023."),
]


def structure(piece):
    return [(block["kind"], piece.body[block["start"] : block["end"]]) for block in piece.blocks]


def credits(piece):
    return [block["credit"] for block in piece.blocks if block["kind"] == "caption"]


def assert_no_credit_or_byline_is_a_claim(piece):
    assert "Ana Ruiz" not in piece.body and "Tom Baker" not in piece.body
    for quote, statement in Claim.objects.filter(piece=piece).values_list("quote", "statement"):
        assert "Ana Ruiz" not in quote + statement and "Tom Baker" not in quote + statement


def intake_form(**fields):
    data = {"text": "", "source_url": "", "title": "", "url": "", "publisher": "", "published_on": ""}
    return data | {"min_score": "0"} | fields


def ticked(response, ranks):
    """The candidates form as the browser sends it, with `ranks` ticked."""
    formset = response.context["formset"]
    data = {"payload": response.context["signed_payload"], "title": response.context["title_form"].initial["title"]}
    data.update({f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()})
    for form in formset.forms:
        for name in ("rank", "statement", "claimant"):
            data[form.add_prefix(name)] = form.initial[name]
        if form.initial["rank"] in ranks:
            data[form.add_prefix("keep")] = "on"
    return data


# The desk's intake page --------------------------------------------------------------------------


def test_a_pasted_piece_is_stored_with_its_paragraphs_heading_and_caption_apart(client, checker):
    client.force_login(checker)
    page = client.post(INTAKE_URL, intake_form(text=PASTED))
    candidates = [candidate for candidate, _form in page.context["rows"]]
    assert Piece.objects.count() == 0

    response = client.post(SAVE_URL, ticked(page, {c.rank for c in candidates}))

    assert response.status_code == 302
    piece = Piece.objects.get()
    assert structure(piece) == STRUCTURE
    assert credits(piece) == [CREDIT]
    assert piece.byline == "Tom Baker"
    assert_no_credit_or_byline_is_a_claim(piece)
    assert Claim.objects.filter(piece=piece).count() == len(candidates) == 4


def test_the_candidates_page_marks_the_one_from_a_caption(client, checker):
    client.force_login(checker)
    response = client.post(INTAKE_URL, intake_form(text=PASTED))

    html = response.content.decode()
    [from_caption] = [c for c, _form in response.context["rows"] if c.kind == "caption"]
    assert from_caption.text == CAPTION
    assert html.count("From an image caption") == 1
    marker = html.index("From an image caption")
    assert html.index(f'id="quote-{from_caption.rank}"') > marker > html.index(f'id="candidate-{from_caption.rank}"')
    assert all("Ana Ruiz" not in c.text and "Tom Baker" not in c.text for c, _form in response.context["rows"])


def test_a_refused_save_shows_the_caption_marker_again_and_stores_nothing(client, checker):
    client.force_login(checker)
    page = client.post(INTAKE_URL, intake_form(text=PASTED))

    response = client.post(SAVE_URL, ticked(page, set()))

    assert response.status_code == 400
    assert "Tick at least one candidate" in response.content.decode()
    assert "From an image caption" in response.content.decode()
    assert Piece.objects.count() == 0


def test_a_piece_of_only_a_byline_and_a_credit_is_refused_not_stored(client, checker):
    client.force_login(checker)

    response = client.post(INTAKE_URL, intake_form(text=f"By Tom Baker\n{CREDIT}\n"))

    assert response.status_code == 400
    assert "No sentences were found in the piece." in response.content.decode()
    assert Piece.objects.count() == 0


@pytest.mark.parametrize(
    "name, content",
    [
        (
            "ferry.md",
            "# Harbour town doubles its ferry budget\n\n"
            "The council said it would spend 12 million euros on two new ferries.\n\n"
            f"![{CAPTION} [Ana Ruiz/Harbour Photo Agency]](/img/ferry.jpg)\n\n"
            "## What the council decided\n\n"
            "Councillor Jane Moss said the old boats were 40 years old.\n",
        ),
        (
            "ferry.html",
            "<!doctype html><html><head><title>Harbour town doubles its ferry budget</title></head><body><article>"
            "<h1>Harbour town doubles its ferry budget</h1>"
            "<p>The council said it would spend 12 million euros on two new ferries.</p>"
            f'<figure><img src="/img/ferry.jpg" alt=""><figcaption>{CAPTION} '
            '<span class="credit">Ana Ruiz/Harbour Photo Agency</span></figcaption></figure>'
            "<h2>What the council decided</h2>"
            "<p>Councillor Jane Moss said the old boats were 40 years old.</p></article></body></html>",
        ),
    ],
    ids=["markdown", "html"],
)
def test_markdown_and_html_uploads_keep_their_captions(client, checker, name, content):
    client.force_login(checker)
    page = client.post(INTAKE_URL, intake_form(file=SimpleUploadedFile(name, content.encode())))

    client.post(SAVE_URL, ticked(page, {c.rank for c, _form in page.context["rows"]}))

    piece = Piece.objects.get()
    assert structure(piece) == [
        ("paragraph", "The council said it would spend 12 million euros on two new ferries."),
        ("caption", CAPTION),
        ("heading", "What the council decided"),
        ("paragraph", "Councillor Jane Moss said the old boats were 40 years old."),
    ]
    assert credits(piece) == ["Ana Ruiz/Harbour Photo Agency"]
    assert_no_credit_or_byline_is_a_claim(piece)


# import_piece ------------------------------------------------------------------------------------


def test_import_piece_stores_the_same_structure(superuser, tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(PASTED)

    call_command("import_piece", str(path), "--min-score", "0", stdout=io.StringIO(), stderr=io.StringIO())

    piece = Piece.objects.get()
    assert structure(piece) == STRUCTURE
    assert credits(piece) == [CREDIT]
    assert_no_credit_or_byline_is_a_claim(piece)
    assert claim_from(piece, CAPTION).end == piece.body.index(CAPTION) + len(CAPTION)


# The public piece page ---------------------------------------------------------------------------


@pytest.fixture
def stored_piece(checker, editor):
    intake = pipeline.rank_piece(text=PASTED, min_score=0)
    piece = pipeline.store(intake.piece, intake.candidates, by=checker)
    return editing.set_republishing(piece, by=editor, allowed=True)  # as if it were our own reporting


def claim_from(piece, sentence_start):
    """The claim taken from the sentence of the piece that starts with these words."""
    return Claim.objects.get(piece=piece, start=piece.body.index(sentence_start))


def test_the_piece_page_shows_paragraphs_the_heading_and_the_caption_with_its_credit(
    client, stored_piece, checker, editor, rating
):
    claim = claim_from(stored_piece, "Councillor Jane Moss")
    url = stored_piece.get_absolute_url()
    assert client.get(url).status_code == 404  # nothing published yet

    publish(claim, checker=checker, editor=editor, rating=rating)
    html = client.get(url).content.decode()

    assert "<p>The council said it would spend 12 million euros on two new ferries" in html
    assert '<h2 class="piece-heading">What the council decided</h2>' in html
    assert (
        f'<figure class="piece-figure"><figcaption>{CAPTION} <small class="piece-credit">'
        f'<span class="visually-hidden">Credit: </span>{CREDIT}</small></figcaption></figure>'
    ) in html
    assert f'<p><mark class="claim-mark"><a href="{claim.get_absolute_url()}" class="claim-link">Councillor' in html
    assert "<p>The port authority said ferry fares rose by 15 percent in 2023.</p>" in html
    assert "Tom Baker" in html.split('class="piece-body"')[0]  # the byline heads the page, not the text


def test_a_published_claim_from_a_caption_is_marked_inside_the_caption(client, stored_piece, checker, editor, rating):
    claim = publish(claim_from(stored_piece, CAPTION), checker=checker, editor=editor, rating=rating)

    html = client.get(stored_piece.get_absolute_url()).content.decode()

    figure = html[html.index('<figure class="piece-figure">') : html.index("</figure>")]
    assert f'<mark class="claim-mark"><a href="{claim.get_absolute_url()}" class="claim-link">About 4,000' in figure
    assert CREDIT in figure


def test_a_piece_without_blocks_shows_its_paragraphs_as_before(client, checker, editor, rating):
    piece = PieceFactory(body="The mayor said 40 schools opened.\n\nRain is expected on Monday.")
    publish(
        ClaimFactory(piece=piece, quote="40 schools opened", start=15, end=32),
        checker=checker,
        editor=editor,
        rating=rating,
    )
    assert piece.blocks == []

    html = client.get(piece.get_absolute_url()).content.decode()

    assert "<p>Rain is expected on Monday.</p>" in html
    assert "<p>The mayor said <mark" in html
    assert "<figure" not in html and "piece-heading" not in html


def test_blocks_that_no_longer_fit_the_body_fall_back_to_paragraphs(client, stored_piece, checker, editor, rating):
    Piece.objects.filter(pk=stored_piece.pk).update(body="An editor rewrote the text.\n\nA second paragraph.")
    publish(Claim.objects.filter(piece=stored_piece).first(), checker=checker, editor=editor, rating=rating)

    response = client.get(stored_piece.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "<p>An editor rewrote the text.</p>" in html and "<p>A second paragraph.</p>" in html
    assert "<figure" not in html


def test_caption_credits_and_text_are_escaped(client, checker, editor, rating):
    body = "The mayor said 40 schools opened.\n\nThe <b>mayor</b> visits."
    piece = PieceFactory(
        body=body,
        blocks=[
            {"kind": "paragraph", "start": 0, "end": 33},
            {"kind": "caption", "start": 35, "end": len(body), "credit": "<script>alert(1)</script>"},
        ],
    )
    publish(
        ClaimFactory(piece=piece, quote="40 schools opened", start=15, end=32),
        checker=checker,
        editor=editor,
        rating=rating,
    )

    html = client.get(piece.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html and "<b>mayor</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</small>" in html
    assert "<figcaption>The &lt;b&gt;mayor&lt;/b&gt; visits." in html
