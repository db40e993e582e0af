"""The desk's intake page: paste, upload or give an address; tick, edit and save candidates."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.intake.errors import IntakeError
from claims.intake.reading import read_bytes
from claims.intake.scoring import check_worthiness
from claims.models import Claim, Piece

URL = reverse("desk:intake")
SAVE_URL = reverse("desk:intake_save")
TEXT = (
    "Harbour town doubles its ferry budget\n"
    "By Tom Baker\n"
    "The council said it would spend 12 million euros on two new ferries, twice last year's budget.\n"
    "It was a bright morning at the pier.\n"
    "Councillor Jane Moss said the old boats were 40 years old, the oldest in the region.\n"
)


def source(**fields):
    data = {
        "text": "",
        "source_url": "",
        "title": "",
        "url": "",
        "publisher": "",
        "published_on": "",
        "min_score": "0.4",
    }
    data.update(fields)
    return data


def save_data(response, keep=(), edits=None):
    """The candidates form as the browser would send it, with the ranks in `keep` ticked."""
    edits = edits or {}
    formset = response.context["formset"]
    data = {"payload": response.context["signed_payload"], "title": response.context["title_form"].initial["title"]}
    data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
    for form in formset.forms:
        rank = form.initial["rank"]
        data[form.add_prefix("rank")] = rank
        data[form.add_prefix("statement")] = edits.get(rank, {}).get("statement", form.initial["statement"])
        data[form.add_prefix("claimant")] = edits.get(rank, {}).get("claimant", form.initial["claimant"])
        if rank in keep:
            data[form.add_prefix("keep")] = "on"
    return data


@pytest.fixture
def candidates_page(client, checker):
    client.force_login(checker)
    response = client.post(URL, source(text=TEXT))
    assert response.status_code == 200
    return response


def test_it_sends_anonymous_people_to_log_in(anon):
    response = anon.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_refuses_people_outside_the_desk(client, outsider):
    client.force_login(outsider)

    assert client.get(URL).status_code == 403
    assert client.post(URL, source(text=TEXT)).status_code == 403
    assert client.post(SAVE_URL, {}).status_code == 403


def test_a_checker_sees_the_form_with_its_three_ways_in(client, checker):
    client.force_login(checker)
    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Paste the text", "or upload a file", "or give its web address"):
        assert label in html
    assert 'enctype="multipart/form-data"' in html


def test_pasted_text_shows_ranked_candidates_with_reasons_and_stores_nothing(candidates_page):
    html = candidates_page.content.decode()

    assert candidates_page.templates[0].name == "desk/intake_candidates.html"
    assert html.index("12 million euros") < html.index("40 years old")
    assert "attribution (+" in html
    assert "Councillor Jane Moss" in html
    assert "bright morning" not in html
    assert "Harbour town doubles its ferry budget" in html
    assert not Piece.objects.exists() and not Claim.objects.exists()


def test_ticked_candidates_are_saved_with_their_edits_in_one_go(client, candidates_page, checker):
    data = save_data(
        candidates_page, keep={2}, edits={2: {"statement": "The ferries are 40 years old.", "claimant": "Jane Moss"}}
    )

    response = client.post(SAVE_URL, data, follow=True)

    piece = Piece.objects.get()
    claim = Claim.objects.get()
    assert claim.piece == piece and claim.created_by == checker
    assert claim.statement == "The ferries are 40 years old."
    assert claim.claimant == "Jane Moss"
    sentence = "Councillor Jane Moss said the old boats were 40 years old, the oldest in the region."
    assert piece.body[claim.start : claim.end] == sentence
    assert claim.quote == ""  # reported speech: the reporter's words, not hers
    # The score stored is the ranker's score of the sentence as it stands in the piece.
    assert claim.score == check_worthiness(sentence).value and claim.score_reasons
    assert piece.byline == "Tom Baker"
    assert response.redirect_chain[-1][0].startswith(reverse("desk:queue"))
    assert "Stored “Harbour town doubles its ferry budget” with 1 new claim." in response.content.decode()


def test_an_editor_lands_on_triage_after_saving(client, editor):
    client.force_login(editor)
    page = client.post(URL, source(text=TEXT))

    response = client.post(SAVE_URL, save_data(page, keep={1, 2}))

    assert response.status_code == 302
    assert response.url.startswith(reverse("desk:triage"))
    assert Claim.objects.count() == 2


def test_the_title_can_be_corrected_and_is_needed_before_saving(client, checker):
    client.force_login(checker)
    page = client.post(URL, source(text="The port said 1,200 ships docked in 2023. It rained."))
    assert page.context["title_form"].initial["title"] == ""

    refused = client.post(SAVE_URL, save_data(page, keep={1}))
    assert refused.status_code == 400
    assert not Piece.objects.exists()

    data = save_data(page, keep={1}) | {"title": "Port traffic in 2023"}
    client.post(SAVE_URL, data)
    assert Piece.objects.get().title == "Port traffic in 2023"


def test_saving_nothing_ticked_is_refused_and_stores_nothing(client, candidates_page):
    response = client.post(SAVE_URL, save_data(candidates_page, keep=()))

    assert response.status_code == 400
    assert "Tick at least one candidate to keep." in response.content.decode()
    assert not Piece.objects.exists()


def test_a_kept_candidate_needs_a_statement(client, candidates_page):
    response = client.post(SAVE_URL, save_data(candidates_page, keep={1}, edits={1: {"statement": "  "}}))

    assert response.status_code == 400
    assert "A kept claim needs a statement." in response.content.decode()
    assert not Claim.objects.exists()


def test_an_altered_payload_is_refused(client, candidates_page):
    data = save_data(candidates_page, keep={1})
    data["payload"] = data["payload"][:-3] + "abc"

    response = client.post(SAVE_URL, data, follow=True)

    assert "altered on the way" in response.content.decode()
    assert not Piece.objects.exists()


def test_an_uploaded_html_file_is_read(client, checker):
    client.force_login(checker)
    html = (
        b"<html><head><title>Port news</title></head><body><article><h1>Port news</h1>"
        b"<p>The port authority said 1,200 ships docked in 2023, a record.</p></article></body></html>"
    )
    upload = SimpleUploadedFile("port.html", html, content_type="text/html")

    response = client.post(URL, source(file=upload))

    assert response.status_code == 200
    assert "1,200 ships docked in 2023" in response.content.decode()
    assert response.context["piece"].title == "Port news"


def test_a_web_address_is_fetched_through_the_reader(client, checker, monkeypatch):
    fetched = []

    def fake_read_url(url):
        fetched.append(url)
        piece = read_bytes(b"<p>The port authority said 1,200 ships docked in 2023.</p>", content_type="text/html")
        piece.url = url
        return piece

    monkeypatch.setattr("claims.intake.pipeline.read_url", fake_read_url)
    client.force_login(checker)

    response = client.post(URL, source(source_url="https://news.example.org/port", title="Port traffic"))

    assert fetched == ["https://news.example.org/port"]
    assert response.context["piece"].url == "https://news.example.org/port"
    assert "1,200 ships" in response.content.decode()


def test_an_unreachable_address_gets_one_clear_error(client, checker, monkeypatch):
    def unreachable(url):
        raise IntakeError("Could not reach news.example.org: connection refused.")

    monkeypatch.setattr("claims.intake.pipeline.read_url", unreachable)
    client.force_login(checker)

    response = client.post(URL, source(source_url="https://news.example.org/port"))

    assert response.status_code == 400
    assert "Could not reach news.example.org: connection refused." in response.content.decode()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({}, "Give the piece: paste its text, upload a file or give its web address."),
        ({"text": "   \n  "}, "nothing but blank space"),
        ({"text": "The port said 5 ships docked.", "source_url": "https://example.org/a"}, "one way only"),
        ({"source_url": "ftp://example.org/a.html"}, "http:// or https://"),
        ({"text": "--- \n***"}, "No sentences were found"),
        ({"file": SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n\x00\x01")}, "This is a PDF, not text"),
        ({"file": SimpleUploadedFile("empty.txt", b"")}, "empty"),
    ],
    ids=["nothing", "whitespace", "two-sources", "ftp", "no-sentences", "binary", "empty-file"],
)
def test_bad_input_gets_one_clear_error_and_stores_nothing(client, checker, fields, message):
    client.force_login(checker)

    response = client.post(URL, source(**fields))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Piece.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, checker, settings):
    settings.FACTCHECK_INTAKE_MAX_BYTES = 50
    client.force_login(checker)

    response = client.post(URL, source(file=SimpleUploadedFile("long.txt", b"The port said 5 ships docked. " * 10)))

    assert response.status_code == 400
    assert "over the limit of 50 bytes" in response.content.decode()


def test_a_candidate_already_on_the_desk_is_flagged_with_its_verdict(client, checker, published_claim):
    client.force_login(checker)

    response = client.post(URL, source(text=f"The mayor said {published_claim.statement}"))

    html = response.content.decode()
    assert "Already on the desk:" in html
    assert published_claim.get_absolute_url() in html
    assert published_claim.published_verdict.rating.label in html


def test_a_candidate_matching_an_unpublished_claim_links_to_its_desk_page(client, checker, new_claim):
    client.force_login(checker)

    response = client.post(URL, source(text=f"The mayor said {new_claim.statement}"))

    html = response.content.decode()
    assert "Already on the desk:" in html
    assert f'href="{reverse("desk:claim", args=[new_claim.pk])}"' in html
    assert new_claim.get_absolute_url() not in html


def test_candidates_signed_by_an_older_desk_are_refused_with_a_message(client, candidates_page):
    from django.core import signing

    from claims.intake.payload import SALT

    old = signing.loads(candidates_page.context["signed_payload"], salt=SALT)
    # Before matches named their claim by id, they carried the link itself.
    old["candidates"][0]["match"] = {
        "claim": 1,
        "statement": "The ferries are 40 years old.",
        "similarity": 0.9,
        "status": "new",
        "status_label": "New",
        "verdict": "",
        "url": "/desk/claims/1/",
    }
    data = save_data(candidates_page, keep={1}) | {"payload": signing.dumps(old, salt=SALT, compress=True)}

    response = client.post(SAVE_URL, data, follow=True)

    assert "read by an older version of the desk" in response.content.decode()
    assert not Piece.objects.exists()


def test_the_candidates_page_takes_a_few_queries_however_long_the_piece(client, checker, django_assert_max_num_queries):
    client.force_login(checker)
    with django_assert_max_num_queries(14):
        client.post(URL, source(text=TEXT))
    with django_assert_max_num_queries(14):
        client.post(URL, source(text=TEXT * 20))
