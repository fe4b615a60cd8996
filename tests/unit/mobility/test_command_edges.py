"""The command line's small edges: `record --topics A B`, the partition of each dead letter, and an unreachable
broker said in one line (no client left unclosed, no library log lines)."""

import socket
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from contracts import topics
from mobility.bus import Received
from mobility.main import app, topic_names
from mobility.views import dead_letter_table

MOBILITY = Path(sys.executable).parent / "mobility"
EXAMPLES = Path(__file__).parents[3] / "docs" / "examples" / "inbound.jsonl"


def test_record_takes_several_topics_after_one_option_or_repeated_or_comma_separated() -> None:
    known = list(topics.ALL)

    assert topic_names(["mobility.offers", "mobility.clock"], known) == ["mobility.offers", "mobility.clock"]
    assert topic_names(["mobility.offers,mobility.clock"], known) == ["mobility.offers", "mobility.clock"]
    assert topic_names([], known) == []


def test_record_names_the_closest_topic_for_a_misspelt_one(tmp_path: Path) -> None:
    with pytest.raises(typer.BadParameter, match=r"did you mean mobility\.offers\?"):
        topic_names(["mobility.offer"], list(topics.ALL))
    record = ["record", "--out", str(tmp_path / "out.jsonl"), "--topics", "mobility.clock", "mobility.offer"]
    shown = CliRunner().invoke(app, record, env={"COLUMNS": "200"})
    assert shown.exit_code == 2
    assert "did you mean mobility.offers?" in shown.output


def test_each_dead_letter_shows_its_partition_beside_its_offset() -> None:
    headers = {"dlq-source-topic": "mobility.offers", "dlq-source-partition": "1", "dlq-source-offset": "17",
               "dlq-error-type": "ValidationError", "dlq-error": "data.offer_id: field required"}  # fmt: skip
    letter = Received("recruitment.dlq", 3, 42, headers, b'{"type": "mobility.job.offered.v1"}', None)
    console = Console(record=True, width=200)

    console.print(dead_letter_table("recruitment", [letter]))

    lines = console.export_text().splitlines()
    header = next(line for line in lines if "partition" in line)
    row = next(line for line in lines if "mobility.offers[1]@17" in line)
    assert [cell.strip() for cell in header.split("┃")[1:3]] == ["partition", "offset"]
    assert [cell.strip() for cell in row.split("│")[1:3]] == ["3", "42"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("command", [["publish", str(EXAMPLES)], ["journey", "P-TN-0001"], ["dlq", "recognition"]])
def test_an_unreachable_broker_is_one_line(command: list[str]) -> None:
    bootstrap = f"127.0.0.1:{_closed_port()}"

    ran = subprocess.run([MOBILITY, *command, "--bootstrap-servers", bootstrap], capture_output=True, text=True)

    lines = [line for line in (ran.stdout + ran.stderr).splitlines() if line.strip()]
    assert ran.returncode == 2
    assert lines == [f"cannot use Kafka at {bootstrap}: no broker answers (is `mobility up` running?)"]
