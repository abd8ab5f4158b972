"""Values derived from the chosen facts by written rules (source "derived"; the overlay wins).

- multimodal: the input modalities include anything besides text.
- product_type: "Image generation model" when output has image but no text; "Coding-specialized
  model" when the name says code, coder, codex, devstral or codestral; "Open-weights model"
  when the weights are open; else "Standalone API model".
- tags (decision fit, in this order): Coding (coding-specialized, or a score on a coding
  benchmark), Agents (function calling and reasoning), RAG (context of at least 128,000
  tokens and function calling), Long context (at least 200,000 tokens), Vision, Reasoning,
  Open weights.
- best_for: a phrase for the first two tags that have one.
- commercial_use: "Permitted (<license>)" for a permissive open-source license.
- open_weights (rank REFERENCE, cited to the record naming the repo): true for a model with a
  Hugging Face repo id, whose weights are published there.
"""

from __future__ import annotations

import re

from analysis.assemble import authority
from analysis.assemble.facts import Observation
from analysis.sources.records import Provenance

CODING_NAME = re.compile(r"code|coder|codex|devstral|codestral", re.IGNORECASE)
CODING_BENCHMARKS = re.compile(
    r"swe-?bench|aider|livecodebench|terminal-?bench|humaneval|codeforces|scicode|coding",
    re.IGNORECASE,
)
PERMISSIVE = {"apache-2.0", "mit", "bsd-3-clause", "bsd-2-clause"}
BEST_FOR = {
    ("Coding", "Agents"): "coding agents and tool loops",
    ("Coding",): "code generation and editing",
    ("Agents",): "tool-using agents",
    ("RAG",): "retrieval-augmented apps",
    ("Long context",): "long documents and large codebases",
    ("Vision",): "image understanding",
    ("Reasoning",): "reasoning-heavy tasks",
}


def derived(model_id: str, get, coding_scores: bool, as_of: str) -> list[Observation]:
    """Derived observations for one model; ``get(kind, field)`` returns the chosen text or None."""

    def obs(kind: str, field: str, value: str, rule: str) -> Observation:
        return Observation(
            model_id,
            kind,
            field,
            value,
            Provenance("derived", "rules", as_of, f"rule: {rule}"),
            authority.DERIVED,
        )

    out = []
    inputs = get("field", "input_modalities")
    if inputs:
        out.append(
            obs(
                "capability",
                "multimodal",
                str(any(m != "text" for m in inputs.split(";"))).lower(),
                "input modalities beyond text",
            )
        )
    product = product_type(model_id, get)
    out.append(obs("field", "product_type", product, "product type from name, outputs and weights"))
    tags = decision_tags(get, product, coding_scores)
    if tags:
        out.append(
            obs(
                "field",
                "tags",
                ";".join(tags),
                "decision-fit tags from capabilities, context and benchmarks",
            )
        )
    out.append(obs("field", "best_for", best_for(tags), "best-for phrase from the decision-fit tags"))
    license_ = (get("field", "license") or "").lower()
    if license_ in PERMISSIVE:
        out.append(
            obs(
                "field",
                "commercial_use",
                f"Permitted ({get('field', 'license')})",
                "permissive license",
            )
        )
    return out


def weights_on_hugging_face(chosen: dict) -> list[Observation]:
    """Open weights (true) for each model with a chosen Hugging Face repo id: see the docstring."""
    out = []
    for (model_id, kind, field), o in sorted(chosen.items()):
        if kind == "field" and field == "hugging_face_id":
            prov = Provenance(
                o.prov.source,
                o.prov.version,
                o.prov.as_of,
                f"{o.prov.locator}: weights on Hugging Face ({o.value})",
                f"https://huggingface.co/{o.value}",
            )
            out.append(Observation(model_id, "field", "open_weights", "true", prov, authority.REFERENCE))
    return out


def product_type(model_id: str, get) -> str:
    """The product type by the rules in the module docstring."""
    outputs = (get("field", "output_modalities") or "").split(";")
    if "image" in outputs and "text" not in outputs:
        return "Image generation model"
    if CODING_NAME.search(model_id) or CODING_NAME.search(get("field", "name") or ""):
        return "Coding-specialized model"
    if get("field", "open_weights") == "true":
        return "Open-weights model"
    return "Standalone API model"


def decision_tags(get, product: str, coding_scores: bool) -> list[str]:
    """Decision-fit tags by the rules in the module docstring."""
    cap = lambda name: get("capability", name) == "true"  # noqa: E731
    context = int(get("field", "context_window") or 0)
    rules = [
        ("Coding", product == "Coding-specialized model" or coding_scores),
        ("Agents", cap("function_calling") and cap("reasoning")),
        ("RAG", context >= 128_000 and cap("function_calling")),
        ("Long context", context >= 200_000),
        ("Vision", cap("vision")),
        ("Reasoning", cap("reasoning")),
        ("Open weights", get("field", "open_weights") == "true"),
    ]
    return [tag for tag, holds in rules if holds]


def best_for(tags: list[str]) -> str:
    """A short phrase naming what the tags say the model is best for."""
    phrases = []
    if "Coding" in tags and "Agents" in tags:
        phrases.append(BEST_FOR[("Coding", "Agents")])
        tags = [t for t in tags if t not in ("Coding", "Agents")]
    phrases += [BEST_FOR[(t,)] for t in tags if (t,) in BEST_FOR]
    return ", ".join(phrases[:2]) or "general text tasks"


def is_coding_benchmark(name: str) -> bool:
    """Whether a benchmark measures coding."""
    return bool(CODING_BENCHMARKS.search(name))
