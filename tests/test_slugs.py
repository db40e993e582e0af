"""Public addresses people choose (issue 14, case 4): a claim's slug follows its headline until a person sets
it, stays as it is once published, and every earlier address answers with a permanent redirect."""

import pytest
from django.test import Client
from django.urls import reverse

from claims import editing, workflow
from claims.models import ClaimSlugRedirect
from tests.desk_forms import claim_data
from tests.factories import ClaimFactory, research


def test_a_new_claims_address_comes_from_its_statement(db):
    claim = ClaimFactory(statement="The council's finance chair said on Tuesday that the budget doubled.")
    assert claim.slug == "the-councils-finance-chair-said-on-tuesday-that-the-budget-doubled"


def test_saving_a_headline_suggests_the_address_from_it(researching_claim, checker):
    assert researching_claim.slug == "the-figure-is-wrong"  # research() saved the headline
    editing.save_verdict(researching_claim, by=checker, data={"headline": "Schools: the count is 12, not 40"})
    researching_claim.refresh_from_db()
    assert researching_claim.slug == "schools-the-count-is-12-not-40"
    assert not researching_claim.slug_chosen


def test_two_claims_with_the_same_headline_get_different_addresses(checker, editor, rating):
    first = research(ClaimFactory(), checker=checker, editor=editor, rating=rating)
    second = research(ClaimFactory(), checker=checker, editor=editor, rating=rating)
    assert (first.slug, second.slug) == ("the-figure-is-wrong", "the-figure-is-wrong-2")


def test_the_workspace_shows_the_address_field(as_checker, researching_claim):
    page = as_checker.get(reverse("desk:claim", args=[researching_claim.pk])).content.decode()
    assert 'name="slug"' in page and 'value="the-figure-is-wrong"' in page


def test_a_person_sets_the_address_in_the_desk_and_the_headline_no_longer_moves_it(
    as_checker, checker, researching_claim
):
    url = reverse("desk:claim_edit", args=[researching_claim.pk])
    response = as_checker.post(url, claim_data(researching_claim, slug="schools-count"))
    assert response.status_code == 302
    researching_claim.refresh_from_db()
    assert researching_claim.slug == "schools-count" and researching_claim.slug_chosen
    editing.save_verdict(researching_claim, by=checker, data={"headline": "A new headline"})
    researching_claim.refresh_from_db()
    assert researching_claim.slug == "schools-count"


def test_an_address_that_is_not_slug_shaped_is_refused_at_the_field(as_checker, researching_claim):
    url = reverse("desk:claim_edit", args=[researching_claim.pk])
    response = as_checker.post(url, claim_data(researching_claim, slug="schools count!", claimant="Typed"))
    assert response.status_code == 200
    assert response.context["claim_form"].errors["slug"]
    assert "Typed" in response.content.decode()  # what was typed is kept
    researching_claim.refresh_from_db()
    assert (researching_claim.slug, researching_claim.claimant) == ("the-figure-is-wrong", "The mayor")


def test_an_address_another_claim_uses_or_used_is_refused(as_checker, checker, editor, rating, researching_claim):
    other = ClaimFactory(statement="Another claim.")
    url = reverse("desk:claim_edit", args=[researching_claim.pk])
    response = as_checker.post(url, claim_data(researching_claim, slug=other.slug), follow=True)
    assert "Another claim uses the address “another-claim”." in response.content.decode()
    research(other, checker=checker, editor=editor, rating=rating)  # "another-claim" is its old address now
    researching_claim.refresh_from_db()
    response = as_checker.post(url, claim_data(researching_claim, slug="another-claim"), follow=True)
    assert "Another claim uses the address “another-claim”." in response.content.decode()
    researching_claim.refresh_from_db()
    assert researching_claim.slug == "the-figure-is-wrong"


def test_going_back_to_an_earlier_address_takes_it_back(checker, researching_claim):
    editing.update_claim(researching_claim, by=checker, data={"slug": "first-idea"})
    editing.update_claim(researching_claim, by=checker, data={"slug": "the-figure-is-wrong"})
    researching_claim.refresh_from_db()
    assert researching_claim.slug == "the-figure-is-wrong"
    assert set(ClaimSlugRedirect.objects.values_list("old_slug", flat=True)) >= {"first-idea"}
    assert not ClaimSlugRedirect.objects.filter(old_slug="the-figure-is-wrong").exists()


def test_the_address_is_refused_after_the_first_publication(checker, editor, published_claim):
    workflow.reopen(published_claim, by=editor, reason="A correction.")
    with pytest.raises(editing.EditRefused, match="address of a published verdict"):
        editing.update_claim(published_claim, by=checker, data={"slug": "a-better-address"})
    editing.save_verdict(published_claim, by=checker, data={"headline": "A corrected headline"})
    published_claim.refresh_from_db()
    assert published_claim.slug == "the-figure-is-wrong"  # the headline no longer moves it either


def test_the_desk_shows_a_published_address_as_fixed_and_refuses_a_crafted_change(as_checker, editor, published_claim):
    workflow.reopen(published_claim, by=editor, reason="A correction.")
    page = as_checker.get(reverse("desk:claim", args=[published_claim.pk])).content.decode()
    assert "the address stays as it is" in page
    url = reverse("desk:claim_edit", args=[published_claim.pk])
    response = as_checker.post(url, claim_data(published_claim, slug="crafted"), follow=True)
    assert "The address of a published verdict stays as it is" in response.content.decode()
    published_claim.refresh_from_db()
    assert published_claim.slug == "the-figure-is-wrong"
    # Posted without the (disabled) field, the rest of the form still saves.
    response = as_checker.post(url, claim_data(published_claim, slug="", claimant="Mayor Lopez"))
    published_claim.refresh_from_db()
    assert (published_claim.slug, published_claim.claimant) == ("the-figure-is-wrong", "Mayor Lopez")


# The old addresses ------------------------------------------------------------


@pytest.fixture
def moved_and_published(checker, editor, rating):
    """A claim whose address moved twice before it was published."""
    claim = ClaimFactory(statement="Raw intake sentence cut mid")
    research(claim, checker=checker, editor=editor, rating=rating)
    editing.update_claim(claim, by=checker, data={"slug": "schools-count"})
    workflow.submit(claim, by=checker)
    workflow.approve(claim, by=editor)
    claim.refresh_from_db()
    return claim


@pytest.mark.parametrize("old", ["raw-intake-sentence-cut-mid", "the-figure-is-wrong"])
def test_an_old_address_redirects_permanently_to_the_published_verdict(anon, moved_and_published, old):
    response = anon.get(f"/verdicts/{old}/")
    assert response.status_code == 301 and response["Location"] == "/verdicts/schools-count/"
    assert anon.get(response["Location"]).status_code == 200


def test_an_old_address_redirects_through_the_front_cache_too(reader, moved_and_published):
    for _ in range(2):  # the second time the verdict page is in the front cache
        response = reader.get("/verdicts/the-figure-is-wrong/")
        assert response.status_code == 301 and response["Location"] == "/verdicts/schools-count/"
        page = reader.get("/verdicts/schools-count/")
        assert page.status_code == 200
    assert page["X-Public-Cache"] == "hit"


def test_an_unpublished_claims_old_address_is_not_found_and_never_tells_the_new_one(
    reader, anon, checker, editor, rating
):
    claim = research(ClaimFactory(statement="Raw intake sentence"), checker=checker, editor=editor, rating=rating)
    editing.update_claim(claim, by=checker, data={"slug": "secret-new-address"})
    for client in (anon, reader):
        response = client.get("/verdicts/raw-intake-sentence/")
        assert response.status_code == 404
        assert b"secret-new-address" not in response.content and "Location" not in response


def test_the_desk_follows_an_unpublished_claims_old_address_to_its_preview(client, checker, researching_claim):
    editing.update_claim(researching_claim, by=checker, data={"slug": "new-address"})
    client.force_login(checker)
    response = client.get("/verdicts/the-figure-is-wrong/")
    assert response.status_code == 302 and response["Location"] == "/verdicts/new-address/"


def test_a_withdrawn_verdicts_old_address_is_not_found(anon, editor, moved_and_published):
    workflow.withdraw(moved_and_published, by=editor, reason="Sources failed")
    assert anon.get("/verdicts/the-figure-is-wrong/").status_code == 404
    assert anon.get("/verdicts/schools-count/").status_code == 410


def test_an_address_nobody_ever_had_is_not_found(anon, published_claim):
    assert anon.get("/verdicts/never-was/").status_code == 404


def test_a_new_claim_never_takes_an_old_address(moved_and_published):
    claim = ClaimFactory(statement="The figure is wrong")
    assert claim.slug == "the-figure-is-wrong-2"


def test_changing_the_address_in_the_admin_keeps_the_old_one(client, superuser, researching_claim):
    client.force_login(superuser)
    url = reverse("admin:claims_claim_change", args=[researching_claim.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if not form.fields[name].disabled}
    data.update(slug="admin-address", **inline_management(client.get(url).context))
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    researching_claim.refresh_from_db()
    assert researching_claim.slug == "admin-address"
    assert Client().get("/verdicts/the-figure-is-wrong/").status_code == 404  # unpublished: no redirect
    assert ClaimSlugRedirect.objects.get(old_slug="the-figure-is-wrong").claim == researching_claim


def inline_management(context):
    """The admin's inline formsets' management forms, as the page posts them."""
    data = {}
    for formset in context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        for inline in formset.formset.forms:
            for name in inline.fields:
                value = inline[name].value()
                if value is not None:
                    data[inline.add_prefix(name)] = value
    return data
