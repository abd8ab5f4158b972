"""Time loading the committed catalog against the naive path: parsing every raw snapshot.

A load reads the Arrow copies of the tables (``data/catalog/.cache``, made by the first load);
the CSV parse a first load does is timed too.

Both run in this process, several times each; the ratio is what to compare across machines.
Usage: .venv/bin/python benchmarks/catalog_load.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from analysis.assemble import RAW_DIR
from analysis.assemble.snapshots import importer, latest
from analysis.catalog import load, schema
from analysis.catalog.store import DEFAULT_PATH, read_table


def parse_raw_sources() -> int:
    """Read every raw snapshot through its importer (what a catalog-less tool would do)."""
    count = 0
    for row, snap in latest(RAW_DIR):
        for what in ("models", "benchmarks"):
            if read := importer(row["format"], what):
                count += sum(1 for _ in read(snap))
    return count


def load_catalog() -> int:
    """Load the whole catalog, every table."""
    catalog = load()
    return len(catalog.models) + len(catalog.routes) + len(catalog.benchmarks)


def parse_csv_tables() -> int:
    """Parse every CSV table, as a catalog's first load does before it saves its Arrow copies."""
    tables = {name: read_table(DEFAULT_PATH, name) for name in schema.TABLES}
    return len(tables["models"]) + len(tables["routes"]) + len(tables["benchmarks"])


def timed(fn, repeat: int) -> float:
    """Median seconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    ours = timed(load_catalog, repeat)
    first = timed(parse_csv_tables, repeat)
    naive = timed(parse_raw_sources, max(1, repeat // 2))
    print(f"load the catalog (all tables):   {ours * 1000:8.1f} ms  (median of {repeat})")
    print(f"  its CSV tables, parsed:        {first * 1000:8.1f} ms  (a first load, before the Arrow copies)")
    print(f"parse the raw snapshots (naive): {naive * 1000:8.1f} ms")
    print(f"ratio naive / ours:              {naive / ours:8.1f}x")


if __name__ == "__main__":
    main()
