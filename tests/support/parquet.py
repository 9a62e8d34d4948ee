"""Reading a run's Parquet the way a BI user does: DuckDB over the dataset's hive partitions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb


def query(output: Path, dataset: str, sql: str) -> list[tuple[Any, ...]]:
    """`sql` over OUTPUT/<dataset>/**, visible as a view named after the dataset."""
    con = duckdb.connect()
    con.execute(
        f"CREATE VIEW {dataset} AS SELECT * FROM read_parquet('{output}/{dataset}/**/*.parquet', "
        "hive_partitioning=true)"
    )
    return con.execute(sql).fetchall()
