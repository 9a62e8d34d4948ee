"""The nightly deployment's schedule and parameters, from NEWSUM_NIGHTLY_* (defaults here only).

`make deploy` and `make worker` take them from here (`python -m flows.settings` prints them as
shell exports, which prefect.yaml's "{{ $NEWSUM_NIGHTLY_... }}" values then read); `make serve`
and `python -m flows.nightly` read them directly. Kept apart from flows.nightly so that printing
them does not import Prefect.

    python -m flows.settings          # export NEWSUM_NIGHTLY_CRON='0 2 * * *' ...
    python -m flows.settings pool     # one value: newsum-process
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings, SettingsConfigDict

from newsum.config import DEFAULT_TARGETS, PROJECT_ROOT

NIGHTLY_FLOW = "newsum-nightly"
NIGHTLY_DEPLOYMENT = "nightly"
# The shard runs' own deployment: the nightly one admits one run at a time (a manual trigger
# waits for the scheduled night instead of taking the same inbox files), so runs it starts
# itself could never get a slot there.
SHARD_DEPLOYMENT = "nightly-shard"


class NightlySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSUM_NIGHTLY_", extra="ignore")

    cron: str = "0 2 * * *"
    tz: str = "UTC"  # IANA time zone of the cron
    inbox: Path = PROJECT_ROOT / "inbox"  # folder watched for files
    feeds: str = ""  # RSS/Atom URLs, comma- or space-separated
    output: Path = PROJECT_ROOT / "outputs"
    targets: str = ",".join(DEFAULT_TARGETS)
    pool: str = "newsum-process"  # process work pool of `make deploy` / `make worker`
    batch: bool = False  # through the endpoint's Batch API (issue 13: half the price)

    def parameters(self) -> dict[str, Any]:
        """The flow parameters of a nightly run (the same ones prefect.yaml sets)."""
        params: dict[str, Any] = {
            "inbox": str(self.inbox),
            "feeds": self.feeds or None,
            "output": str(self.output),
            "targets": self.targets,
            "batch": self.batch,
        }
        return {name: value for name, value in params.items() if value is not None}

    def shell_exports(self) -> str:
        return "\n".join(
            f"export NEWSUM_NIGHTLY_{name.upper()}={shlex.quote(str(value))}"
            for name, value in self.model_dump().items()
        )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    settings = NightlySettings()
    if not args:
        print(settings.shell_exports())
        return 0
    values = settings.model_dump()
    if args[0] not in values:
        print(f"unknown nightly setting {args[0]!r}; known: {', '.join(values)}", file=sys.stderr)
        return 2
    print(values[args[0]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
