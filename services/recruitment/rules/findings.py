"""The one way a recruitment rule builds its finding, with the source of its rule id (rules/sources.py)."""

from collections.abc import Iterable

from contracts.types import Finding, Severity
from services.common.evidence import Evidence
from services.recruitment.rules.sources import SOURCES


def finding(rule_id: str, passed: bool, severity: Severity, evidence: Evidence, explanation: str) -> Finding:
    return Finding(
        rule_id=rule_id,
        passed=passed,
        severity=severity,
        evidence=evidence,
        source=SOURCES[rule_id],
        explanation=explanation,
    )


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    """The violated findings that block."""
    return [f for f in findings if not f.passed and f.severity is Severity.BLOCK]


def pending(findings: Iterable[Finding]) -> list[Finding]:
    """The violated findings that hold the placement until a missing fact or event is known."""
    return [f for f in findings if not f.passed and f.severity is Severity.PENDING]


def is_blocking(findings: Iterable[Finding]) -> bool:
    """True when a blocking rule is violated."""
    return bool(blocking(findings))
