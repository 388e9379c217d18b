"""The sums a plan page and the open data show: hours of learning and money, in total and by funding source."""

from __future__ import annotations

from collections.abc import Iterable

from backmap_site.format.plan import Plan, Resource

Amount = int | float

UNSPECIFIED = "Unspecified"
"""The funding source of resources that name none."""


def resources(plan: Plan) -> list[Resource]:
    learning = plan.steps.professional_learning
    return list((learning and learning.resources) or [])


def given_sum(amounts: Iterable[Amount | None]) -> Amount | None:
    """The sum of the amounts given; None when none is (the open data then leaves a blank, never a 0)."""
    given = [amount for amount in amounts if amount is not None]
    return sum(given) if given else None


def total_cost(plan: Plan) -> Amount:
    """What all resources cost (resources without a cost count none)."""
    return sum(resource.cost or 0 for resource in resources(plan))


def cost_by_funding(plan: Plan) -> list[tuple[str, Amount]]:
    """The cost of the resources of each funding source, sources in alphabetical order."""
    totals: dict[str, Amount] = {}
    for resource in resources(plan):
        source = resource.funding or UNSPECIFIED
        totals[source] = totals.get(source, 0) + (resource.cost or 0)
    return sorted(totals.items())


def quantity(amount: Amount, *, grouping: bool = True) -> str:
    """`1234.5` → `1,234.5` (`1234.5` without grouping, as the open data writes it), `0.1 + 0.2` → `0.3`: a sum to
    the cent, with no trailing zeros."""
    return f"{amount:{',' if grouping else ''}.2f}".rstrip("0").rstrip(".")


def money(amount: Amount) -> str:
    """`1234.5` → `1,234.50`, `1200` → `1,200`: whole amounts without cents."""
    return f"{amount:,.2f}".removesuffix(".00")
