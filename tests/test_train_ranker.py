"""python manage.py train_ranker DATA: a model file from labelled sentences, held-out figures, bad input refused."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from claims.intake.ranker import read_model
from claims.intake.scoring import check_worthiness
from tests.shell import manage_py

CLAIMS = [
    "The mayor said bus fares rose by {n} percent last year.",
    "According to the statistics office, {n},000 people lost their jobs in {year}.",
    "The council spent {n} million euros on the new bridge, twice the budget.",
    "Exports fell to {n} billion dollars in {year}, the lowest in a decade.",
    "The minister claimed that {n} hospitals were built since {year}.",
]
TALK = [
    "I think we can do better than this.",
    "What are we going to do about it?",
    "Thank you very much for having me here tonight.",
    "We must stand together as a nation.",
    "Let me tell you what I believe.",
]


def sentences():
    rows = []
    for n in range(60):
        template = (CLAIMS if n % 2 else TALK)[n % 5]
        rows.append({"id": n, "text": template.format(n=n + 3, year=1990 + n), "check_worthy": n % 2})
    return rows


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "sentences.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in sentences()))
    return path


def run(*args):
    out = io.StringIO()
    call_command("train_ranker", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_it_trains_a_working_model_and_prints_the_held_out_figures(data, tmp_path):
    output = tmp_path / "model.json"

    out = run(data, "--output", output, "--epochs", "5", "--min-count", "1")

    assert "Trained on 48 sentences; held out 12 (id % 5 == 0)" in out
    assert "Held out: average precision" in out and "precision at 10" in out
    assert "Threshold for precision 0.80: score" in out
    model = read_model(output)
    assert model.version == "3" and 0 <= model.threshold <= 1
    claim = check_worthiness("The mayor said bus fares rose by 9 percent last year.", model=model)
    talk = check_worthiness("I think we can do better than this.", model=model)
    assert claim.value > talk.value
    assert json.loads(output.read_text())["held_out"]["sentences"] == 12


def test_the_same_data_gives_the_same_model_file(data, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"

    run(data, "--output", first, "--epochs", "3")
    run(data, "--output", second, "--epochs", "3")

    assert first.read_bytes() == second.read_bytes()


def test_a_missing_file_is_one_readable_line_and_exit_code_2(tmp_path):
    with pytest.raises(CommandError, match=r"^Cannot read .*missing\.jsonl: No such file or directory\.$") as refused:
        run(tmp_path / "missing.jsonl", "--output", tmp_path / "model.json")
    assert refused.value.returncode == 2
    assert not (tmp_path / "model.json").exists()


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "line 2: not JSON"),
        ('{"id": 7, "text": "No label."}', "line 2: needs an integer id, a text and check_worthy 0 or 1"),
        ('{"id": 7, "text": "Bad label.", "check_worthy": 3}', "line 2: check_worthy must be 0 or 1"),
        ('{"id": 0, "text": "Again.", "check_worthy": 1}', "line 2: id 0 appears twice"),
    ],
)
def test_a_bad_line_is_named_with_its_number(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(sentences()[0]) + "\n" + line + "\n")

    with pytest.raises(CommandError, match=message):
        run(path, "--output", tmp_path / "model.json")


def test_data_without_held_out_sentences_is_refused(tmp_path):
    path = tmp_path / "few.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in sentences() if row["id"] % 5))

    with pytest.raises(CommandError, match="need sentences both held out"):
        run(path, "--output", tmp_path / "model.json")


def transfer_file(tmp_path, rows):
    path = tmp_path / "transfer.jsonl"
    path.write_text("".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows))
    return path


def test_transfer_sentences_move_the_weights_of_real_patterns_and_add_none_of_their_own(data, tmp_path):
    # "Bridge" is in one labelled claim; "quarry" is in no labelled sentence. A teacher called
    # every sentence about either check-worthy, and every one about the weather not.
    transfer = transfer_file(
        tmp_path,
        [{"text": "They talked about the bridge again.", "check_worthy": 0.95}] * 20
        + [{"text": "They talked about the quarry again.", "check_worthy": 0.95}] * 20
        + [{"text": "They talked about the weather again.", "check_worthy": 0.05}] * 20,
    )
    plain, taught = tmp_path / "plain.json", tmp_path / "taught.json"

    run(data, "--output", plain, "--epochs", "5", "--min-count", "1")
    out = run(data, "--output", taught, "--epochs", "5", "--min-count", "1", "--transfer", transfer)

    assert "Trained on 48 sentences and 60 transfer sentences; held out 12" in out
    sentence = "They talked about the bridge again."
    before = check_worthiness(sentence, model=read_model(plain))
    after = check_worthiness(sentence, model=read_model(taught))
    assert after.value > before.value
    claim_words = [reason for reason in after.reasons if reason.startswith("words typical of checkable claims")]
    assert claim_words and "“bridge”" in claim_words[0]
    # Every reason the model can give is a pattern found in the coders' sentences, never one only a teacher saw.
    saved = json.loads(taught.read_text())
    assert "w:bridge" in saved["weights"]
    assert not [key for key in saved["weights"] if "quarry" in key or "weather" in key]
    quarry = check_worthiness("They talked about the quarry again.", model=read_model(taught))
    assert not any("quarry" in reason for reason in quarry.reasons)
    assert saved["sentences"] == {"train": 48, "held_out": 12, "transfer": 60}
    assert saved["transfer_from"] == "transfer.jsonl"
    # The held-out sentences are the labelled ones only: the same twelve, however much was transferred.
    assert saved["held_out"]["sentences"] == json.loads(plain.read_text())["held_out"]["sentences"] == 12


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "transfer.jsonl, line 2: not JSON"),
        ('{"text": "No probability."}', "line 2: needs a text and check_worthy from 0 to 1"),
        ('{"text": "Too sure.", "check_worthy": 1.5}', "line 2: check_worthy must be a number from 0 to 1"),
        ('{"text": "Words.", "check_worthy": "high"}', "line 2: check_worthy must be a number from 0 to 1"),
        ('{"text": "  ", "check_worthy": 0.5}', "line 2: the text is empty"),
    ],
)
def test_a_bad_transfer_line_is_named_and_nothing_is_written(data, tmp_path, line, message):
    transfer = transfer_file(tmp_path, [{"text": "A fine sentence.", "check_worthy": 0.4}, line])
    output = tmp_path / "model.json"

    with pytest.raises(CommandError, match=message):
        run(data, "--output", output, "--transfer", transfer)
    assert not output.exists()


def test_a_missing_transfer_file_is_one_readable_line_and_exit_code_2(data, tmp_path):
    with pytest.raises(CommandError, match=r"^Cannot read .*nowhere\.jsonl: No such file or directory\.$") as refused:
        run(data, "--output", tmp_path / "model.json", "--transfer", tmp_path / "nowhere.jsonl")
    assert refused.value.returncode == 2


@pytest.mark.parametrize(
    "option, message",
    [
        (["--epochs", "0"], "--epochs must be a whole number from 1 to 1000, not '0'."),
        (["--epochs", "1000000000"], "--epochs must be a whole number from 1 to 1000, not '1000000000'."),
        (["--epochs", "ten"], "--epochs must be a whole number from 1 to 1000, not 'ten'."),
        (["--min-count", "-3"], "--min-count must be a whole number from 1 to 1000000, not '-3'."),
        (["--l2", "nan"], "--l2 must be a number of at least 0, not 'nan'."),
        (["--l2=-1e-4"], "--l2 must be a number of at least 0, not '-1e-4'."),
    ],
)
def test_a_bad_option_value_is_one_line_and_exit_code_2(data, tmp_path, option, message):
    output = tmp_path / "model.json"

    with pytest.raises(CommandError) as refused:
        run(data, "--output", output, *option)

    assert str(refused.value) == message
    assert refused.value.returncode == 2
    assert not output.exists()


def test_a_folder_as_data_is_one_line_and_exit_code_2(tmp_path):
    with pytest.raises(CommandError) as refused:
        run(tmp_path, "--output", tmp_path / "model.json")

    assert str(refused.value) == f"Cannot read {tmp_path}: Is a directory."
    assert refused.value.returncode == 2


def test_an_unwritable_output_is_one_line_and_exit_code_2(data, tmp_path):
    with pytest.raises(CommandError) as refused:
        run(data, "--output", data / "model.json")  # under a file, so no folder can be made for it

    assert str(refused.value).startswith(f"Cannot write {data / 'model.json'}: ")
    assert refused.value.returncode == 2


def test_from_the_shell_a_missing_argument_is_one_line_on_stderr_and_exit_code_2():
    result = manage_py("train_ranker", "--epochs", "3")

    assert result.returncode == 2
    assert result.stderr.splitlines() == ["CommandError: The following arguments are required: data."]
