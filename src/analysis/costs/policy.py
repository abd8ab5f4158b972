"""Which routes may carry a headline cost and a verdict: the route policy and requirements.

``routes``: ``trusted`` (default: maker, cloud, open-weights host, gateway), ``maker`` (the
maker's own API only) or ``all`` (every paid route, resellers included). ``require`` lists
what a route must be confirmed to meet (Unknown does not meet a requirement).
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.errors import ParameterError

ROUTE_CHOICES = ("trusted", "maker", "all")
REQUIREMENTS = (
    "no-training",
    "zdr",
    "region:eu",
    "region:us",
    "soc2",
    "iso27001",
    "hipaa",
    "open-weights",
    "commercial-use",
)


@dataclass(frozen=True)
class RoutePolicy:
    """Which routes count for the headline cost, and what they must meet."""

    routes: str = "trusted"
    require: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.routes not in ROUTE_CHOICES:
            raise ParameterError(f"routes = {self.routes!r}: expected one of {', '.join(ROUTE_CHOICES)}")
        for item in self.require:
            if item not in REQUIREMENTS:
                raise ParameterError(
                    f"requirement {item!r} is unknown: expected some of {', '.join(REQUIREMENTS)}"
                )


def route_policy(routes: str = "trusted", require: str | tuple[str, ...] | list[str] = ()) -> RoutePolicy:
    """A policy from option text: ``require`` as a comma list or a sequence of names."""
    items = require.split(",") if isinstance(require, str) else list(require)
    return RoutePolicy(routes, tuple(dict.fromkeys(i.strip().lower() for i in items if i.strip())))


TRUSTED = RoutePolicy()
