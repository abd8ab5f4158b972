"""The catalog's tables: their columns and types. The single definition build and load share.

Every table is a tidy CSV in data/catalog/. Prices are USD per 1M tokens, token counts are
integers, dates are ISO strings. An unknown value is an empty cell, never 0 or False: in a
frame, an empty text column holds "" and an empty number or flag column holds NA.
"""

from __future__ import annotations

import pandas as pd

STR, INT, FLOAT, BOOL = "string", "Int64", "Float64", "boolean"

# Provenance columns carried by every table whose rows are observed values.
PROVENANCE = {"source": STR, "version": STR, "as_of": STR, "locator": STR, "url": STR}

TABLES: dict[str, dict[str, str]] = {
    # One row per canonical model; chosen values only (their provenance is in `facts`).
    "models": {
        "model_id": STR,  # "<lab>/<model>"
        "name": STR,
        "lab": STR,
        "family": STR,
        "release_date": STR,
        "knowledge_cutoff": STR,
        "context_window": INT,
        "max_input": INT,
        "max_output": INT,
        "open_weights": BOOL,
        "input_modalities": STR,  # ";"-joined, e.g. "text;image;pdf"
        "output_modalities": STR,
        "license": STR,
        "params_total": INT,
        "params_active": INT,
        "architecture": STR,
        "commercial_use": STR,
        "product_type": STR,
        "best_for": STR,
        "tags": STR,  # ";"-joined decision-fit tags, e.g. "Coding;Agents;Long context"
        "status": STR,  # active, preview, deprecated or retired on the as-of date; "" unknown
        "status_date": STR,  # retirement date if retired, else the as-of date of the status's source
        "retirement_date": STR,  # from the maker's API entry, curated or canonical file
        "hugging_face_id": STR,
    },
    # Every observed value of every model-level field or capability, from every source.
    "facts": {
        "model_id": STR,
        "kind": STR,  # "field" or "capability"
        "field": STR,
        "value": STR,  # canonical text form: ints as digits, bools as true/false, lists ";"-joined
        **PROVENANCE,
        "chosen": BOOL,  # the value the catalog uses (at most one per model, kind and field)
    },
    # Chosen capability values: true/false with provenance; an absent row is unknown.
    "capabilities": {"model_id": STR, "capability": STR, "value": BOOL, **PROVENANCE},
    # One row per (model, provider, variant): a place to call the model, with its limits.
    "routes": {
        "route_id": STR,  # "<provider>:<model_id>" plus "@<variant>" when there is one
        "model_id": STR,
        "provider": STR,
        "provider_model_id": STR,  # the id to send to the provider's API
        "variant": STR,  # "" default, "thinking", a snapshot date, ...
        "pricing_kind": STR,  # "paid", "free", "subscription" or "unpriced"
        "context_window": INT,
        "max_output": INT,
        "rpm": INT,  # requests a minute the route allows (its source's default tier); empty: unknown
        "tpm": INT,  # tokens a minute, likewise
        "rate_limits_source": STR,  # "source:locator" of rpm and tpm
        "status": STR,  # active, preview, deprecated or retired on the as-of date
        "retirement_date": STR,  # the date the provider retires the route; "" none announced
        "lifecycle_source": STR,  # "source:locator" of the status and retirement date
        **PROVENANCE,  # the source chosen for this route's prices and limits
    },
    # Every price row of every route from every source; `chosen` marks the rows costs use.
    "prices": {
        "route_id": STR,
        "effective_from": STR,  # "" = no start date
        "tier_start": INT,  # prompt tokens above which the row applies; 0 = base
        "tier_basis": STR,  # "whole_request" or "above_threshold" ("" for base rows)
        "input_mtok": FLOAT,
        "output_mtok": FLOAT,
        "cache_read_mtok": FLOAT,
        "cache_write_mtok": FLOAT,
        "reasoning_mtok": FLOAT,
        "input_audio_mtok": FLOAT,
        "output_audio_mtok": FLOAT,
        "batch_input_mtok": FLOAT,
        "batch_output_mtok": FLOAT,
        "time_of_day": STR,  # "peak" or "off_peak" in the hours_utc below; "" = all day
        "hours_utc": STR,  # e.g. "01:00-04:00, 06:00-10:00"
        **PROVENANCE,
        "chosen": BOOL,
    },
    "benchmarks": {
        "model_id": STR,
        "benchmark": STR,
        "variant": STR,
        "score": FLOAT,
        "unit": STR,
        "date": STR,
        "self_reported": BOOL,
        "raw_name": STR,  # the model as the source named it
        **PROVENANCE,
    },
    # Values sources disagree on: the chosen one and each other value with its sources.
    "conflicts": {
        "model_id": STR,
        "route_id": STR,  # "" for model-level fields
        "field": STR,
        "chosen_value": STR,
        "chosen_source": STR,
        "other_value": STR,
        "other_sources": STR,  # "; "-joined "source:locator"
        "reason": STR,  # why the chosen value stands (assemble/authority.py, assemble/routes.py)
    },
    "aliases": {"alias": STR, "model_id": STR, "rule": STR},
    "providers": {
        "provider": STR,
        "name": STR,
        "kind": STR,  # first_party, cloud, gateway, host, reseller, consumer, subscription
        "lab": STR,  # the lab whose own API this is, for first-party providers
        "doc_url": STR,
        "api_url": STR,
    },
    # Data policies and certifications per provider ("" route_id), or per route where it differs.
    "provider_policies": {
        "provider": STR,
        "route_id": STR,
        "field": STR,  # one of sources.procurement.POLICY_FIELDS
        "value": STR,  # as the page says it, qualifier included: "no", "30", "on request", ...
        "quote": STR,  # verbatim from the page at `url`
        "page_date": STR,  # the date the page shows; "" = none shown
        **PROVENANCE,
    },
    # Licenses of open-weights models: per model where the weights match, else per family.
    "licenses": {
        "model_id": STR,  # "" = a family no catalog model matched
        "family": STR,
        "hugging_face_repo": STR,
        "license_name": STR,
        "spdx_id": STR,
        "commercial_use": STR,  # "yes", "yes with conditions", "no"; "" = not settled
        "conditions": STR,
        "quote": STR,
        **PROVENANCE,
    },
    # Values a source gives that break a catalog rule, kept out of every other table.
    "rejected": {"model_id": STR, "field": STR, "value": STR, "reason": STR, "source": STR, "locator": STR},
    # Names in a source the build could not match to a catalog model.
    "unmatched": {"source": STR, "raw_name": STR, "provider": STR, "reason": STR},
}

MANIFEST = "manifest.json"


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns and types."""
    return frame(table, [])


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """A frame of ``rows`` with exactly the table's columns, in order, with its types."""
    columns = TABLES[table]
    df = pd.DataFrame.from_records(rows, columns=list(columns)).astype(columns)
    text = [c for c, t in columns.items() if t == STR]
    df[text] = df[text].fillna("")
    return df
