"""python manage.py import_piece: a piece in, ranked claims stored (or shown), bad input refused."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim, Piece
from tests.shell import manage_py

PIECE = """\
Harbour town doubles its ferry budget
By Tom Baker
The council said it would spend 12 million euros on two new ferries, twice last year's budget.
It was a bright morning at the pier.
Councillor Jane Moss said the old boats were 40 years old, the oldest in the region.
What happens next? Nobody knows.
"""


@pytest.fixture
def piece_file(tmp_path):
    path = tmp_path / "ferry-budget.txt"
    path.write_text(PIECE)
    return path


def run(*args, stdin=None, monkeypatch=None):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_piece", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_stores_the_piece_and_its_ranked_candidates_as_claims(superuser, piece_file):
    out, _err = run(
        piece_file,
        "--url",
        "https://news.example.org/ferry",
        "--publisher",
        "Harbour Gazette",
        "--published",
        "2024-05-03",
    )

    piece = Piece.objects.get()
    assert piece.title == "Harbour town doubles its ferry budget"
    assert piece.byline == "Tom Baker"
    assert piece.publisher == "Harbour Gazette"
    assert str(piece.published_on) == "2024-05-03"
    assert piece.url == "https://news.example.org/ferry"
    assert piece.created_by == superuser
    claims = list(Claim.objects.order_by("-score", "start"))
    assert [c.claimant for c in claims] == ["The council", "Councillor Jane Moss"]
    for claim in claims:
        assert piece.body[claim.start : claim.end] == claim.statement
        assert claim.quote == ""
        assert 0 <= claim.score <= 1 and claim.score_reasons
        assert claim.status == Claim.Status.NEW
        assert claim.created_by == superuser
        assert claim.appearance_url == piece.url
    assert "1. " in out and "Stored “Harbour town doubles its ferry budget”" in out
    assert out.index("12 million euros") < out.index("40 years old")


def test_dry_run_prints_the_candidates_and_stores_nothing(db, piece_file):
    out, _err = run(piece_file, "--dry-run")

    assert "12 million euros" in out and "nothing stored" in out
    assert not Piece.objects.exists() and not Claim.objects.exists()


def test_json_prints_one_array_of_ranked_candidates(db, piece_file):
    out, _err = run(piece_file, "--dry-run", "--json", "--min-score", "0")

    rows = json.loads(out)
    assert isinstance(rows, list) and len(rows) == 5
    assert [row["rank"] for row in rows] == [1, 2, 3, 4, 5]
    assert set(rows[0]) == {"rank", "score", "text", "claimant", "reasons", "start", "end", "match"}
    assert rows[0]["claimant"] == "The council"
    assert rows[0]["match"] is None
    assert [row["score"] for row in rows] == sorted((row["score"] for row in rows), reverse=True)
    assert [row["claimant"] for row in rows[:2]] == ["The council", "Councillor Jane Moss"]
    filler = {"It was a bright morning at the pier.", "What happens next?", "Nobody knows."}
    assert {row["text"] for row in rows[2:]} == filler
    body = PIECE.split("\n", 2)[2]
    assert all(row["text"] in body for row in rows)


def test_json_shows_the_match_of_a_claim_already_on_the_desk(published_claim, tmp_path):
    path = tmp_path / "repeat.txt"
    path.write_text(f"Schools\nThe mayor said: {published_claim.statement}\n")

    rows = json.loads(run(path, "--dry-run", "--json")[0])

    assert rows[0]["match"]["claim"] == published_claim.pk
    assert rows[0]["match"]["verdict"] == published_claim.published_verdict.rating.label
    assert rows[0]["match"]["url"] == published_claim.get_absolute_url()


def test_json_links_a_match_still_on_the_desk_to_its_desk_page(new_claim, tmp_path):
    path = tmp_path / "repeat.txt"
    path.write_text(f"Schools\nThe mayor said: {new_claim.statement}\n")

    rows = json.loads(run(path, "--dry-run", "--json")[0])

    assert rows[0]["match"]["claim"] == new_claim.pk
    assert rows[0]["match"]["url"] == f"/desk/claims/{new_claim.pk}/"


def test_min_score_keeps_only_the_candidates_above_it(superuser, piece_file):
    run(piece_file, "--min-score", "0.95")

    assert Claim.objects.count() == 1


def test_standard_input_is_read_with_dash(superuser, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(PIECE.encode())))

    run("-", "--title", "From stdin")

    assert Piece.objects.get().title == "From stdin"
    assert Claim.objects.count() == 2


def test_a_folder_imports_every_file_each_as_its_own_piece(superuser, tmp_path):
    for n in range(3):
        (tmp_path / f"piece-{n}.md").write_text(f"The port said {n + 10} ships docked in 2023, a record.\n")
    (tmp_path / ".hidden").write_text("ignored")

    out, _err = run(tmp_path)

    assert Piece.objects.count() == 3
    assert sorted(Piece.objects.values_list("title", flat=True)) == ["Piece 0", "Piece 1", "Piece 2"]
    assert Claim.objects.count() == 3
    assert "Stored 3 pieces with 3 candidate claims" in out


def test_a_folder_with_a_bad_file_imports_the_others_and_fails_naming_it(superuser, tmp_path):
    (tmp_path / "good.txt").write_text("The port said 12 ships docked in 2023.\n")
    (tmp_path / "empty.txt").write_text("  \n")

    with pytest.raises(CommandError, match="1 of 2 files could not be imported"):
        run(tmp_path)
    assert Piece.objects.count() == 1


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"   \n\n\t ", "empty"),
        (b"%PDF-1.7\n\x00\x01\x02", "PDF"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (b"---\n***\n", "No sentences"),
    ],
    ids=["empty", "whitespace", "pdf", "binary", "no-sentences"],
)
def test_bad_input_gets_one_clear_error_and_stores_nothing(superuser, tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        run(path)
    assert not Piece.objects.exists()


def test_a_file_over_the_size_limit_is_refused(superuser, tmp_path, settings):
    settings.FACTCHECK_INTAKE_MAX_BYTES = 100
    path = tmp_path / "long.txt"
    path.write_text(PIECE)

    with pytest.raises(CommandError, match="over the limit of 100 bytes"):
        run(path)
    assert not Piece.objects.exists()


def test_a_missing_file_is_refused(superuser, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path / "nowhere.txt")


def test_an_unreachable_url_is_refused(superuser, settings):
    settings.FACTCHECK_INTAKE_ALLOW_PRIVATE_HOSTS = True

    with pytest.raises(CommandError, match="Could not reach"):
        run("http://127.0.0.1:9/piece.html")
    assert not Piece.objects.exists()


def test_a_non_http_url_is_refused(superuser):
    with pytest.raises(CommandError, match="Only http:// and https://"):
        run("ftp://example.org/piece.txt")


@pytest.mark.parametrize(
    "option, message",
    [
        (["--min-score", "2"], "--min-score must be a number from 0 to 1"),
        (["--published", "3 May"], "--published must be a date written YYYY-MM-DD"),
        (["--url", "javascript:alert(1)"], "must start with http:// or https://"),
    ],
)
def test_bad_options_are_refused(superuser, piece_file, option, message):
    with pytest.raises(CommandError, match=message):
        run(piece_file, *option)
    assert not Piece.objects.exists()


def test_it_imports_as_a_named_desk_user(checker, piece_file):
    run(piece_file, "--user", "checker")

    assert Piece.objects.get().created_by == checker


def test_it_refuses_a_user_without_desk_access(outsider, piece_file):
    with pytest.raises(CommandError, match="outsider has no desk access"):
        run(piece_file, "--user", "outsider")
    assert not Piece.objects.exists()


def test_a_folder_import_by_a_user_without_desk_access_stops_at_once(outsider, tmp_path):
    for n in range(3):
        (tmp_path / f"piece-{n}.md").write_text(f"The port said {n + 10} ships docked in 2023, a record.\n")

    with pytest.raises(CommandError, match="^outsider has no desk access"):
        run(tmp_path, "--user", "outsider")
    assert not Piece.objects.exists()


def test_it_needs_a_superuser_when_no_user_is_named(db, piece_file):
    with pytest.raises(CommandError, match="No superuser to import as"):
        run(piece_file)


def test_stdin_without_a_title_is_refused(superuser, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"The port said 12 ships docked in 2023.\n")))

    with pytest.raises(CommandError, match="give one with --title"):
        run("-")


@pytest.mark.parametrize(
    "option, message",
    [
        (["--published", "2026-02-30"], "--published must be a date written YYYY-MM-DD that exists, not '2026-02-30'."),
        (["--min-score", "nan"], "--min-score must be a number from 0 to 1, not 'nan'."),
        (["--min-score", "inf"], "--min-score must be a number from 0 to 1, not 'inf'."),
        (["--min-score", "-0.5"], "--min-score must be a number from 0 to 1, not '-0.5'."),
        (["--min-score", "half"], "--min-score must be a number from 0 to 1, not 'half'."),
        (["--url", "javascript:alert(1)"], "--url must start with http:// or https://, not 'javascript:alert(1)'."),
        (["--user", "nobody"], "--user: no user called 'nobody'."),
        (["--colour", "red"], "Unrecognized arguments: --colour red."),
    ],
)
def test_a_bad_option_value_is_one_line_and_exit_code_2(superuser, piece_file, option, message):
    with pytest.raises(CommandError) as refused:
        run(piece_file, *option)

    assert str(refused.value) == message
    assert refused.value.returncode == 2
    assert not Piece.objects.exists()


def test_an_unreadable_source_is_one_line_and_exit_code_2(superuser, tmp_path):
    (tmp_path / "piece.txt").mkdir()  # a folder named like a file: open() refuses it, even for root

    with pytest.raises(CommandError) as refused:
        run(tmp_path / "piece.txt" / "inside.txt")

    assert str(refused.value) == f"Cannot read {tmp_path / 'piece.txt' / 'inside.txt'}: No such file or directory."
    assert refused.value.returncode == 2


def test_title_and_url_with_a_folder_are_exit_code_2(superuser, tmp_path):
    (tmp_path / "a.txt").write_text(PIECE)

    with pytest.raises(CommandError, match="leave them out when importing a folder") as refused:
        run(tmp_path, "--title", "One title for all")

    assert refused.value.returncode == 2


def test_from_the_shell_a_bad_option_is_one_line_on_stderr_and_exit_code_2(piece_file):
    result = manage_py("import_piece", str(piece_file), "--published", "2026-02-30")

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "CommandError: --published must be a date written YYYY-MM-DD that exists, not '2026-02-30'."
    ]
    assert result.stdout == ""
