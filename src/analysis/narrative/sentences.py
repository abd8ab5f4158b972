"""Sentences about a pair, each built only from fields of its comparison (the deep dive and the
FAQ share them). A value the catalog lacks is said to be missing, never guessed.
"""

from __future__ import annotations

from analysis.compare import PairComparison
from analysis.compare.benchmarks import headline_label
from analysis.compare.capabilities import only_in, prose
from analysis.compare.cited import Cited
from analysis.compare.monthly_cost import ModelSpend
from analysis.compare.pricing import ModelPricing
from analysis.compare.text import (
    join_and,
    join_or,
    percent,
    plural,
    possessive,
    price,
    tokens,
    usd,
    with_article,
)
from analysis.costs import BreakEven, format_tokens
from analysis.costs.route_classes import CLASSES, LABELS, PLURAL_LABELS

PROMPT_TOKENS = "prompt_tokens"
ROUTE_WORDS = {"trusted": "cheapest trusted route", "maker": "maker's own API", "all": "cheapest paid route"}
OTHERS_NAMED = 4  # providers named per route class before "and N more"
SPEC_PROSE = {
    "Released": "release date",
    "Parameters (total)": "total parameter count",
    "Parameters (active)": "active parameter count",
    "Openness": "openness (open or closed weights)",
    "Commercial use": "commercial-use terms",
}


def traffic(c: PairComparison) -> str:
    """ "500M input and 350M output tokens a month"."""
    s = c.scenario
    return f"{format_tokens(s.input_tokens)} input and {format_tokens(s.output_tokens)} output tokens a month"


def identity(c: PairComparison, side: str) -> str:
    """ "Step 3.5 Flash is an open-weights model released on 2026-01-29, with a knowledge cutoff of 2025-01"."""
    name = _name(c, side)
    product = c.title.product_types[0 if side == "a" else 1]
    kind = with_article(product.text) if product.known else "a model whose product type is not in the catalog"
    released, cutoff = _spec(c, side, "Released"), _spec(c, side, "Knowledge cutoff")
    when = f"released on {released.text}" if released.known else "with no release date in the catalog"
    knows = f"a knowledge cutoff of {cutoff.text}" if cutoff.known else "no knowledge cutoff in the catalog"
    return f"{name} is {kind} {when}, with {knows}"


def limits(c: PairComparison, side: str) -> str:
    """ "Step 3.5 Flash takes up to 256,000 tokens of context and writes up to 256,000"."""
    name = _name(c, side)
    context, output = _spec(c, side, "Context window"), _spec(c, side, "Max output")
    reads = (
        f"takes up to {tokens(context.value)} of context"
        if context.known
        else "has no context window in the catalog"
    )
    writes = f"writes up to {tokens(output.value)}" if output.known else "has no max output in the catalog"
    return f"{name} {reads} and {writes}"


def weights(c: PairComparison, side: str) -> str:
    """ "Step 3.5 Flash has open weights (license Apache-2.0)" or what the catalog lacks (a sentence start)."""
    name = _name(c, side)
    open_, license_ = _spec(c, side, "Openness"), _spec(c, side, "License")
    terms = f"license {license_.text}" if license_.known else "no license in the catalog"
    if not open_.known:
        return f"The catalog does not say whether {possessive(name)} weights are open ({terms})"
    return (
        f"{name} has open weights ({terms})"
        if open_.value
        else f"{possessive(name)} weights are closed ({terms})"
    )


def capability_answer(c: PairComparison, capability: str) -> str:
    """Whether each model supports a capability: Yes, No, or that the catalog does not say."""
    row = c.capabilities.row(capability)
    what = prose(capability)
    a, b = (row.a, row.b) if row else (Cited(), Cited())
    if a.value is not None and a.value == b.value:
        return f"Both support {what}." if a.value else f"Neither supports {what}, per the catalog."
    first = _supports(c.names[0], a, what)
    return f"{first[:1].upper()}{first[1:]}; {_supports(c.names[1], b, what)}."


def capability_split(c: PairComparison) -> list[str]:
    """Sentences: what both support, what only one supports, and what the catalog does not say."""
    rows = c.capabilities.rows
    both = [r.capability for r in rows if r.a.value is True and r.b.value is True]
    out = [f"Both support {join_and(map(prose, both))}."] if both else []
    for side, other in (("a", "b"), ("b", "a")):
        only = only_in(c.capabilities, side, other)
        if only:
            out.append(
                f"{_name(c, side)} supports {join_and(map(prose, only))}, which {_name(c, other)} does not."
            )
    gaps = [(side, [r.capability for r in rows if getattr(r, side).value is None]) for side in ("a", "b")]
    told = [f"whether {_name(c, side)} supports {join_or(map(prose, caps))}" for side, caps in gaps if caps]
    if told:
        out.append(f"The catalog does not say {', nor '.join(told)}.")
    return out


def cost(c: PairComparison) -> list[str]:
    """The monthly cost of each model, the delta and ratio, or why they cannot be given."""
    s = c.costs
    spends = {"a": s.a, "b": s.b}
    if s.cheaper is None and s.delta.known:
        return [f"At {traffic(c)}, both cost {s.a.monthly.text} a month on their {ROUTE_WORDS[_policy(c)]}s."]
    out = []
    order = (s.cheaper, "b" if s.cheaper == "a" else "a") if s.cheaper else ("a", "b")
    for side in order:
        spend = spends[side]
        if spend.monthly.known:
            out.append(
                f"{_name(c, side)} costs {spend.monthly.text} a month on {route_phrase(spend, _policy(c))}"
            )
        else:
            out.append(
                f"{possessive(_name(c, side))} monthly cost is unavailable ({spend.unavailable_reason})"
            )
    text = f"At {traffic(c)}, {out[0]}, and {out[1]}."
    if not s.delta.known:
        return [text, "No difference or ratio can be given without both costs."]
    cheaper, costlier = _name(c, order[0]), _name(c, order[1])
    gap = f"{cheaper} is cheaper by {usd(abs(s.delta.value))} a month"
    times = f"; {costlier} costs {s.ratio.text} as much" if s.ratio.known else ""
    return [text, f"{gap}{times}."]


def route_phrase(spend: ModelSpend, policy: str = "trusted") -> str:
    """ "its cheapest trusted route, routing.run ($0.096 input and $0.288 output per 1M tokens)"."""
    rates = f"{price(spend.input.value)} input and {price(spend.output.value)} output per 1M tokens"
    return f"its {ROUTE_WORDS[policy]}, {spend.provider} ({rates})"


def own_api(c: PairComparison, side: str) -> str:
    """The cost on the model's own lab's API when that is not the cheapest route ("" otherwise)."""
    pricing: ModelPricing = getattr(c.pricing, side)
    own = pricing.first_party
    if own is None or own.cheapest:
        return ""
    return f"On its maker's own API ({own.route.provider_name}) {_name(c, side)} costs {own.monthly.text} a month."


def left_out(c: PairComparison, side: str) -> str:
    """The cheapest priced route the policy leaves out when it costs less than the chosen one ("" if
    none). A $0 route (a free tier, an app billed in points) is not a price: the route table lists it."""
    pricing: ModelPricing = getattr(c.pricing, side)
    chosen = getattr(c.costs, side).monthly
    cheaper = [
        r
        for r in pricing.routes
        if not r.eligible
        and r.route.variant != "batch"  # left out by the scenario, not by the policy
        and r.monthly.known
        and r.monthly.value > 0
        and (not chosen.known or r.monthly.value < chosen.value)
    ]
    if not cheaper:
        return ""
    r = min(cheaper, key=lambda r: (r.monthly.value, r.route.route_id))
    return (
        f"{r.route.provider_name} sells {_name(c, side)} for {r.monthly.text} a month at this traffic; "
        f"the report does not count this {r.route_class.label}"
        + (
            f", which {r.route_class.note}."
            if r.route_class.note.startswith("sells")
            else f" ({r.route_class.note})."
        )
    )


def break_evens(c: PairComparison) -> list[str]:
    """What the break-evens say, in the pair's names."""
    out = []
    for be in c.costs.break_evens:
        if be.input == "monthly_volume" and be.value is None and c.costs.cheaper:
            out.append(
                "Every route bills per token with no fixed fee, so on these routes "
                f"{_name(c, c.costs.cheaper)} stays cheaper at any monthly volume."
            )
        elif be.value is not None:
            out.append(crossing(c, be))
    return out


def crossing(c: PairComparison, be: BreakEven) -> str:
    """A crossing in words: "Two is cheaper for prompts of 200,000 tokens or more, One below that"."""
    names = dict(zip((c.a, c.b), c.names, strict=True))
    above, below = names[be.cheaper_above], names[be.cheaper_below]
    if be.input == PROMPT_TOKENS:
        return f"{above} is cheaper for prompts of {tokens(int(be.value))} or more, {below} below that."
    return f"{above} is cheaper when {percent(be.value)} or more of input is read from cache, {below} below that."


def evidence(c: PairComparison) -> list[str]:
    """How many benchmark scores each model has, what they share, and who leads on the headline
    scores (by family, LiveBench by category)."""
    bench = c.benchmarks
    counts = [len(bench.shared) + len(bench.only_a), len(bench.shared) + len(bench.only_b)]
    if not any(counts):
        return [
            "Neither model has a benchmark score in the catalog, so this report makes no claim about which performs better."
        ]
    held = join_and(
        f"{plural(n, 'benchmark score')} for {name}" for n, name in zip(counts, c.names, strict=True)
    )
    headline = [pair for family in bench.families for pair in family.headline]
    if not headline:
        return [
            f"The catalog has {held}, but no benchmark both were scored on with the same variant and unit, "
            "so this report makes no claim about which performs better."
        ]
    out = [
        f"The catalog has {held}; they share {plural(len(bench.families), 'benchmark')}, "
        f"with {plural(len(headline), 'headline score')} (LiveBench by category)."
    ]
    for side in ("a", "b"):
        wins = [headline_label(s) for s in headline if s.leader == side]
        if wins:
            out.append(f"{_name(c, side)} scores higher on {join_and(wins)}.")
    even = [headline_label(s) for s in headline if s.leader is None]
    if even:
        out.append(f"Neither leads on {join_and(even)} (equal scores, or a unit with no better direction).")
    n = sum(sc.self_reported is True for s in headline for sc in (s.a, s.b))
    if n:
        out.append(
            f"Of the headline scores, {n} {'is' if n == 1 else 'are'} self-reported by the model's maker."
        )
    return out


def where_to_run(c: PairComparison, side: str) -> str:
    """ "GPT-5 is sold by 30 providers: its maker's API, OpenAI; 7 clouds (…); …" (each provider once,
    under the best class its routes have)."""
    pricing: ModelPricing = getattr(c.pricing, side)
    if not pricing.routes:
        return f"The catalog lists no route for {_name(c, side)}."
    best: dict[str, str] = {}
    for r in sorted(pricing.routes, key=lambda r: CLASSES.index(r.route_class.name)):
        best.setdefault(r.route.provider_name, r.route_class.name)
    groups = []
    for name in CLASSES:
        providers = sorted(p for p, k in best.items() if k == name)
        if providers:
            more = len(providers) - OTHERS_NAMED
            shown = [*providers[:OTHERS_NAMED], f"{more} more"] if more > 0 else providers
            groups.append(f"{plural(len(providers), LABELS[name], PLURAL_LABELS[name])} ({join_and(shown)})")
    return f"{_name(c, side)} is sold by {plural(len(best), 'provider')}: {'; '.join(groups)}."


def missing_specs(c: PairComparison, labels: tuple[str, ...]) -> list[str]:
    """For each model, the specs among ``labels`` the catalog lacks, as one sentence each."""
    out = []
    for side, name in zip(("a", "b"), c.names, strict=True):
        gaps = [
            SPEC_PROSE.get(r.label, r.label.lower())
            for r in c.specs.rows
            if r.label in labels and not getattr(r, side).known
        ]
        if gaps:
            out.append(f"The catalog does not have {possessive(name)} {join_and(gaps)}.")
    return out


def _supports(name: str, value: Cited, what: str) -> str:
    """ "X supports Y", "X does not support Y", or "the catalog does not say whether X supports Y"."""
    if value.value is None:
        return f"the catalog does not say whether {name} supports {what}"
    return f"{name} {'supports' if value.value else 'does not support'} {what}"


def _policy(c: PairComparison) -> str:
    return c.costs.comparison.a.policy.routes


def _name(c: PairComparison, side: str) -> str:
    return c.names[0 if side == "a" else 1]


def _spec(c: PairComparison, side: str, label: str) -> Cited:
    """The side's value of the spec with this label."""
    return getattr(c.specs.row(label), side)
