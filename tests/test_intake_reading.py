"""Reading a piece: formats, metadata set aside, encodings, and the inputs refused."""

import io

import pytest

from claims.intake.errors import IntakeError
from claims.intake.reading import CAPTION, HEADING, PARAGRAPH, read_bytes, read_path, read_stream, read_text

MARKDOWN_PIECE = "\n".join(
    [
        "Politics",
        "Harbour town doubles its ferry budget",
        "The council approved a new ferry plan on Monday.",
        "![Commuters queue for the morning ferry at the north pier on May 2, 2024. About 4,000 people cross"
        " each day. [Ana Ruiz/Harbour Photo Agency]](/img/ferry.jpg)",
        "By Tom Baker |",
        "HARBOURTON -- The council said it would spend 12 million euros on two new ferries, twice last year's budget.",
        "Why now?",
        "Councillor Jane Moss said the old boats were 40 years old.",
    ]
)


def kinds(piece):
    return [(block.kind, block.text) for block in piece.blocks]


def test_it_keeps_captions_and_drops_their_photo_credits():
    piece = read_text(MARKDOWN_PIECE)

    captions = [text for kind, text in kinds(piece) if kind == CAPTION]
    assert captions == [
        "Commuters queue for the morning ferry at the north pier on May 2, 2024. About 4,000 people cross each day."
    ]
    assert piece.credits == ["Ana Ruiz/Harbour Photo Agency"]
    assert "Ana Ruiz" not in piece.body
    assert "/img/ferry.jpg" not in piece.body


def test_it_turns_title_byline_and_section_labels_into_metadata():
    piece = read_text(MARKDOWN_PIECE)

    assert piece.title == "Harbour town doubles its ferry budget"
    assert piece.byline == "Tom Baker"
    assert piece.sections == ["Politics", "Why now?"]
    assert "Tom Baker" not in piece.body
    assert not piece.body.startswith("Politics")
    assert (HEADING, "Why now?") in kinds(piece)


def test_the_body_is_paragraphs_separated_by_blank_lines_with_their_offsets():
    piece = read_text(MARKDOWN_PIECE)

    for block in piece.blocks:
        assert piece.body[block.start : block.end] == block.text
    assert piece.body.split("\n\n")[0] == "The council approved a new ferry plan on Monday."


def test_a_sentence_starting_with_by_is_not_a_byline():
    piece = read_text("By Tuesday, the council had voted.\nBy the end of 2023, 40 ferries sailed.\n")

    assert piece.byline == ""
    assert piece.body.startswith("By Tuesday, the council had voted.")


def test_markdown_markup_is_removed_from_the_text():
    piece = read_text(
        "# Budget news\n\nThe **mayor** said [the plan](https://example.org/plan) costs *4 million* euros.\n"
    )

    assert piece.title == "Budget news"
    assert piece.body == "The mayor said the plan costs 4 million euros."


def test_wrapped_plain_text_paragraphs_are_joined():
    text = (
        "The harbour authority said 3,100 ships\ndocked in 2023, a record for the port.\n\n"
        "A second paragraph follows here.\n"
    )
    piece = read_text(text)

    assert [b.text for b in piece.blocks if b.kind == PARAGRAPH] == [
        "The harbour authority said 3,100 ships docked in 2023, a record for the port.",
        "A second paragraph follows here.",
    ]


HTML_PIECE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Ferry budget doubles | Harbour Gazette</title>
<meta name="author" content="Tom Baker"><meta property="og:site_name" content="Harbour Gazette">
<meta property="article:published_time" content="2024-05-03T08:00:00Z">
<link rel="canonical" href="https://gazette.example.org/ferry-budget"></head>
<body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>Ferry budget doubles</h1><p class="byline">By Tom Baker</p>
<p>The council said it would spend 12 million euros on two new ferries, twice last year's budget.
Officials blamed the rising cost of steel.</p>
<figure><img src="/f.jpg" alt="ferry">
<figcaption>The old ferry leaves the north pier. [Ana Ruiz/Harbour Photo Agency]</figcaption></figure>
<h2>What the council decided</h2>
<p>More than 4,000 people cross the harbour each day, according to the port authority.</p>
</article><footer>Subscribe to our newsletter. All rights reserved.</footer></body></html>"""


def test_html_gives_its_main_text_and_metadata():
    piece = read_bytes(HTML_PIECE.encode(), name="ferry.html")

    assert piece.source_format == "html"
    assert piece.title == "Ferry budget doubles"
    assert piece.byline == "Tom Baker"
    assert piece.publisher == "Harbour Gazette"
    assert str(piece.published_on) == "2024-05-03"
    assert piece.url == "https://gazette.example.org/ferry-budget"
    assert "12 million euros" in piece.body
    assert "The old ferry leaves the north pier." in piece.body
    assert piece.credits == ["Ana Ruiz/Harbour Photo Agency"]
    assert "Sport" not in piece.body
    assert "newsletter" not in piece.body
    assert "What the council decided" in piece.sections


def test_pasted_html_source_is_read_as_html():
    piece = read_text(HTML_PIECE)

    assert piece.source_format == "html"
    assert "Home" not in piece.body


def test_the_encoding_is_detected_not_assumed(tmp_path):
    text = "The minister’s “plan” costs €4 million – a record, said the café owner in Zürich.\n" * 3
    path = tmp_path / "windows.txt"
    path.write_bytes(text.encode("cp1252"))

    piece = read_path(path)

    assert "“plan” costs €4 million – a record" in piece.body
    assert "café" in piece.body


def test_utf16_with_a_byte_order_mark_is_read():
    piece = read_bytes("The mayor said 40 schools opened.\n".encode("utf-16"))

    assert piece.body == "The mayor said 40 schools opened."


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\t\n  ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (bytes(range(256)) * 4, "binary"),
    ],
    ids=["empty", "whitespace", "pdf", "png", "random-bytes"],
)
def test_it_refuses_what_is_not_text(data, message):
    with pytest.raises(IntakeError, match=message):
        read_bytes(data, name="piece.txt")


def test_it_refuses_a_piece_over_the_size_limit(settings, tmp_path):
    settings.FACTCHECK_INTAKE_MAX_BYTES = 1000
    path = tmp_path / "long.txt"
    path.write_text("The council said it spent 5 euros. " * 100)

    with pytest.raises(IntakeError, match=r"over the limit of 1000 bytes"):
        read_path(path)
    with pytest.raises(IntakeError, match="over the limit"):
        read_text("x" * 1001)
    with pytest.raises(IntakeError, match="over the limit"):
        read_stream(io.BytesIO(b"y" * 5000))


def test_it_refuses_a_missing_file(tmp_path):
    with pytest.raises(IntakeError, match="No such file"):
        read_path(tmp_path / "nowhere.txt")


def test_standard_input_is_read_as_bytes():
    piece = read_stream(io.BytesIO(b"The port said 12 ships docked.\n"))

    assert piece.body == "The port said 12 ships docked."


def captions_and_credits(piece):
    return [(block.text, block.credit) for block in piece.blocks if block.kind == CAPTION]


@pytest.mark.parametrize(
    "line, credit",
    [
        ("The mayor visits the flooded district. Photo: Jane Roe/Agency", "Photo: Jane Roe/Agency"),
        ("The mayor visits the flooded district. Photograph by Jane Roe", "Photograph by Jane Roe"),
        ("The mayor visits the flooded district. (Photo: Jane Roe)", "Photo: Jane Roe"),
        ("The mayor visits the flooded district. [Image: Jane Roe/Agency]", "Image: Jane Roe/Agency"),
        ("The mayor visits the flooded district. (Reuters)", "Reuters"),
        ("The mayor visits the flooded district (AP Photo/Evan Vucci)", "AP Photo/Evan Vucci"),
    ],
    ids=["photo-colon", "photograph-by", "parenthesised", "bracketed", "agency", "agency-photographer"],
)
def test_a_pasted_line_ending_with_a_photo_credit_is_a_caption_with_that_credit(line, credit):
    piece = read_text(f"The council spent 12 million euros on roads.\n{line}\nThe mayor said 40 schools opened.\n")

    assert captions_and_credits(piece) == [(line.split(credit)[0].rstrip(" ([").rstrip(), credit)]
    assert credit not in piece.body
    assert [block.kind for block in piece.blocks] == [PARAGRAPH, CAPTION, PARAGRAPH]


def test_a_credit_on_its_own_line_makes_the_short_line_before_it_a_caption():
    piece = read_text(
        "The council spent 12 million euros on roads.\nThe mayor visits the flooded district.\n"
        "Photo: Jane Roe/Agency\nThe mayor said 40 schools opened.\n"
    )

    assert captions_and_credits(piece) == [("The mayor visits the flooded district.", "Photo: Jane Roe/Agency")]
    assert "Jane Roe" not in piece.body


def test_a_credit_after_an_image_without_caption_stays_off_the_paragraph_before():
    piece = read_text("The council spent 12 million euros on roads.\n\n![](/img/a.jpg)\n\nPhoto: Jane Roe\n")

    assert [block.kind for block in piece.blocks] == [PARAGRAPH]
    assert piece.credits == ["Photo: Jane Roe"] and "Jane Roe" not in piece.body


@pytest.mark.parametrize(
    "sentence",
    [
        "The exhibition shows 40 images by Jane Roe.",
        "The minister said 40 people died (AP).",
        "Picture by picture, the film was rebuilt over three long years by the team.",
        "The report was cited twice [1]",
    ],
)
def test_sentences_that_only_mention_photos_are_not_credits(sentence):
    piece = read_text(f"The council spent 12 million euros on roads.\n{sentence}\n")

    assert piece.credits == []
    assert sentence in piece.body


def test_a_credit_marked_up_in_a_figure_caption_is_kept_with_the_caption():
    html = HTML_PIECE.replace(
        "[Ana Ruiz/Harbour Photo Agency]", '<span class="photo-credit">Ana Ruiz/Harbour Photo Agency</span>'
    )
    piece = read_bytes(html.encode(), name="ferry.html")

    assert captions_and_credits(piece) == [("The old ferry leaves the north pier.", "Ana Ruiz/Harbour Photo Agency")]
    assert "Ana Ruiz" not in piece.body


def test_a_markdown_image_caption_keeps_its_credit_in_its_block():
    piece = read_text(MARKDOWN_PIECE)

    [(caption, credit)] = captions_and_credits(piece)
    assert caption.startswith("Commuters queue") and credit == "Ana Ruiz/Harbour Photo Agency"
