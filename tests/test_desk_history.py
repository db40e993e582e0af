"""The workspace's timeline of steps and field changes, and word diffs between revisions."""

from django.urls import reverse

from claims import editing
from claims.desk.history import claim_timeline, word_diff

LONG_BEFORE = "The statistics office lists twelve schools opened in 2024, of which three replaced older buildings."
LONG_AFTER = "The statistics office lists fourteen schools opened in 2024, of which three replaced older buildings."


def test_word_diff_marks_removed_and_added_words_and_escapes_text():
    html = word_diff("Crime <b>rose</b> by 5%", "Crime fell by 5% & more")
    assert html == "Crime <del>&lt;b&gt;rose&lt;/b&gt;</del><ins>fell</ins> by 5%<ins> &amp; more</ins>"


def test_word_diff_of_equal_texts_has_no_marks():
    assert word_diff("Same words", "Same words") == "Same words"


def test_the_timeline_is_newest_first_and_names_who_did_what(checker, editor, researching_claim):
    item = researching_claim.evidence.get()
    editing.remove_evidence(item, by=checker)
    entries = claim_timeline(researching_claim, ratings={})
    assert entries[0].title == "Evidence removed: Record 0"
    assert entries[0].who == checker
    assert entries[-1].title == "Claim created"
    assert [e.title for e in entries if e.kind == "step"] == ["Assign: New → Researching"]


def test_rating_changes_read_as_rating_names(checker, researching_claim, rating):
    from claims.models import Rating

    true = Rating.objects.get(slug="true")
    editing.save_verdict(researching_claim, by=checker, data={"rating": true})
    ratings = {r.pk: r.label for r in Rating.objects.all()}
    change = claim_timeline(researching_claim, ratings)[0].changes[0]
    assert (change.label, change.old, change.new) == ("Rating", "False", "True")


def test_long_text_changes_show_a_word_diff_in_the_workspace(client, checker, researching_claim):
    editing.save_verdict(researching_claim, by=checker, data={"summary": LONG_BEFORE})
    editing.save_verdict(researching_claim, by=checker, data={"summary": LONG_AFTER})
    client.force_login(checker)
    page = client.get(reverse("desk:claim", args=[researching_claim.pk])).content.decode()
    assert "lists <del>twelve</del><ins>fourteen</ins> schools" in page
