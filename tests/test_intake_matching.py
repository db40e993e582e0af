"""A candidate that resembles a claim already on the desk is flagged with it and its verdict."""

import pytest

from claims.intake.matching import find_matches, merge_new_claims_into_index, normalize, similarity
from claims.intake.pipeline import analyse
from claims.intake.reading import read_text
from tests.conftest import ClaimFactory, needs_postgres


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
    assert match.url == published_claim.get_absolute_url()
    assert 0.5 <= match.similarity <= 1


def test_an_unpublished_match_links_to_the_desk_not_the_public_site(new_claim):
    [match] = find_matches([new_claim.statement])

    assert match.claim == new_claim.pk
    assert match.verdict == ""
    assert match.url == f"/desk/claims/{new_claim.pk}/"


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
@needs_postgres
def test_postgresql_uses_pg_trgm_similarity(db):
    claim = ClaimFactory(statement="The port authority said 1,200 homes were evacuated.")

    [match] = find_matches(["The port authority said 1,200 homes had been evacuated."])

    assert match.claim == claim.pk
    assert match.similarity >= 0.6


@pytest.mark.postgres
@needs_postgres
def test_claims_just_stored_are_merged_into_the_trigram_index(db, caplog):
    ClaimFactory.create_batch(3)

    merge_new_claims_into_index()

    assert "could not merge" not in caplog.text
