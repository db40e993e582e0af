"""export_archive and import_archive: the whole desk to JSON and back, nothing lost or changed."""

import datetime
import io
import json
import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from bench.populate import populate
from claims import archive, editing, workflow
from claims.models import Claim, Comment, Evidence, Piece, Rating, ReaderMessage, ReviewEvent, Verdict

pytestmark = pytest.mark.django_db


def exported(**options) -> dict:
    out = io.StringIO()
    archive.export_archive(out, **options)
    data = json.loads(out.getvalue())
    data.pop("exported_at")
    return data


def wipe_desk():
    """Empty the desk's tables and accounts, as a fresh database would be (raw deletes write no history)."""
    Claim.objects.update(published_verdict=None)
    for _name, model in reversed(archive.SECTIONS):
        model.objects.all()._raw_delete(model.objects.db)
    get_user_model().objects.all().delete()


def restore(data, *, allow_superusers=True):
    """The archive's rows restored; the demo newsroom has an administrator, whom the tests restore too."""
    return archive.import_archive(io.StringIO(json.dumps(data)), allow_superusers=allow_superusers).counts


@pytest.fixture
def desk(settings, db):
    """The demo newsroom plus generated claims in every state, a comment and a reader's message."""
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    populate(150, seed=7)
    claim = Claim.objects.filter(status="researching").first()
    editor = get_user_model().objects.get(username="editor")
    editing.add_comment(claim, by=editor, body="Check the 2019 series too.")
    ReaderMessage.objects.create(kind="correction", claim=Claim.objects.published().first(), text="The date is wrong")
    return claim


def test_a_round_trip_finds_nothing_lost_or_changed(desk):
    before = exported(with_passwords=True)
    counts_before = {name: model.objects.count() for name, model in archive.SECTIONS}
    wipe_desk()
    assert not Claim.objects.exists()
    counts = restore(before)
    assert exported(with_passwords=True) == before
    assert {name: model.objects.count() for name, model in archive.SECTIONS} == counts_before
    assert counts["claims"] == counts_before["claims"] > 150


def test_the_archive_holds_every_kind_of_record(desk):
    data = exported()
    for name in ("pieces", "claims", "verdicts", "evidence", "review_events", "comments", "reader_messages"):
        assert data[name], name
    assert {row["status"] for row in data["claims"]} == {s.value for s in Claim.Status}
    assert {row["state"] for row in data["verdicts"]} >= {"draft", "submitted", "approved"}
    assert any(row["correction_reason"] for row in data["verdicts"])


def test_people_are_named_by_user_name_and_ratings_by_slug(published_claim):
    data = exported()
    [verdict] = data["verdicts"]
    assert verdict["author"] == "checker"
    assert verdict["rating"] == "false"
    [event] = [e for e in data["review_events"] if e["step"] == "approve"]
    assert event["actor"] == "editor"
    assert "password" not in data["users"][0]


def test_after_a_restore_the_published_page_and_the_four_eyes_rule_are_as_before(desk):
    in_review = Claim.objects.get(statement__contains="20,000")  # the demo's claim in review
    writers = {get_user_model().objects.get(pk=pk).username for pk in in_review.current_draft().writers()}
    assert "checker" in writers
    published = {c.slug: c.published_verdict.headline for c in Claim.objects.published()}
    data = exported()
    wipe_desk()
    restore(data)
    assert {c.slug: c.published_verdict.headline for c in Claim.objects.published()} == published
    restored = Claim.objects.get(pk=in_review.pk)
    assert {get_user_model().objects.get(pk=pk).username for pk in restored.current_draft().writers()} == writers


def test_with_passwords_people_log_in_as_before(desk):
    data = exported(with_passwords=True)
    wipe_desk()
    restore(data)
    assert get_user_model().objects.get(username="checker").check_password("checker")


def test_without_passwords_restored_accounts_need_a_new_password(desk):
    data = exported()
    wipe_desk()
    restore(data)
    assert not get_user_model().objects.get(username="checker").has_usable_password()


def test_an_account_that_exists_already_is_kept_and_linked(published_claim):
    data = exported()
    wipe_desk()
    admin = get_user_model().objects.create_superuser("editor", "boss@example.org", "s3cret-pass")
    restore(data)
    assert Verdict.objects.get().claim.events.get(step="approve").actor == admin
    assert get_user_model().objects.get(username="editor").check_password("s3cret-pass")


def test_new_records_after_a_restore_get_fresh_ids(published_claim, checker):
    data = exported()
    highest = Claim.objects.order_by("-pk").first().pk
    wipe_desk()
    restore(data)
    checker = get_user_model().objects.get(username="checker")
    checker.groups.add(*get_user_model().objects.get(username="checker").groups.all())
    claim = editing.create_claim(by=checker, statement="A brand new claim.")
    assert claim.pk > highest


def test_import_refuses_a_database_that_holds_desk_data(published_claim, tmp_path):
    path = tmp_path / "desk.json"
    call_command("export_archive", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError) as refused:
        call_command("import_archive", str(path))
    message = str(refused.value)
    assert "already holds desk data" in message and "\n" not in message
    assert Claim.objects.count() == 1


def test_import_of_a_file_that_is_not_json_fails_with_one_line(db, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("these are not the droids")
    with pytest.raises(CommandError, match="not a desk archive: it is not valid JSON") as refused:
        call_command("import_archive", str(path))
    assert "\n" not in str(refused.value)


def test_import_of_other_json_fails_with_one_line(db, tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"hello": "world"}')
    with pytest.raises(CommandError, match='has no "format"'):
        call_command("import_archive", str(path))


def test_import_of_a_missing_file_says_so_with_exit_code_2(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*missing.json: No such file") as refused:
        call_command("import_archive", str(tmp_path / "missing.json"))
    assert refused.value.returncode == 2


def test_import_of_a_folder_says_so_with_exit_code_2(db, tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("import_archive", str(tmp_path))
    assert str(refused.value) == f"Cannot read {tmp_path}: Is a directory."
    assert refused.value.returncode == 2


@pytest.mark.parametrize(
    "command, args, message",
    [
        ("import_archive", [], "The following arguments are required: file."),
        ("import_archive", ["desk.json", "--allow-superuser=yes"], "Argument --allow-superusers: ignored explicit"),
        ("export_archive", ["desk.json", "--passwords"], "Unrecognized arguments: --passwords."),
    ],
)
def test_a_bad_option_of_the_archive_commands_is_one_line_and_exit_code_2(db, command, args, message):
    with pytest.raises(CommandError) as refused:
        call_command(command, *args)
    assert str(refused.value).startswith(message) and "\n" not in str(refused.value)
    assert refused.value.returncode == 2


def test_a_broken_archive_imports_nothing(published_claim):
    data = exported()
    data["verdicts"][0]["author"] = "nobody-by-this-name"
    wipe_desk()
    with pytest.raises(archive.ArchiveError, match='unknown user "nobody-by-this-name"'):
        restore(data)
    assert not Piece.objects.exists() and not Claim.objects.exists() and not ReviewEvent.objects.exists()


def every_table() -> dict:
    """What an import could write: each section's rows, the accounts, groups and the rating scale."""
    tables = {name: list(model.objects.order_by("pk").values()) for name, model in archive.SECTIONS}
    tables["users"] = list(get_user_model().objects.order_by("pk").values())
    tables["groups"] = list(Group.objects.order_by("pk").values())
    tables["ratings"] = list(Rating.objects.order_by("pk").values())
    return tables


def add_copy(rows):
    rows.append(dict(rows[0]))


def duplicate_id(rows):
    add_copy(rows)
    rows[0]["id"] = rows[1]["id"] = 1  # a fixed id, whatever the database's sequence gave


def set_field(section, name, value, row=0):
    def tamper(data):
        data[section][row][name] = value

    return tamper


TAMPERINGS = {
    "a changed status": (
        set_field("claims", "status", "approved"),
        'claims, row 1: status "approved" is not one of new, researching, in_review, published, dismissed, withdrawn.',
    ),
    "a dangling foreign key": (
        set_field("evidence", "claim", 999),
        "evidence, row 1: claim 999 names no claim.",
    ),
    "a dangling published verdict": (
        set_field("claims", "published_verdict", 4242),
        "claims, row 1: published_verdict 4242 names no verdict.",
    ),
    "an id of the wrong type": (
        set_field("claims", "id", "1"),
        'claims, row 1: id should be a whole number, not "1".',
    ),
    "a reference of the wrong type": (
        set_field("verdicts", "claim", 1.5),
        "verdicts, row 1: claim should be a whole number, not 1.5.",
    ),
    "a duplicate id": (
        lambda data: duplicate_id(data["evidence"]),
        "evidence, row 2: id 1 appears twice in evidence.",
    ),
    "a duplicate slug": (
        lambda data: data["claims"].append({**data["claims"][0], "id": 77}),
        "claims, row 2: slug ",
    ),
    "a row that is not an object": (
        lambda data: data["review_events"].__setitem__(0, ["approve", "editor"]),
        'review_events, row 1: not an object but ["approve", "editor"].',
    ),
    "a user that is not an object": (
        lambda data: data["users"].append("mallory"),
        ' not an object but "mallory".',
    ),
    "a bad date and time": (
        set_field("verdicts", "created_at", "last Tuesday"),
        'verdicts, row 1: created_at "last Tuesday" is not a date and time (ISO 8601).',
    ),
    "an impossible date": (
        set_field("claims", "said_on", "2024-02-30"),
        'claims, row 1: said_on "2024-02-30" is not a date (YYYY-MM-DD).',
    ),
    "a missing required field": (
        lambda data: data["claims"][0].pop("statement"),
        "claims, row 1: it has no statement.",
    ),
    "an unknown field": (
        set_field("comments", "mood", "cheerful", row=-1),
        'comments, row 1: "mood" is not a field of comments.',
    ),
    "an empty required value": (
        set_field("review_events", "actor", None),
        "review_events, row 1: actor is empty, and it may not be.",
    ),
    "an unknown permission": (
        set_field("users", "permissions", ["claims.rule_the_world"]),
        'users, row 1: permissions names an unknown permission "claims.rule_the_world".',
    ),
    "a rule only the database knows": (
        lambda data: data["claims"][0].update(start=10, end=5),
        "claims, rows 1-1: the database refused them (",
    ),
    "a draft as the published verdict": (
        lambda data: add_revision(data, state="draft", approved_at=None),
        "claims, row 1: published_verdict 999 is a draft revision, not an approved one.",
    ),
    "another claim's verdict as the published verdict": (
        lambda data: add_revision(data, of_another_claim=True),
        "claims, row 1: published_verdict 999 is a revision of claim 77, not of this one.",
    ),
    "an approved revision without its approval time": (
        set_field("verdicts", "approved_at", None),
        "verdicts, row 1: it is approved but has no approved_at.",
    ),
    "a published claim without its publication time": (
        set_field("claims", "first_published_at", None),
        "claims, row 1: it has a published verdict but no first_published_at.",
    ),
    "snapshot evidence that is not a list": (
        set_field("verdicts", "evidence", {"url": "https://example.org/"}),
        'verdicts, row 1: evidence should be a list of objects, not {"url": "https://example.org/"}.',
    ),
    "a snapshot evidence item that is not an object": (
        set_field("verdicts", "evidence", ["a source"]),
        'verdicts, row 1: evidence should be a list of objects, not ["a source"].',
    ),
    "a snapshot evidence item with a field the page does not know": (
        set_field("verdicts", "evidence", [{"title": "Report", "stance_label": "Refutes"}]),
        'verdicts, row 1: evidence item 1: "stance_label" is not an evidence field.',
    ),
    "a snapshot evidence title that is not text": (
        set_field("verdicts", "evidence", [{"title": 42, "url": "https://example.org/"}]),
        "verdicts, row 1: evidence item 1: title should be text, not 42.",
    ),
    "a snapshot evidence date that is not a date": (
        set_field("verdicts", "evidence", [{"title": "Report", "accessed_on": "2024-13-01"}]),
        'verdicts, row 1: evidence item 1: accessed_on "2024-13-01" is not a date (YYYY-MM-DD).',
    ),
    "a javascript: link in snapshot evidence": (
        set_field("verdicts", "evidence", [{"title": "Report", "url": "javascript:alert(1)"}]),
        'verdicts, row 1: evidence item 1: url "javascript:alert(1)" is not an http or https address.',
    ),
    "a javascript: archived copy in snapshot evidence": (
        set_field("verdicts", "evidence", [{"title": "Report", "archived_url": "JavaScript:alert(1)"}]),
        'verdicts, row 1: evidence item 1: archived_url "JavaScript:alert(1)" is not an http or https address.',
    ),
    "a javascript: appearance_url in the snapshot": (
        set_field("verdicts", "appearance_url", "javascript:alert(1)"),
        'verdicts, row 1: appearance_url "javascript:alert(1)" is not an http or https address.',
    ),
    "a javascript: appearance_url on the claim": (
        set_field("claims", "appearance_url", "javascript:alert(1)"),
        'claims, row 1: appearance_url "javascript:alert(1)" is not an http or https address.',
    ),
    "a javascript: piece url": (
        set_field("pieces", "url", "javascript:alert(1)"),
        'pieces, row 1: url "javascript:alert(1)" is not an http or https address.',
    ),
    "an ftp evidence link": (
        set_field("evidence", "url", "ftp://files.example.org/report"),
        'evidence, row 1: url "ftp://files.example.org/report" is not an http or https address.',
    ),
    "a reviewed copy that is not an object": (
        lambda data: [row.update(snapshot=["approve"]) for row in data["review_events"]],
        'review_events, row 1: snapshot should be an object, not ["approve"].',
    ),
    "a javascript: link in a reviewed copy": (
        lambda data: [row.update(snapshot={"appearance_url": "javascript:x"}) for row in data["review_events"]],
        'review_events, row 1: snapshot appearance_url "javascript:x" is not an http or https address.',
    ),
    "score reasons that are not texts": (
        set_field("claims", "score_reasons", [{"why": "numbers"}]),
        'claims, row 1: score_reasons should be a list of texts, not [{"why": "numbers"}].',
    ),
    "piece blocks that are not objects": (
        set_field("pieces", "blocks", "paragraph"),
        'pieces, row 1: blocks should be a list of objects, not "paragraph".',
    ),
    "a NUL character in a text": (
        set_field("claims", "statement", "The city built\x00 schools."),
        "claims, row 1: statement holds a NUL character, which no text may.",
    ),
    "a NUL character inside JSON": (
        set_field("claims", "score_reasons", ["numbers\x00"]),
        "claims, row 1: score_reasons holds a NUL character, which no text may.",
    ),
    "a NUL character in a user name": (
        set_field("users", "first_name", "Mal\x00lory"),
        "users, row 1: first_name holds a NUL character, which no text may.",
    ),
    "an unpaired surrogate in a text": (
        set_field("claims", "quote", "half an emoji \ud83d"),
        "claims, row 1: quote holds an unpaired surrogate (U+D83D), which no text may.",
    ),
    "an unpaired surrogate in a JSON key": (
        set_field("review_events", "snapshot", {"\udc00": "x"}),
        "review_events, row 1: snapshot holds an unpaired surrogate (U+DC00), which no text may.",
    ),
    "an id beyond bigint": (
        set_field("claims", "id", 2**63),
        "claims, row 1: id 9223372036854775808 is out of range (-9223372036854775808 to 9223372036854775807).",
    ),
    "a reference beyond bigint": (
        set_field("evidence", "claim", 2**64),
        "evidence, row 1: claim 18446744073709551616 is out of range (",
    ),
    "a negative position": (
        set_field("evidence", "position", -1),
        "evidence, row 1: position -1 is out of range (0 to 2147483647).",
    ),
    "a score that is not a number": (
        set_field("claims", "score", float("nan")),
        "claims, row 1: score should be a finite number, not nan.",
    ),
    "a superuser": (
        set_field("users", "is_superuser", True),
        " is a superuser; pass --allow-superusers to create superusers from an archive.",
    ),
}


def add_revision(data, *, state="approved", approved_at="2024-05-01T10:00:00+00:00", of_another_claim=False):
    """A second revision, number 999, made the claim's published verdict."""
    claim = data["claims"][0]
    revision = {**data["verdicts"][0], "id": 999, "number": 2, "state": state, "approved_at": approved_at}
    if of_another_claim:
        data["claims"].append({**claim, "id": 77, "slug": "another-claim", "published_verdict": None})
        revision.update(claim=77, number=1)
    data["verdicts"].append(revision)
    claim["published_verdict"] = 999


@pytest.mark.parametrize("case", TAMPERINGS)
def test_a_tampered_archive_is_refused_with_one_line_and_changes_nothing(published_claim, editor, tmp_path, case):
    editing.add_comment(published_claim, by=editor, body="Looks right.")
    data = exported()
    tamper, expected = TAMPERINGS[case]
    tamper(data)
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data))
    wipe_desk()
    before = every_table()

    with pytest.raises(CommandError) as refused:
        call_command("import_archive", str(path), stdout=io.StringIO())

    message = str(refused.value)
    assert message.startswith(expected) if expected[0] != " " else expected in message, message
    assert "\n" not in message and "Traceback" not in message
    assert every_table() == before


def test_the_untampered_archive_of_the_same_desk_imports(published_claim, editor, tmp_path):
    editing.add_comment(published_claim, by=editor, body="Looks right.")
    path = tmp_path / "desk.json"
    path.write_text(json.dumps(exported()))
    wipe_desk()
    out = io.StringIO()

    call_command("import_archive", str(path), stdout=out)

    assert "1 claims" in out.getvalue() and "1 comments" in out.getvalue()
    assert Claim.objects.published().count() == 1


def test_a_round_trip_keeps_permissions_groups_and_last_login(published_claim, checker, editor):
    night_desk = Group.objects.create(name="night-desk")
    night_desk.permissions.add(Permission.objects.get(codename="take_workflow_steps"))
    editor.groups.add(night_desk)
    checker.user_permissions.add(Permission.objects.get(codename="change_group"))
    logged_in = timezone.now() - datetime.timedelta(days=3)
    get_user_model().objects.filter(pk=checker.pk).update(last_login=logged_in)
    data = exported()
    wipe_desk()
    night_desk.delete()

    restore(data)

    restored_checker = get_user_model().objects.get(username="checker")
    restored_editor = get_user_model().objects.get(username="editor")
    assert restored_checker.last_login == logged_in
    assert restored_editor.last_login is None
    assert restored_checker.has_perm("auth.change_group")
    assert not restored_editor.has_perm("auth.change_group")
    assert set(restored_editor.groups.values_list("name", flat=True)) == {"Editors", "night-desk"}
    assert restored_editor.has_perm("claims.take_workflow_steps")
    assert exported() == data


def test_export_writes_the_file_whole_and_reports_the_counts(published_claim, tmp_path):
    path = tmp_path / "desk.json"
    out = io.StringIO()
    call_command("export_archive", str(path), stdout=out)
    assert "1 claims" in out.getvalue() and "1 verdicts" in out.getvalue()
    assert os.listdir(tmp_path) == ["desk.json"]
    assert json.loads(path.read_text())["format"] == "factcheck-archive"


def test_export_to_an_unwritable_place_fails_with_one_line_and_exit_code_2(db):
    with pytest.raises(CommandError, match="Cannot write /no/such/dir/desk.json") as refused:
        call_command("export_archive", "/no/such/dir/desk.json")
    assert refused.value.returncode == 2


def test_evidence_and_comments_keep_their_order_and_authors(researching_claim, editor):
    editing.add_comment(researching_claim, by=editor, body="First")
    editing.add_comment(researching_claim, by=editor, body="Second")
    before = (list(Evidence.objects.values_list("id", "position", "url")), list(Comment.objects.values("body")))
    data = exported()
    wipe_desk()
    restore(data)
    after = (list(Evidence.objects.values_list("id", "position", "url")), list(Comment.objects.values("body")))
    assert after == before


def test_an_archive_written_before_groups_redirects_and_piece_history_still_imports(published_claim):
    data = exported()
    for later in ("groups", "claim_slug_redirects", "piece_history"):
        data.pop(later)
    wipe_desk()

    counts = restore(data)

    assert counts["claims"] == 1 and counts["claim_slug_redirects"] == 0
    assert Claim.objects.published().count() == 1


def test_export_to_standard_output_is_the_same_archive_as_the_file(published_claim, tmp_path):
    path = tmp_path / "desk.json"
    call_command("export_archive", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("export_archive", "-", stdout=out)

    def without_time(text):
        return [line for line in text.splitlines() if '"exported_at"' not in line]

    assert without_time(out.getvalue()) == without_time(path.read_text())


def test_with_allow_superusers_the_archives_superusers_are_created_and_listed(published_claim, tmp_path):
    get_user_model().objects.filter(username="editor").update(is_superuser=True)
    path = tmp_path / "desk.json"
    path.write_text(json.dumps(exported()))
    wipe_desk()
    out = io.StringIO()

    call_command("import_archive", "--allow-superusers", str(path), stdout=out)

    assert "Superusers created: editor." in out.getvalue()
    assert get_user_model().objects.get(username="editor").is_superuser


def test_a_superuser_who_exists_already_needs_no_flag(published_claim, tmp_path):
    get_user_model().objects.filter(username="editor").update(is_superuser=True)
    path = tmp_path / "desk.json"
    path.write_text(json.dumps(exported()))
    wipe_desk()
    get_user_model().objects.create_superuser("editor", "boss@example.org", "s3cret-pass")
    out = io.StringIO()

    call_command("import_archive", str(path), stdout=out)

    assert "Superusers created" not in out.getvalue()
    assert Claim.objects.published().count() == 1


@pytest.mark.parametrize("options", [["--with-passwords"], []])
def test_export_writes_a_file_only_its_owner_may_read(published_claim, tmp_path, options):
    path = tmp_path / "desk.json"
    (tmp_path / "desk.json.partial").write_text("left over")
    os.chmod(tmp_path / "desk.json.partial", 0o644)

    call_command("export_archive", *options, str(path), stdout=io.StringIO())

    assert path.stat().st_mode & 0o777 == 0o600
    assert os.listdir(tmp_path) == ["desk.json"]


def test_after_a_restore_an_editor_who_changed_the_claim_still_cannot_approve_it(
    researching_claim, checker, editor, editor2
):
    """The archive carries who changed each revision (`projection_changes`, people by user name)."""
    editing.add_evidence(researching_claim, by=editor, url="https://editor.example.org/", title="The editor's")
    workflow.submit(researching_claim, by=checker)
    data = exported()
    assert {row["user"] for row in data["projection_changes"]} == {"checker", "editor"}
    wipe_desk()
    restore(data)
    restored = Claim.objects.get(pk=researching_claim.pk)
    users = get_user_model().objects
    with pytest.raises(workflow.TransitionError, match="Four-eyes"):
        workflow.approve(restored, by=users.get(username="editor"))
    workflow.approve(restored, by=users.get(username="editor2"))
    assert Claim.objects.get(pk=restored.pk).status == Claim.Status.PUBLISHED


def test_an_archive_from_before_the_record_of_changes_takes_the_writers_from_its_history(
    researching_claim, checker, editor
):
    editing.update_claim(researching_claim, by=editor, data={"claimant": "The mayor's office"})
    workflow.submit(researching_claim, by=checker)
    data = exported()
    del data["projection_changes"]  # as an archive written before the section existed
    wipe_desk()
    restore(data)
    restored = Claim.objects.get(pk=researching_claim.pk)
    names = {get_user_model().objects.get(pk=pk).username for pk in restored.current_draft().writers()}
    assert names == {"checker", "editor"}
    with pytest.raises(workflow.TransitionError, match="Four-eyes"):
        workflow.approve(restored, by=get_user_model().objects.get(username="editor"))
