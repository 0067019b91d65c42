"""docs/roster.md: its example loads, and it documents every field of the models."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fairshift import Engineer, Roster, Rotation, Team, load_roster
from fairshift.rules.settings import BurdenWeights, RuleSettings

DOC = Path(__file__).resolve().parents[2] / "docs" / "roster.md"


def test_doc_example_loads(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    example = next(b for b in blocks if "rotations:" in b)
    path = tmp_path / "roster.yaml"
    path.write_text(example, encoding="utf-8")
    roster = load_roster(path)
    assert (roster.horizon.start.isoformat(), roster.horizon.end.isoformat()) == ("2027-01-01", "2027-04-01")
    assert roster.pool("payments-weekly") == ("anna", "ben")
    assert roster.rules.min_rest.hours == 11


@pytest.mark.parametrize("model", [Roster, Engineer, Team, Rotation, RuleSettings, BurdenWeights])
def test_doc_mentions_every_field(model: type) -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [f for f in model.model_fields if f"`{f}`" not in text]
    assert missing == [], f"docs/roster.md does not document {missing} of {model.__name__}"
