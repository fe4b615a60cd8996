"""Integrity of the occupation reference table shipped with the recognition service."""

import re
from importlib import resources

import pytest

from contracts.types import MemberState, Sector
from services.recognition.rules.occupations import Occupation, load_occupations

TABLE = load_occupations()
ENTRIES = sorted(TABLE.occupations.items())
IDS = [code for code, _ in ENTRIES]
GENERIC_SOURCES = 2  # the ISCO-08 line and the project-defaults line every entry carries


def test_the_table_holds_the_occupations_of_the_partnership_sectors() -> None:
    assert 20 <= len(TABLE.occupations) <= 30
    covered = {sector for occupation in TABLE.occupations.values() for sector in occupation.sectors}
    assert set(Sector) - covered == {Sector.SERVICES_PROFESSIONS, Sector.OTHER}


@pytest.mark.parametrize(("code", "occupation"), ENTRIES, ids=IDS)
def test_every_entry_is_well_formed(code: str, occupation: Occupation) -> None:
    assert re.fullmatch(r"\d{4}", code)
    assert all(isinstance(sector, Sector) for sector in occupation.sectors)
    assert occupation.sources and all(source.strip() for source in occupation.sources)
    ids = [activity.id for activity in occupation.core_activities]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("code", "occupation"), ENTRIES, ids=IDS)
def test_a_known_regulation_status_names_its_own_source(code: str, occupation: Occupation) -> None:
    known = bool(occupation.regulated) or occupation.regulated_elsewhere != "unknown"
    assert not known or len(occupation.sources) > GENERIC_SOURCES, f"{code}: true/false needs a named source"


@pytest.mark.parametrize(("code", "occupation"), ENTRIES, ids=IDS)
def test_a_per_state_language_level_names_its_own_source(code: str, occupation: Occupation) -> None:
    assert not occupation.cefr_by_state or len(occupation.sources) > GENERIC_SOURCES


def test_sectoral_and_own_regime_occupations_are_regulated_everywhere() -> None:
    special = [o for o in TABLE.occupations.values() if o.sectoral or o.refer_reason]
    assert special and all(o.regulated_elsewhere is True and not o.regulated for o in special)


def test_nursing_is_the_sectoral_profession_and_lorry_driving_has_its_own_regime() -> None:
    assert [code for code, o in ENTRIES if o.sectoral] == ["2221"]
    assert [code for code, o in ENTRIES if o.refer_reason] == ["8332"]


def test_every_member_state_has_its_languages() -> None:
    assert set(TABLE.languages) == set(MemberState)
    assert all(TABLE.languages_of(state) for state in MemberState)


@pytest.mark.parametrize(
    ("code", "state", "regulated", "cefr"),
    [
        ("7411", MemberState.DE, False, "B1"),
        ("7411", MemberState.FR, False, "B1"),
        ("7411", MemberState.ES, "unknown", "B1"),
        ("7411", MemberState.IT, "unknown", "B1"),
        ("2221", MemberState.DE, True, "B2"),
        ("9211", MemberState.IT, False, "A2"),
    ],
)
def test_lookups_fall_back_to_the_default_for_unlisted_states(
    code: str, state: MemberState, regulated: object, cefr: str
) -> None:
    occupation = TABLE.occupations[code]
    assert (occupation.regulation_in(state), occupation.cefr_in(state)) == (regulated, cefr)


def test_the_header_records_sources_and_project_defaults() -> None:
    assert TABLE.sources and TABLE.project_defaults
    assert all("chosen here, no source" in line for line in TABLE.project_defaults if not line.startswith("regulated"))


def test_the_table_carries_no_internal_tags_and_cites_nothing_outside_the_project() -> None:
    text = resources.files("services.recognition").joinpath("occupations.json").read_text(encoding="utf-8")
    assert not re.findall(r"\[(?:BK|S)[\]:-][^\]]*\]?", text)
    assert "/shared" not in text


@pytest.mark.parametrize(
    ("state", "codes"),
    [
        (MemberState.FR, {"7112", "7115", "7126", "7231", "7233", "7411"}),
        (MemberState.NL, {"7126", "7411"}),
        (MemberState.DK, {"5321"}),
    ],
)
def test_member_states_other_than_germany_have_sourced_regulation_data(state: MemberState, codes: set[str]) -> None:
    known = {code for code, o in ENTRIES if state in o.regulated and o.regulated[state] != "unknown"}
    assert known == codes
    for code in codes:
        assert any(source.startswith(f"{state.value} ") for source in TABLE.occupations[code].sources), code
