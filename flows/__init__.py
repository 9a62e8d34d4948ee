"""Prefect flows. Importing this package first sets offline-safe Prefect defaults.

They must be in the environment before prefect is imported; a value the user set wins.
Measured on our 2-core machines without network: without them an offline run tries analytics
hosts and a cold temporary server can miss the default 20 s start-up timeout.
"""

import logging
import os
from pathlib import Path

_DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_HOME": str(Path(__file__).resolve().parent.parent / ".prefect"),
    # newsum.* log lines (ingest warnings, the endpoint, retries) in the flow runs' logs too.
    "PREFECT_LOGGING_EXTRA_LOGGERS": "newsum",
    # ...and outside a flow run (tests, scripts calling newsum directly) they stay local quietly.
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}
for _name, _value in _DEFAULTS.items():
    os.environ.setdefault(_name, _value)


def newsum_lines_in_run_logs() -> None:
    """Send the newsum.* lines to the run's logs however the process started: called as a flow
    run starts, when Prefect's logging is set up.

    Prefect reads PREFECT_LOGGING_EXTRA_LOGGERS when it is imported. A worker's flow-run process
    (`python -m prefect.engine`) imports it before this package, so there the default above
    comes too late, and the lines (the batch progress above all) stayed out of the run logs.
    """
    if "newsum" not in os.environ.get("PREFECT_LOGGING_EXTRA_LOGGERS", "").split(","):
        return  # the user's own choice
    from prefect.logging.handlers import APILogHandler

    target = logging.getLogger("newsum")
    # Only the handler that sends lines to the run's logs: "prefect.extra" may also hold handlers
    # others attached (a test's log capture), which would see every newsum line twice.
    for handler in logging.getLogger("prefect.extra").handlers:
        if isinstance(handler, APILogHandler) and handler not in target.handlers:
            target.addHandler(handler)
