"""Language requirement, checked only after recognition (REC-LANG-1)."""

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from contracts.qualifications import LanguageCertified
from contracts.types import Cefr, Finding, MemberState, Severity
from services.recognition.rules.occupations import Occupation
from services.recognition.rules.sources import ART_53


class LanguageCheck(BaseModel):
    """The level the occupation needs in the destination, whether it is met, and the finding."""

    model_config = ConfigDict(frozen=True)

    required: Cefr
    met: bool | None
    finding: Finding


def best_certificate(certificates: Sequence[LanguageCertified], languages: Sequence[str]) -> LanguageCertified | None:
    """The highest certified level in one of the destination's languages."""
    usable = [c for c in certificates if c.language in languages]
    return max(usable, key=lambda c: c.level.rank, default=None)


def language(
    occupation: Occupation, state: MemberState, certificates: Sequence[LanguageCertified], languages: Sequence[str]
) -> LanguageCheck:
    """REC-LANG-1: a certificate in a destination language at or above the occupation's level there."""
    required = occupation.cefr_in(state)
    best = best_certificate(certificates, languages)
    met = None if best is None else best.level.rank >= required.rank
    finding = Finding(
        rule_id="REC-LANG-1",
        passed=met is True,
        severity=Severity.WARN if met is False else Severity.INFO,
        evidence={
            "required": required.value,
            "destination_languages": ", ".join(languages),
            "certified_language": best.language if best else None,
            "certified_level": best.level.value if best else None,
        },
        source=ART_53,
        explanation=_explain(required, best, met, languages),
    )
    return LanguageCheck(required=required, met=met, finding=finding)


def _explain(required: Cefr, best: LanguageCertified | None, met: bool | None, languages: Sequence[str]) -> str:
    if best is None:
        return f"The occupation needs {required} in {' or '.join(languages)}; no certificate is known yet."
    verdict = "meets" if met else "is below"
    return f"{best.level} in '{best.language}' {verdict} the {required} the occupation needs."
