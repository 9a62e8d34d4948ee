"""Whether llama-cpp-python and what its [server] extra adds are installed in this environment.

`make setup` installs them from a wheel it builds once with portable CPU flags (the native build
crashes on these CPUs), kept under a key made of version + flags; see the Makefile.
"""

from __future__ import annotations

import importlib.util

from newsum.errors import ConfigError

# Looked up, not imported: importing llama_cpp would load the native library into this process,
# which only the child needs.
_RUNTIME_MODULES = ("llama_cpp", "uvicorn", "fastapi", "sse_starlette", "starlette_context")


def check_runtime() -> None:
    missing = [m for m in _RUNTIME_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        raise ConfigError(
            "llama-cpp-python with its server extra is not installed "
            f"(missing: {', '.join(missing)}): run `make setup`"
        )
