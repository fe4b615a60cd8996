"""docs/domain.md documents every rule id and alert code the services can emit, and cites nothing outside."""

import ast
import json
import re
from pathlib import Path

import pytest

from tests.streams.scenarios import EXPECTED

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "domain.md").read_text()
RULE_ID = re.compile(r"^[A-Z]{2,5}(-[A-Z0-9]+)+$")  # FR-FEE-1, REC-DL-2, RI-ASSIST-ECO
ALERT_CODE = re.compile(r"^[A-Z]+(_[A-Z0-9]+)+$")  # WAGE_BELOW_MIN, FL_MULTI
NOT_RULES = {"SCRAM-SHA-512", "SCRAM-SHA-256"}


def documented(code: str) -> bool:
    return f"`{code}`" in DOC


def literals(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def rule_ids_in_code() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "services").glob("*/rules/*.py"):
        found |= {s for s in literals(path) if RULE_ID.match(s)}
    return found - NOT_RULES


def alert_codes_in_code() -> set[str]:
    from services.integration.rules.catalogue import KINDS

    return set(KINDS)


def codes_in_expected_outputs() -> set[str]:
    codes: set[str] = set()
    for line in EXPECTED.read_text().splitlines():
        data = json.loads(line)["event"]["data"]
        codes |= {f["rule_id"] for key in ("findings", "reasons") for f in data.get(key) or []}
        codes |= {data[key] for key in ("alert", "rule_id") if isinstance(data.get(key), str)}
    return codes


@pytest.mark.parametrize("collect", [rule_ids_in_code, alert_codes_in_code, codes_in_expected_outputs])
def test_every_rule_id_and_alert_code_is_documented(collect: object) -> None:
    codes = collect()  # type: ignore[operator]
    assert codes, "found no codes: the collector is broken"
    assert sorted(c for c in codes if not documented(c)) == []


def test_the_rules_cite_no_internal_tags_or_outside_documents() -> None:
    tags = re.compile(r"\[(BK|S|S-2nd)[\]:]|(DOMAIN|DESIGN) §|\.\./shared")
    offending = [
        f"{path.relative_to(ROOT)}: {text[:80]}"
        for path in (ROOT / "services").rglob("*.py")
        for text in literals(path)
        if tags.search(text)
    ]
    assert offending == []
