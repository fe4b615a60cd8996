"""The envelope guide for agencies (docs/envelope.md, docs/examples/inbound.jsonl) is what the contracts say today,
its examples are valid under the strict check `mobility publish` applies, and `publish --help` explains the
envelope too."""

from typer.testing import CliRunner

from contracts import EVENT_TYPES, Envelope, topics
from mobility.envelope_guide import EXAMPLES, GUIDE, minimal_examples, render_examples, render_guide
from mobility.main import app
from mobility.streams import read_stream


def test_the_envelope_guide_and_its_examples_are_up_to_date() -> None:
    examples = minimal_examples()
    assert GUIDE.read_text() == render_guide(examples), f"{GUIDE} is stale: run `mobility envelope`"
    assert EXAMPLES.read_text() == render_examples(examples), f"{EXAMPLES} is stale: run `mobility envelope`"


def test_every_inbound_type_has_a_minimal_example_valid_under_the_strict_check() -> None:
    events, bad = read_stream(EXAMPLES, strict=True)

    assert not bad, [line.error for line in bad]
    inbound = {name for name, model in EVENT_TYPES.items() if model.topic in topics.INBOUND}
    assert {e.type for e in events} == inbound


def test_each_example_holds_only_the_fields_its_contract_requires() -> None:
    for example in minimal_examples():
        model = EVENT_TYPES[example["type"]]
        required = {name for name, field in model.model_fields.items() if field.is_required()}
        assert set(example["data"]) == required, example["type"]


def test_publish_help_says_what_every_envelope_attribute_must_hold() -> None:
    shown = CliRunner().invoke(app, ["publish", "--help"], env={"COLUMNS": "200"}).output

    for name in Envelope.model_fields:
        assert f"{name}:" in shown, name
    assert "first event of the participant's journey" in shown
    assert "docs/envelope.md" in shown
