"""Batch extraction on Ray Data: an archive in, Parquet datasets out; one machine or a cluster.

    from svodka.batch import run_batch
    summary = run_batch("archive/*.jsonl", "out/", num_cpus=2)   # Ray starts locally
    summary = run_batch("s3://news/2024/", "s3://news-out/2024/", address="auto")

The input is cut into units (units.py); a Ray Data actor pool runs the pipeline on them, one
unit at a time per actor, models loaded once per actor (worker.py); each unit's Parquet files
and then its manifest entry are written by the actor (output.py), so that a re-run skips the
units that are complete. `svodka load` reads the complete units into the store.

On a cluster every node needs svodka with this extra installed (`pip install 'svodka[batch]'`),
and INPUT and DIR must be reachable from every node: a shared filesystem or an object store URL.
"""

from .output import OutDir
from .runner import BatchSummary, ray_session, run_batch
from .units import Unit, plan

__all__ = ["BatchSummary", "OutDir", "Unit", "plan", "ray_session", "run_batch"]
