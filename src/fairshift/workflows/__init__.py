"""What happens after a schedule is published: re-planning, overrides, cover and swaps, the
fairness ledger."""
