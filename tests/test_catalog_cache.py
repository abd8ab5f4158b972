"""The catalog's Arrow copies: read instead of the CSV tables while those are unchanged."""

from __future__ import annotations

import os
import shutil

import pytest

from analysis.catalog import schema, store
from analysis.catalog.store import CACHE_DIR, DEFAULT_PATH, load


@pytest.fixture
def folder(tmp_path):
    """A copy of the project's catalog tables, without Arrow copies."""
    copy = tmp_path / "catalog"
    shutil.copytree(DEFAULT_PATH, copy, ignore=shutil.ignore_patterns(CACHE_DIR))
    return copy


def no_csv(monkeypatch):
    def refuse(path, name, lenient=False):
        raise AssertionError(f"{name}.csv was parsed")

    monkeypatch.setattr(store, "read_table", refuse)


def test_a_second_load_reads_the_arrow_copy_and_gets_the_same_tables(folder, monkeypatch):
    first = load(folder)
    [saved] = (folder / CACHE_DIR).iterdir()
    assert sorted(p.name for p in saved.iterdir()) == sorted(f"{name}.arrow" for name in schema.TABLES)
    no_csv(monkeypatch)
    second = load(folder)
    for name in schema.TABLES:
        assert getattr(second, name).equals(getattr(first, name)), name
        assert list(getattr(second, name).dtypes) == list(getattr(first, name).dtypes), name
    assert second.model("openai/gpt-5.3-codex-spark")["name"] == "GPT-5.3 Codex Spark"


def test_an_edited_table_is_read_again_and_the_old_copy_removed(folder):
    load(folder)
    [old] = (folder / CACHE_DIR).iterdir()
    models = folder / "models.csv"
    text = models.read_text(encoding="utf-8")
    models.write_text(
        text.replace("GPT-5.3 Codex Spark", "GPT-5.3 Codex Spark (edited)", 1), encoding="utf-8"
    )
    assert load(folder).model("openai/gpt-5.3-codex-spark")["name"] == "GPT-5.3 Codex Spark (edited)"
    assert [p.name for p in (folder / CACHE_DIR).iterdir()] != [old.name]
    assert not old.exists()


def test_a_damaged_copy_is_dropped_and_the_tables_read_from_csv(folder):
    load(folder)
    [saved] = (folder / CACHE_DIR).iterdir()
    (saved / "routes.arrow").write_bytes(b"not arrow")
    assert len(load(folder).routes) == len(load(DEFAULT_PATH).routes)
    assert (saved / "routes.arrow").read_bytes() != b"not arrow"  # saved again, whole


def test_a_catalog_folder_that_cannot_be_written_is_read_without_a_copy(folder, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store.tempfile, "mkdtemp", refuse)
    assert len(load(folder).models) == len(load(DEFAULT_PATH).models)
    assert list((folder / CACHE_DIR).iterdir()) == []


def test_a_damaged_table_still_fails_in_one_line_though_a_copy_was_saved(folder):
    load(folder)
    routes = folder / "routes.csv"
    routes.write_text(routes.read_text(encoding="utf-8").splitlines()[0] + "\nonly,two\n", encoding="utf-8")
    os.utime(routes)
    with pytest.raises(store.CatalogError, match=r"routes\.csv: line 2: expected \d+ fields, got 2"):
        load(folder)
