"""resolve: what users type, as they type it, names one catalog model; ambiguity is one clear line."""

from __future__ import annotations

import pytest

from analysis.catalog import load, resolve
from analysis.errors import ResolveError


@pytest.fixture(scope="module")
def catalog():
    return load()


@pytest.mark.parametrize(
    ("name", "model_id"),
    [
        ("Sonnet 4.5", "anthropic/claude-sonnet-4-5"),
        ("Claude Sonnet 4.5", "anthropic/claude-sonnet-4-5"),
        ("claude-4.5-sonnet", "anthropic/claude-sonnet-4-5"),
        ("claude-4.1-opus", "anthropic/claude-opus-4-1"),
        ("Opus 4.1", "anthropic/claude-opus-4-1"),
        ("claude-haiku-3.5", "anthropic/claude-3-5-haiku"),
        ("claude-3-5-haiku-latest", "anthropic/claude-3-5-haiku"),
        ("claude-opus-4-6@default", "anthropic/claude-opus-4-6"),
        ("gpt5", "openai/gpt-5"),
        ("GPT 5", "openai/gpt-5"),
        ("Mistral Large 2", "mistral/mistral-large-2407"),
        ("Llama 3.1 70B", "meta/llama-3.1-70b-instruct"),
        ("meta-llama/Llama-3.1-70B-Instruct", "meta/llama-3.1-70b-instruct"),
        ("meta-llama/Llama-4-Maverick-17B-128E-Instruct", "meta/llama-4-maverick"),
        ("llama-4-maverick-17b-128e-instruct", "meta/llama-4-maverick"),
        ("Qwen/Qwen3-235B-A22B", "alibaba/qwen3-235b-a22b"),
        ("qwen3-235b", "alibaba/qwen3-235b-a22b"),
        ("google/gemma-3-27b-it", "google/gemma-3-27b-it"),
        ("gemma-3-27b", "google/gemma-3-27b-it"),
        ("kimi-k2-instruct", "moonshotai/kimi-k2"),
        ("moonshotai/Kimi-K2-Instruct-0905", "moonshotai/kimi-k2-0905"),
        ("deepseek-ai/DeepSeek-R1-0528", "deepseek/deepseek-r1-0528"),
        ("deepseek-ai/DeepSeek-R1", "deepseek/deepseek-r1"),
        ("xai/grok-4-0709", "xai/grok-4"),
        ("Grok 4", "xai/grok-4"),
        ("fireworks-ai/qwen2p5-72b-instruct", "alibaba/qwen2.5-72b-instruct"),
        ("Qwen2.5 72B", "alibaba/qwen2.5-72b"),
    ],
)
def test_resolve_names_users_type(catalog, name, model_id):
    assert resolve(name, catalog) == model_id


def test_an_ambiguous_name_is_one_line_naming_the_candidates(catalog):
    with pytest.raises(ResolveError) as e:
        resolve("4.5", catalog)
    assert str(e.value) == (
        "model name '4.5' is ambiguous: it names bytedance/seedream-4.5, openbmb/minicpm-v-4_5, xai/grok-4.5, "
        "zhipuai/glm-4.5; use one of these ids"
    )
