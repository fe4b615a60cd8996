"""How rules write what they looked at into a finding or alert: one evidence type, one way to show money."""

from contracts.types import Money

Shown = str | int | bool | None
Evidence = dict[str, Shown]


def money_text(money: Money | None) -> str | None:
    """Money as evidence: 'EUR 2300.00'."""
    return None if money is None else f"{money.currency} {money.amount:.2f}"
