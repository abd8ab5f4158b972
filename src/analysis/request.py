"""The pair request: two resolved model ids, a scenario, a route policy and the catalog they use.

A request is made once: from the ``pair`` command's options or a pairs-file row
(:func:`request_terms` + :func:`pair_request`), or from the notebook's parameters
(:meth:`PairRequest.from_parameters`). :meth:`PairRequest.parameters` is the other half of that
codec: the papermill parameters that make the same request again inside the kernel.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

from analysis.catalog import Catalog, resolve
from analysis.catalog.store import catalog_at
from analysis.costs import Scenario, scenario
from analysis.costs.policy import TRUSTED, RoutePolicy, route_policy
from analysis.errors import ParameterError

# Request options (the ``pair`` command's options, a pairs file's columns) → scenario fields.
SCENARIO_OPTIONS = {
    "scenario": "preset",
    "input_tokens": "input_tokens",
    "output_tokens": "output_tokens",
    "cache_share": "cache_read_share",
    "batch_share": "batch_share",
    "reasoning_multiplier": "reasoning_multiplier",
    "prompt_tokens": "prompt_tokens",
    "price_date": "price_date",
    "off_peak_share": "off_peak_share",
    "include_free": "include_free",
}
POLICY_OPTIONS = ("routes", "require")
REQUEST_OPTIONS = (*SCENARIO_OPTIONS, *POLICY_OPTIONS)
DEFAULT_PRESET = "medium"
VOLUME_FIELDS = ("input_tokens", "output_tokens", "requests_per_month")
DIGEST_CHARS = 10
FLAGS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


@dataclass(frozen=True)
class PairRequest:
    """One report asked for: model ids (resolved, different), scenario, route policy, catalog."""

    a: str
    b: str
    scenario: Scenario
    policy: RoutePolicy = TRUSTED
    catalog_path: str | None = None  # an absolute folder; None: the project's catalog
    since: str | None = None  # an earlier report (absolute path) to say what changed since

    @property
    def catalog(self) -> Catalog:
        """The catalog the request reads (loaded once per process)."""
        return catalog_at(self.catalog_path)

    def parameters(self) -> dict:
        """The notebook's papermill parameters for this request, as plain data."""
        values = asdict(self.scenario)
        price_date = values.pop("price_date")
        return {
            "model_a": self.a,
            "model_b": self.b,
            "scenario": values,
            "price_date": price_date,
            "routes": self.policy.routes,
            "require": ",".join(self.policy.require),
            "catalog_path": self.catalog_path,
            "since": self.since,
        }

    @classmethod
    def from_parameters(cls, parameters: Mapping[str, object]) -> PairRequest:
        """The request the notebook's parameters (see :meth:`parameters`) describe, validated."""
        chosen = scenario_of(parameters.get("scenario", DEFAULT_PRESET), parameters.get("price_date"))
        policy = route_policy(parameters.get("routes") or "trusted", parameters.get("require") or ())
        return pair_request(
            parameters["model_a"],
            parameters["model_b"],
            chosen,
            policy,
            parameters.get("catalog_path"),
            parameters.get("since"),
        )

    @cached_property
    def digest(self) -> str:
        """A short hash of what tells two reports apart: pair, scenario, route policy, catalog content."""
        content = self.catalog.manifest.get("content_hash", "")
        terms = [self.a, self.b, asdict(self.scenario), asdict(self.policy), content, self.since]
        text = json.dumps(terms, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:DIGEST_CHARS]


def pair_request(
    model_a: str,
    model_b: str,
    chosen: Scenario,
    policy: RoutePolicy = TRUSTED,
    catalog_path: str | os.PathLike | None = None,
    since: str | os.PathLike | None = None,
) -> PairRequest:
    """The request for two model names (resolved in the catalog at ``catalog_path``), said
    against an earlier report ``since`` (its file must exist; report.since reads it)."""
    catalog = catalog_at(catalog_path)
    a, b = resolve(model_a, catalog), resolve(model_b, catalog)
    if a == b:
        raise ParameterError(f"model_a and model_b both name {a!r}: expected two different models")
    folder = str(Path(catalog_path).resolve()) if catalog_path else None
    if since and not Path(since).is_file():
        raise ParameterError(
            f"--since {since}: no such file; expected an earlier report's .json evidence or executed .ipynb"
        )
    return PairRequest(a, b, chosen, policy, folder, str(Path(since).resolve()) if since else None)


def request_terms(options: Mapping[str, object]) -> tuple[Scenario, RoutePolicy]:
    """The scenario and route policy that request options (named as in REQUEST_OPTIONS) describe.

    Blank values are unset; ParameterError names the first bad one.
    """
    given = {k: v for k, v in options.items() if v not in (None, "")}
    unknown = [k for k in given if k not in REQUEST_OPTIONS]
    if unknown:
        raise ParameterError(f"unknown option {unknown[0]!r}; expected some of {', '.join(REQUEST_OPTIONS)}")
    if "include_free" in given:
        given["include_free"] = flag(given["include_free"], "include_free")
    values = {SCENARIO_OPTIONS[k]: v for k, v in given.items() if k in SCENARIO_OPTIONS}
    policy = route_policy(str(given.get("routes", "trusted")), given.get("require", ()))
    return pair_scenario(**values), policy


def pair_scenario(preset: str | None = None, **values: object) -> Scenario:
    """The scenario a report uses: the preset (default medium unless volumes are given) + values."""
    given = {k: v for k, v in values.items() if v is not None}
    if preset is None and not any(k in given for k in VOLUME_FIELDS):
        preset = DEFAULT_PRESET
    return scenario(preset, **given)


def scenario_of(value: str | Mapping[str, object], price_date: str | None = None) -> Scenario:
    """The scenario of the notebook's ``scenario`` parameter: a preset name or a dict of scenario
    values, with ``price_date`` (when given) taking prices in force on that date."""
    dated = {"price_date": price_date} if price_date else {}
    if isinstance(value, str):
        return pair_scenario(value, **dated)
    if isinstance(value, Mapping):
        return pair_scenario(**{**value, **dated})
    raise ParameterError(f"scenario = {value!r}: expected a preset name or a dict of scenario values")


def flag(value: object, name: str) -> bool:
    """A yes/no option as written in a file or on a command line; ParameterError otherwise."""
    if isinstance(value, bool):
        return value
    found = FLAGS.get(str(value).strip().lower())
    if found is None:
        raise ParameterError(f"{name} = {value!r}: expected true or false")
    return found
