"""docs/exports.md documents every option of the two commands and the UID scheme as implemented."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import click

from fairshift.cli import app
from fairshift.exports import FORMATS, event_uid

DOC = (Path(__file__).resolve().parents[2] / "docs" / "exports.md").read_text(encoding="utf-8")


def test_every_option_and_format_is_documented() -> None:
    for name in ("export", "report"):
        command = app.commands[name]
        for param in command.params:
            if isinstance(param, click.Option):
                assert any(f"`{opt}" in DOC for opt in param.opts), f"{name} {param.opts} not in docs"
    for fmt in FORMATS:
        assert f"`{fmt}`" in DOC


def test_the_documented_uid_is_the_implemented_one() -> None:
    start = datetime(2027, 1, 4, 9, tzinfo=timezone(timedelta(hours=-8)))
    assert event_uid("payments-weekly", start, "primary") in DOC
    assert "-<role>+<n>@fairshift" in DOC and event_uid("r", start, "x", 1).endswith("-x+2@fairshift")
