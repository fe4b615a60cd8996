"""The recognition thresholds: one frozen model, every default documented with its source or as chosen here."""

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
    """Parameters of the recognition pre-assessment and of the authority procedure's deadlines (docs/domain.md,
    "Recognition")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    required_documents: tuple[DocumentKind, ...] = Field(
        default=(DocumentKind.DIPLOMA, DocumentKind.TRANSCRIPT, DocumentKind.IDENTITY, DocumentKind.TRANSLATION),
        description="Documents a complete file holds (REC-DOC-1). Chosen here, no source: each authority sets its "
        "own list within what Directive 2005/36/EC Art. 50(1) and Annex VII let it ask for.",
    )
    acknowledge_within_months: int = Field(
        default=1,
        ge=1,
        le=12,
        description="The authority acknowledges an application and lists missing documents within this many months "
        "of receiving it (REC-DL-1). Directive 2005/36/EC Art. 51(1): one month.",
    )
    decide_within_months: int = Field(
        default=3,
        ge=1,
        le=12,
        description="The authority decides within this many months of the complete file (REC-DL-2). "
        "Directive 2005/36/EC Art. 51(2): three months.",
    )
    decision_extension_months: int = Field(
        default=1,
        ge=0,
        le=12,
        description="Months the decision deadline grows when the authority extends it (REC-DL-2). "
        "Directive 2005/36/EC Art. 51(2): one month.",
    )
    workload_shortfall_years: Decimal = Field(
        default=Decimal("1.0"),
        ge=0,
        description="Training this much shorter than typical is a substantial difference (REC-WORK-1). Chosen here, "
        "no source; echoes the 'at least one year shorter' of Directive 2005/36/EC Art. 14(1)(a) before 2013/55/EU.",
    )
    experience_years_for_content: Decimal = Field(
        default=Decimal(3),
        ge=0,
        description="Documented experience that covers profile, learning-outcome and level differences (REC-EXP-1). "
        "Directive 2005/36/EC Art. 14(5) sets no number; the three years are chosen here after Art. 11(a) and 3(3).",
    )
    experience_years_per_training_year: Decimal = Field(
        default=Decimal(1),
        gt=0,
        description="Experience years that make up one missing training year (REC-EXP-1). Chosen here, no source.",
    )
    experience_max_level_gap: int = Field(
        default=1,
        ge=0,
        le=7,
        description="Largest EQF gap experience can cover (REC-EXP-1). Chosen here, no source; after the 'level "
        "immediately below' of Directive 2005/36/EC Art. 13 before 2013/55/EU.",
    )
    partial_access_below_share: Decimal = Field(
        default=Decimal("0.5"),
        gt=0,
        le=1,
        description="Partial access when some but fewer than this share of core activities are covered (REC-PA-1). "
        "Directive 2005/36/EC Art. 4f(1) sets no share; the half is chosen here.",
    )
    min_adaptation_months: int = Field(
        default=6, ge=1, le=36, description="Shortest adaptation period offered (REC-CMP-1). Chosen here, no source."
    )
    max_adaptation_months: int = Field(
        default=36,
        ge=1,
        le=36,
        description="Longest adaptation period (REC-CMP-1). Directive 2005/36/EC Art. 14(1): up to three years.",
    )
    imposed_measure: CompensationKind = Field(
        default=CompensationKind.APTITUDE_TEST,
        description="Measure imposed where the profession needs precise knowledge of national law (REC-CMP-1). "
        "Directive 2005/36/EC Art. 14(3) lets the host Member State choose; the aptitude test is chosen here.",
    )
    adaptation_period_in_employment: bool = Field(
        default=True,
        description="An adaptation period is served as supervised practice of the profession in the host Member "
        "State, so a conditional recognition that offers one allows employment under supervision (REC-CMP-2). "
        "Directive 2005/36/EC Art. 3(1)(g).",
    )
    art11_by_eqf: dict[int, Art11Level] = Field(
        default_factory=lambda: {eqf: Art11Level(level) for eqf, level in DEFAULT_ART11_BY_EQF.items()},
        description="EQF level to Art. 11 level (REC-LVL-2). Chosen here, no source: no official correspondence "
        "exists.",
    )
    rejected_level_pairs: frozenset[tuple[Art11Level, Art11Level]] = Field(
        default=frozenset({(Art11Level.A, Art11Level.E)}),
        description="(held, required) Art. 11 pairs that are refused (REC-LVL-2). Directive 2005/36/EC Art. 13(4) "
        "as amended by 2013/55/EU.",
    )

    def art11(self, eqf_level: int) -> Art11Level:
        return self.art11_by_eqf[eqf_level]
