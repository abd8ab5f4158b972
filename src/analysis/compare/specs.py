"""Specs side by side: release, limits, parameters, architecture, license, openness, modalities."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.compare.cited import Cited, Row
from analysis.compare.display import RowsDisplay
from analysis.compare.profile import ModelProfile

# (label, models field), in the order shown.
SPEC_FIELDS = (
    ("Released", "release_date"),
    ("Knowledge cutoff", "knowledge_cutoff"),
    ("Context window", "context_window"),
    ("Max input", "max_input"),
    ("Max output", "max_output"),
    ("Parameters (total)", "params_total"),
    ("Parameters (active)", "params_active"),
    ("Architecture", "architecture"),
    ("License", "license"),
    ("Openness", "open_weights"),
    ("Commercial use", "commercial_use"),
    ("Input modalities", "input_modalities"),
    ("Output modalities", "output_modalities"),
    ("Status", "status"),
    ("Hugging Face repo", "hugging_face_id"),
)


@dataclass(frozen=True)
class SpecsSection(RowsDisplay):
    """One row per specification, each value with its source."""

    names: tuple[str, str]
    rows: tuple[Row, ...]
    label_column = "Specification"


def specs_from(a: ModelProfile, b: ModelProfile, names: tuple[str, str]) -> SpecsSection:
    """The specs of two models, Unknown where the catalog has no value."""
    rows = tuple(Row(label, spec(a, name), spec(b, name)) for label, name in SPEC_FIELDS)
    return SpecsSection(names, rows)


def spec(profile: ModelProfile, name: str) -> Cited:
    """A field as shown in the specs table (openness reads "Open weights" / "Closed weights")."""
    value = profile.field(name)
    if name == "open_weights" and value.known:
        return Cited.of(value.value, value.provenance, openness(value.value))
    return value


def openness(open_weights: bool) -> str:
    """ "Open weights" or "Closed weights"."""
    return "Open weights" if open_weights else "Closed weights"
