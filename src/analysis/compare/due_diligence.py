"""Due diligence: what a procurement review asks, answered for each model on its headline route.

Provider questions (training, retention, zero data retention, regions, certifications) read the
headline route's policy facts (the route's own, else its provider's), and the maker's API's too
when the headline route is another provider's; model questions (license, commercial use,
lifecycle) read the model. Each answer is cited to the page it was read on, with
the page's verbatim quote; an answer no source gives is "Unknown: ask the vendor", never "No".
Rate limits are the headline route's own, where a source gives them.

A row of the licenses table is the license of an open-weights family's weights (read from the
weights' repository): it governs downloading and hosting the weights, not calling a provider's
API, which falls under that provider's terms. So it is shown as the weights' license, and a
weights license that does not allow commercial use blocks only a route that serves the weights
under it (an inference host, self-hosting: costs.route_classes.serves_weights), never the maker's
API, a cloud or a gateway.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.catalog import Catalog
from analysis.catalog.procurement import Fact, license_facts, policy_fact, verdict
from analysis.compare.cited import Cited, Row
from analysis.compare.display import RowsDisplay
from analysis.compare.lifecycle import lifecycle_warnings, status_and_retirement
from analysis.compare.profile import ModelProfile
from analysis.costs import ModelCost, Provenance
from analysis.costs.policy import TRUSTED, RoutePolicy
from analysis.costs.requirements import UNMET
from analysis.costs.route_classes import serves_weights
from analysis.sources.procurement import LICENSES as LICENSES_FILE

ASK = "Unknown: ask the vendor"
API_TERMS = "API use falls under the provider's terms"
# question key → (question, policy field)
POLICY_QUESTIONS = {
    "training": ("Trains on API data by default", "trains_on_api_data_by_default"),
    "retention": ("How long prompts and outputs are kept", "api_data_retention_days"),
    "zdr": ("Zero data retention available", "zero_data_retention_available"),
    "regions": ("Where data is processed", "data_residency_regions"),
    "soc2": ("SOC 2 Type II report", "soc2_type2"),
    "iso27001": ("ISO 27001 certificate", "iso27001"),
    "hipaa": ("Signs a HIPAA BAA", "hipaa_baa_available"),
    "gdpr": ("Offers a GDPR DPA", "gdpr_dpa_available"),
}
PLAIN_ANSWERS = {"retention", "regions"}  # answered with the value itself, not Yes / No
MODEL_QUESTIONS = {
    "license": "License",
    "commercial_use": "Commercial use allowed",
    "lifecycle": "Status and retirement",
    "rate_limits": "Rate limits",
}


@dataclass(frozen=True)
class DiligenceRow(Row):
    """One question: each model's answer (cited) and the quote it rests on."""

    key: str = ""
    quote_a: str = ""
    quote_b: str = ""
    maker_a: Cited | None = None  # the answer on the maker's API, when that is another route
    maker_b: Cited | None = None


@dataclass(frozen=True)
class DueDiligenceSection(RowsDisplay):
    """The checklist for both models on their headline routes, and what blocks the choice; ``row``
    takes a question key (see POLICY_QUESTIONS and MODEL_QUESTIONS)."""

    names: tuple[str, str]
    routes: tuple[str, str]  # headline route ids ("" = none)
    maker_routes: tuple[str, str]  # the makers' API routes when not the headline ones ("" = none)
    require: tuple[str, ...]
    rows: tuple[DiligenceRow, ...]
    blockers: tuple[str, ...]  # facts that rule a model out or need a decision before signing
    to_ask: tuple[tuple[str, ...], tuple[str, ...]]  # per model: the questions no source answers
    providers: tuple[str, str] = ("", "")  # the headline routes' providers, by name
    maker_providers: tuple[str, str] = ("", "")  # the makers' API providers, by name (when shown)
    label_column = "Question"
    row_key = "key"

    @property
    def cited(self) -> tuple[Provenance, ...]:
        """Where the answers come from that no other section cites: the policy and license tables."""
        return tuple(
            v.provenance
            for r in self.rows
            for v in (r.a, r.b, r.maker_a, r.maker_b)
            if v is not None
            and v.known
            and (r.key in POLICY_QUESTIONS or v.locator.startswith(LICENSES_FILE))
        )


def due_diligence_from(
    catalog: Catalog,
    profiles: tuple[ModelProfile, ModelProfile],
    costs: tuple[ModelCost, ModelCost],
    names: tuple[str, str],
    policy: RoutePolicy = TRUSTED,
) -> DueDiligenceSection:
    """The checklist of both models: each on the route of its headline cost, else its maker's API."""
    routes = tuple(headline_route(c) for c in costs)
    makers = tuple(maker_route(c, r) for c, r in zip(costs, routes, strict=True))
    hosts = tuple(r is not None and serves_weights(catalog, r.provider, r.model_id) for r in routes)
    a, b = (model_answers(catalog, *x) for x in zip(profiles, routes, hosts, strict=True))
    ma, mb = (policy_answers(catalog, m) if m else {} for m in makers)
    labels = {**{key: question for key, (question, _) in POLICY_QUESTIONS.items()}, **MODEL_QUESTIONS}
    rows = tuple(
        DiligenceRow(label, a[k][0], b[k][0], k, a[k][1], b[k][1], _first(ma.get(k)), _first(mb.get(k)))
        for k, label in labels.items()
    )
    return DueDiligenceSection(
        names=names,
        routes=tuple(r.route_id if r else "" for r in routes),
        maker_routes=tuple(m.route_id if m else "" for m in makers),
        require=policy.require,
        rows=rows,
        blockers=blockers_of(catalog, profiles, names, routes, costs, rows, hosts),
        to_ask=tuple(tuple(r.label for r in rows if not getattr(r, side).known) for side in ("a", "b")),
        providers=tuple(provider_name(p, r) for p, r in zip(profiles, routes, strict=True)),
        maker_providers=tuple(provider_name(p, m) for p, m in zip(profiles, makers, strict=True)),
    )


def route_rate_limits(profile: ModelProfile, route) -> Cited:
    """The headline route's rate limits as its source gives them; Unknown asks the vendor."""
    found = profile.route(route.route_id) if route else None
    if found is not None and found.rate_limits.known:
        return found.rate_limits
    return Cited(None, text=f"{ASK} (no source in the catalog gives this route's rate limits)")


def provider_name(profile: ModelProfile, route) -> str:
    """The name of a route's provider ("" for no route)."""
    if route is None:
        return ""
    found = profile.route(route.route_id)
    return found.provider_name if found else route.provider


def vendor_questions(section: DueDiligenceSection) -> tuple[str, ...]:
    """For page one's checks: per model, the due-diligence questions its sources leave Unknown."""
    return tuple(
        f"Ask the vendor of {name}: {'; '.join(questions)}."
        for name, questions in zip(section.names, section.to_ask, strict=True)
        if questions
    )


def headline_route(cost: ModelCost):
    """The route the headline cost is on; the maker's API when no route is chosen; else None."""
    return cost.route or cost.first_party_route


def maker_route(cost: ModelCost, headline):
    """The maker's API route when it is priced and not the headline route; else None."""
    own = cost.first_party_route
    return own if own is not None and headline is not None and own.route_id != headline.route_id else None


def policy_answers(catalog: Catalog, route) -> dict[str, tuple[Cited, str]]:
    """Provider question key → (cited answer, quote) on one route (None: every answer Unknown)."""
    out = {}
    for key, (_, field) in POLICY_QUESTIONS.items():
        fact = policy_fact(catalog, route.provider, route.route_id, field) if route else None
        out[key] = (policy_answer(fact, plain=key in PLAIN_ANSWERS), fact.quote if fact else "")
    return out


def model_answers(
    catalog: Catalog, profile: ModelProfile, route, hosts: bool = False
) -> dict[str, tuple[Cited, str]]:
    """Question key → (cited answer, quote) for one model on its headline route (``hosts``: the
    route serves the weights, costs.route_classes.serves_weights)."""
    out = policy_answers(catalog, route)
    licensed = license_facts(catalog, profile.model_id)
    for key in ("license", "commercial_use"):
        fact = licensed.get(key)
        out[key] = (license_answer(fact, hosts), fact.quote) if fact else (model_answer(profile, key), "")
    life = status_and_retirement(profile)
    known = life if life.known else Cited(None, text=f"{ASK} (no status or retirement date in the sources)")
    out["lifecycle"] = (known, "")
    out["rate_limits"] = (route_rate_limits(profile, route), "")
    return out


def policy_answer(fact: Fact | None, *, plain: bool = False) -> Cited:
    """A policy fact as an answer: Yes / No (with the page's qualifier), or its value ("30 days"
    for a bare day count); Unknown when there is no fact."""
    if fact is None:
        return Cited(None, text=ASK)
    if plain:
        return answer_of(fact, f"{fact.value} days" if fact.value.isdigit() else capital(fact.value))
    value = verdict(fact.value)
    return answer_of(fact, capital(fact.value), value if value is not None else fact.value)


def license_answer(fact: Fact, hosts: bool = False) -> Cited:
    """A license fact (the weights' license) as an answer: "Weights license: <name>", or Yes / No
    for commercial use of the weights with their conditions; on a route that does not serve the
    weights (``hosts`` False), that API use falls under the provider's terms."""
    if fact.field == "license":
        return answer_of(fact, f"Weights license: {fact.value}")
    conditions = f": {fact.conditions.rstrip('. ')}" if fact.conditions else ""
    api = "" if hosts else f". {API_TERMS}."
    text = f"{capital(fact.value)} under the weights license (self-hosting){conditions}{api}"
    return answer_of(fact, text, verdict(fact.value))


def answer_of(fact: Fact, text: str, value: object = None) -> Cited:
    """A cited answer from a procurement fact (its page is the URL)."""
    return Cited(
        fact.value if value is None else value,
        fact.source,
        fact.as_of,
        fact.locator,
        fact.url,
        fact.version,
        text,
    )


def model_answer(profile: ModelProfile, field: str) -> Cited:
    """A models-table answer (license, commercial use) with its source; Unknown asks the vendor."""
    value = profile.field(field)
    return value if value.known else Cited(None, text=ASK)


def blockers_of(catalog, profiles, names, routes, costs, rows, hosts) -> tuple[str, ...]:
    """What rules a model out or needs a decision before signing, one sentence each (lifecycle:
    compare.lifecycle's warnings). A weights license without commercial use blocks only a route
    that serves the weights (``hosts``, per side)."""
    out = []
    training, use = (_row(rows, k) for k in ("training", "commercial_use"))
    sides = zip(("a", "b"), profiles, names, routes, costs, hosts, strict=True)
    for side, profile, name, route, cost, serves in sides:
        reason = cost.unavailable_reason or ""
        if cost.route is None and reason.startswith(UNMET):
            out.append(f"{name}: {reason}.")
        if route is None:
            continue
        if verdict(getattr(training, side).text) is True:
            out.append(
                f"{name} on {provider_name(profile, route)}: the provider trains on API data by default."
            )
        weights = license_facts(catalog, profile.model_id)
        if "commercial_use" in weights:
            if serves and verdict(weights["commercial_use"].value) is False:
                out.append(
                    f"{name} on {provider_name(profile, route)}: this route serves the weights, whose "
                    f"license ({weights['license'].value}) does not allow commercial use."
                )
        elif verdict(getattr(use, side).text) is False:
            out.append(f"{name}: its license does not allow commercial use.")
        out += lifecycle_warnings(profile, cost.price_date)
    return tuple(out)


def capital(text: str) -> str:
    """Text with its first letter upper-case ("on request" → "On request")."""
    return text[:1].upper() + text[1:]


def _first(answer: tuple[Cited, str] | None) -> Cited | None:
    return answer[0] if answer else None


def _row(rows, key: str) -> DiligenceRow:
    return next(r for r in rows if r.key == key)
