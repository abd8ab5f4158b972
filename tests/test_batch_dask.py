"""A batch on a Dask cluster (a LocalCluster of two worker processes) matches a local run.

Runs the real report notebook (``analysis.catalog.settings.NOTEBOOK``): same statuses, keys,
parameters, figures and errors in the manifest, byte-identical HTML and PDF; only durations,
the executor and the executed notebooks' timings differ. The local run has one worker, so its
second report runs on the kernel its first one used.
"""

from __future__ import annotations

import pytest

from analysis.batch import PairRow, batch_reports

ROWS = [
    PairRow("l2", "openai/gpt-4o", "Step 3.5 Flash"),
    PairRow("l3", "GPT-5.3-Codex-Spark", "anthropic/claude-haiku-4-5"),
    PairRow("l4", "no-such-model", "Step 3.5 Flash"),
]
SAME = ("name", "origin", "model_a", "model_b", "parameters", "key", "status", "figures", "error")


def run(folder, **executor):
    return batch_reports(ROWS, folder, options={"scenario": "small"}, formats=("html", "pdf"), **executor)


@pytest.mark.slow
def test_a_batch_on_a_dask_cluster_matches_a_local_run(tmp_path):
    from distributed import LocalCluster

    from analysis.batch.manifest import read_manifest

    local = run(tmp_path / "local", workers=1)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = run(tmp_path / "dask", scheduler=cluster.scheduler_address)
    assert (remote.done, remote.failed, remote.exit_code) == (local.done, local.failed, 1) == (2, 1, 1)

    on_dask, here = read_manifest(tmp_path / "dask"), read_manifest(tmp_path / "local")
    assert on_dask["inputs"] == here["inputs"]
    assert on_dask["parameters"]["executor"] == {"dask": cluster.scheduler_address}
    for remote_entry, local_entry in zip(on_dask["reports"], here["reports"], strict=True):
        assert {k: remote_entry[k] for k in SAME} == {k: local_entry[k] for k in SAME}
        for kind in ("html", "pdf"):
            if local_entry["status"] == "done":
                assert remote_entry["outputs"][kind] == local_entry["outputs"][kind]
                remote_file = tmp_path / "dask" / remote_entry["outputs"][kind]["file"]
                assert (
                    remote_file.read_bytes()
                    == (tmp_path / "local" / local_entry["outputs"][kind]["file"]).read_bytes()
                )
    assert (tmp_path / "dask" / "index.html").is_file()
