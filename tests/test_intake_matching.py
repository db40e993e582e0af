"""A candidate that resembles a claim already on the desk is flagged with it and its verdict."""

import pytest

from claims.intake.matching import find_matches, merge_new_claims_into_index, normalize, similarity
from claims.intake.pipeline import analyse, rank_piece, store
from claims.intake.reading import read_text
from claims.models import Claim
from tests.factories import ClaimFactory


def test_normalized_text_ignores_case_punctuation_and_spacing():
    assert normalize("  The MAYOR said: 40 schools!  ") == "the mayor said 40 schools"
    assert similarity("The mayor said 40 schools.", "the mayor said, 40 schools") == 1.0


def test_a_near_duplicate_of_a_published_claim_is_flagged_with_its_verdict(published_claim):
    piece = read_text(f"{published_claim.statement[:-1]}, the mayor said. The weather was mild all week.")

    candidates = analyse(piece, min_score=0).candidates
    flagged = [c for c in candidates if c.match]

    assert len(flagged) == 1
    match = flagged[0].match
    assert match.claim == published_claim.pk
    assert match.verdict == published_claim.published_verdict.rating.label
    assert match.status == "published"
    assert match.public is True and match.slug == published_claim.slug
    assert 0.5 <= match.similarity <= 1


def test_an_unpublished_match_is_not_public_and_has_no_verdict(new_claim):
    """The desk links it to the claim's desk page (tests/test_intake_desk.py)."""
    [match] = find_matches([new_claim.statement])

    assert match.claim == new_claim.pk
    assert match.verdict == ""
    assert match.public is False


def test_unrelated_sentences_are_not_flagged(db):
    ClaimFactory(statement="The city built 40 new schools last year.")

    assert find_matches(["Ferry tickets will cost 3 euros more from June.", "It rained."]) == [None, None]


def test_the_same_words_with_other_figures_are_another_claim(db):
    ClaimFactory(statement="The port handled 3,000 ships in 2023, a record.")

    assert find_matches(["The port handled 9,000 ships in 2021, a record."]) == [None]
    assert find_matches(["The port handled 3000 ships in 2023, a new record."])[0] is not None


def test_the_closest_claim_wins(db):
    far = ClaimFactory(statement="The harbour handled 3,000 ships in 2023, a record.")
    near = ClaimFactory(statement="The harbour handled 3,100 ships in 2023, a new record.")

    [match] = find_matches(["The harbour handled 3,100 ships in 2023, a new record for the port."])

    assert match.claim == near.pk != far.pk


def test_matching_takes_the_same_few_queries_for_any_number_of_candidates(db, django_assert_max_num_queries):
    ClaimFactory.create_batch(5)
    with django_assert_max_num_queries(8):
        find_matches(["The city built 40 new schools last year."])
    with django_assert_max_num_queries(8):
        find_matches([f"The city built {n} new schools last year." for n in range(50)])


@pytest.mark.postgres
def test_postgresql_uses_pg_trgm_similarity(db):
    claim = ClaimFactory(statement="The port authority said 1,200 homes were evacuated.")

    [match] = find_matches(["The port authority said 1,200 homes had been evacuated."])

    assert match.claim == claim.pk
    assert match.similarity >= 0.6


def test_claims_just_stored_are_found_by_the_next_import(checker, caplog, django_capture_on_commit_callbacks):
    """On PostgreSQL storing also merges the new claims into the trigram index (on commit); either way
    the next piece repeating one of them is flagged with it."""
    first = rank_piece(text="The port authority said 1,200 homes were evacuated on Monday.", title="Port report")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        store(first.piece, first.candidates, by=checker)
    stored = Claim.objects.get()

    again = rank_piece(text="The port authority said 1,200 homes had been evacuated on Monday.", min_score=0)

    assert merge_new_claims_into_index in callbacks
    assert "could not merge" not in caplog.text
    [flagged] = [c for c in again.candidates if c.match]
    assert flagged.match.claim == stored.pk
    assert flagged.match.statement == "The port authority said 1,200 homes were evacuated on Monday."
