"""The recognition thresholds DOMAIN.md marks [BK]: one frozen model, every default documented."""

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from contracts.qualifications import CompensationKind, DocumentKind


class Art11Level(StrEnum):
    """Qualification levels of Directive 2005/36/EC Art. 11, lowest first."""

    A = "a"
    B = "b"
    C = "c"
    D = "d"
    E = "e"


DEFAULT_ART11_BY_EQF = {1: "a", 2: "a", 3: "b", 4: "b", 5: "c", 6: "d", 7: "e", 8: "e"}


class RecognitionPolicy(BaseModel):
    """Parameters of the recognition pre-assessment (docs/domain.md, "Recognition"); each default is a project
    choice unless sourced."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    required_documents: tuple[DocumentKind, ...] = Field(
        default=(DocumentKind.DIPLOMA, DocumentKind.TRANSCRIPT, DocumentKind.IDENTITY, DocumentKind.TRANSLATION),
        description="Documents a complete file holds (REC-DOC-1). [BK] usual national checklists.",
    )
    acknowledge_within_days: int = Field(
        default=30, ge=1, description="Acknowledge the file and list missing documents (REC-DL-1). [BK] Art. 51(1)."
    )
    decide_within_days: int = Field(
        default=90, ge=1, description="Decide after a complete file (REC-DL-2). [BK] Art. 51(2): three months."
    )
    decision_extension_days: int = Field(
        default=30, ge=0, description="Extension of the decision deadline when a case is extended. [BK] Art. 51(2)."
    )
    workload_shortfall_years: Decimal = Field(
        default=Decimal("1.0"),
        ge=0,
        description="Training this much shorter than typical is a substantial difference (REC-WORK-1). "
        "[BK] echoes the pre-2013 Art. 14(1)(a) 'at least one year shorter'.",
    )
    experience_years_for_content: Decimal = Field(
        default=Decimal(3),
        ge=0,
        description="Documented experience that covers profile, learning-outcome and level differences (REC-EXP-1). "
        "[BK] Art. 14(5); three years as in Art. 11(a) and Art. 3(3).",
    )
    experience_years_per_training_year: Decimal = Field(
        default=Decimal(1),
        gt=0,
        description="Experience years that make up one missing training year (REC-EXP-1). [BK]",
    )
    experience_max_level_gap: int = Field(
        default=1, ge=0, le=7, description="Largest EQF gap experience can cover (REC-EXP-1). [BK] 'level below'."
    )
    partial_access_below_share: Decimal = Field(
        default=Decimal("0.5"),
        gt=0,
        le=1,
        description="Partial access when some but fewer than this share of core activities are covered (REC-PA-1). "
        "[BK] Art. 4f: compensation would amount to the full programme.",
    )
    min_adaptation_months: int = Field(default=6, ge=1, le=36, description="Shortest adaptation period offered. [BK]")
    max_adaptation_months: int = Field(
        default=36,
        ge=1,
        le=36,
        description="Longest adaptation period: 3 years, Art. 14(1) [S: EC general-system page].",
    )
    imposed_measure: CompensationKind = Field(
        default=CompensationKind.APTITUDE_TEST,
        description="Measure imposed where the profession needs precise knowledge of national law. [BK] Art. 14(3).",
    )
    art11_by_eqf: dict[int, Art11Level] = Field(
        default_factory=lambda: {eqf: Art11Level(level) for eqf, level in DEFAULT_ART11_BY_EQF.items()},
        description="EQF level to Art. 11 level (REC-LVL-2). [BK] no official correspondence exists.",
    )
    rejected_level_pairs: frozenset[tuple[Art11Level, Art11Level]] = Field(
        default=frozenset({(Art11Level.A, Art11Level.E)}),
        description="(held, required) Art. 11 pairs that are refused (REC-LVL-2). [BK] Art. 13(4) after 2013/55/EU.",
    )
    unknown_regulation_as_regulated: bool = Field(
        default=True, description="Assess as regulated when the table does not know the status (REC-REG-1)."
    )

    def art11(self, eqf_level: int) -> Art11Level:
        return self.art11_by_eqf[eqf_level]
