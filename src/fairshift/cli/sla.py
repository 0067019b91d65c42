"""The incident helpers: ``fairshift sla``."""

from __future__ import annotations

from pathlib import Path

import click

from fairshift.cli.base import app, instant_option, out


@app.command()
@click.argument("tickets", type=click.Path(path_type=Path))
@click.option("--policy", type=click.Path(path_type=Path), help="SLA policy YAML (default policy if absent).")
@click.option("--now", required=True, help="The reference instant, e.g. 2027-02-01T09:00Z.")
@click.option("--team", help="Only this team's tickets.")
def sla(tickets: Path, policy: Path | None, now: str, team: str | None) -> None:
    """SLA dashboard and priority queue for a CSV of tickets (``now`` is required)."""
    from fairshift.incidents.cli_support import run_sla_cli

    instant = instant_option(now, "--now")
    assert instant is not None  # a required option
    out.print(run_sla_cli(tickets, policy, instant, team=team), markup=False)

