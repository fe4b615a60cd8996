"""What an agency sends is read strictly: unknown fields are errors naming the closest field; `mobility validate`
checks a file without publishing; error text keeps its brackets and JSON errors say line and column."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mobility import main
from mobility.main import app
from mobility.streams import read_stream
from mobility.strict import unknown_fields

STREAM = Path(__file__).parents[2] / "streams" / "journeys.jsonl"
Edit = Callable[[dict[str, Any]], None]


def _first(event_type: str) -> dict[str, Any]:
    for line in STREAM.read_text().splitlines():
        event: dict[str, Any] = json.loads(line)
        if event["type"] == event_type:
            return event
    raise LookupError(event_type)


def _file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "agency.jsonl"
    path.write_text("".join(line + "\n" for line in lines))
    return path


def _checkin(edit: Edit | None = None) -> str:
    event = _first("mobility.checkin.reported.v1")
    if edit is not None:
        edit(event)
    return json.dumps(event)


def _registered() -> str:
    return json.dumps(_first("mobility.participant.registered.v1"))


def _misspell_documents(event: dict[str, Any]) -> None:
    event["data"]["has_own_document"] = False


def _validate(path: Path, *options: str) -> Any:
    return CliRunner().invoke(app, ["validate", str(path), *options])


def test_a_misspelt_field_is_an_error_naming_it_and_the_closest_field(tmp_path: Path) -> None:
    path = _file(tmp_path, _registered(), _registered(), _checkin(_misspell_documents))
    events, bad = read_stream(path, strict=True)
    assert len(events) == 2 and [line.number for line in bad] == [3]
    assert bad[0].problems == (
        "line 3: data.has_own_document is not a field of mobility.checkin.reported.v1; did you mean has_own_documents?",
    )


def test_a_misspelt_nested_field_is_named_by_its_path_and_model() -> None:
    event = json.loads(_checkin())
    event["data"]["gross_paid"]["currancy"] = event["data"]["gross_paid"].pop("currency")
    event["data"]["deductions"] = [{"amout": "1"}]
    assert unknown_fields(event) == [
        "data.gross_paid.currancy is not a field of Money in mobility.checkin.reported.v1; did you mean currency?",
        "data.deductions[0].amout is not a field of Deduction in mobility.checkin.reported.v1; did you mean amount?",
    ]


def test_a_misspelt_envelope_attribute_is_an_error_too() -> None:
    event = json.loads(_registered())
    event["correlation_id"] = event["correlationid"]
    assert unknown_fields(event) == ["correlation_id is not an envelope attribute; did you mean correlationid?"]


def test_the_sample_stream_is_valid_under_the_strict_check() -> None:
    events, bad = read_stream(STREAM, strict=True)
    assert bad == [] and len(events) == len(STREAM.read_text().splitlines())
    result = _validate(STREAM)
    assert result.exit_code == 0 and f"all {len(events)} line(s) valid" in result.output


def test_allow_unknown_fields_lets_a_misspelt_field_through(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _file(tmp_path, _checkin(_misspell_documents))
    published: list[Any] = []

    async def replay(_bootstrap: str, events: list[Any], *_: Any) -> int:
        published.extend(events)
        return len(events)

    monkeypatch.setattr(main, "replay_stream", replay)
    refused = CliRunner().invoke(app, ["publish", str(path)])
    assert refused.exit_code == 1 and "did you mean has_own_documents?" in refused.output and not published
    for command in ("publish", "replay"):
        result = CliRunner().invoke(app, [command, str(path), "--allow-unknown-fields"])
        assert result.exit_code == 0, result.output
    assert len(published) == 2 and published[0].data.has_own_documents is True  # the tolerant reading
    assert _validate(path, "--allow-unknown-fields").exit_code == 0


def test_validate_prints_each_problem_by_line_and_a_summary_and_exits_non_zero(tmp_path: Path) -> None:
    path = _file(tmp_path, _registered(), _checkin(_misspell_documents), "", '{"specversion": "1.0"')
    result = _validate(path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("line 2: data.has_own_document is not a field")
    assert lines[1].startswith("line 4, column 21: invalid JSON: EOF while parsing")
    assert lines[-1] == f"{path}: 2 of 3 line(s) invalid, 2 problem(s)"
    assert _validate(_file(tmp_path, _registered())).exit_code == 0
    assert _validate(tmp_path / "missing.jsonl").exit_code == 2


def test_bracketed_text_in_a_message_survives_the_console(tmp_path: Path) -> None:
    event = json.loads(_registered())
    event["data"]["languages"] = ["EN"]
    result = _validate(_file(tmp_path, json.dumps(event)))
    assert "line 1: data.languages[0]: String should match pattern '^[a-z]{2}$'" in result.output


def test_a_json_error_names_the_file_line_and_the_column_within_it(tmp_path: Path) -> None:
    path = _file(tmp_path, _registered(), '  {"id" 1}', '{"id": 1,')
    _, bad = read_stream(path)
    assert [line.problems for line in bad] == [
        ("line 2, column 9: invalid JSON: expected `:`",),
        ("line 3, column 9: invalid JSON: EOF while parsing a value",),
    ]
