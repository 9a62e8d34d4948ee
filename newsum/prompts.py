"""Prompt templates: versioned YAML files in prompts/<name>/v<N>.yaml, rendered with $variables.

A template is a small pydantic model (extra keys are an error). Variables use string.Template,
so JSON braces in a prompt are left alone and a missing variable is a named error. Values are
inserted once and never rendered again, so article text cannot smuggle in template syntax.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from newsum.config import PROJECT_ROOT
from newsum.errors import MissingVariables, PromptLoadError

PROMPTS_DIR = PROJECT_ROOT / "prompts"
_VERSION_FILE = re.compile(r"^v(\d+)\.ya?ml$")


class RenderedPrompt(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    version: int
    messages: list[dict[str, str]]

    @property
    def label(self) -> str:
        return f"{self.name}@v{self.version}"

    @property
    def hash(self) -> str:
        """Hash of exactly what the model is sent, for the output rows."""
        blob = json.dumps(self.messages, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


class PromptTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: int
    description: str = ""
    system: str
    prompt: str
    defaults: dict[str, str] = {}

    def variables(self) -> set[str]:
        names: set[str] = set()
        for text in (self.system, self.prompt):
            for match in string.Template.pattern.finditer(text):
                name = match.group("named") or match.group("braced")
                if name:
                    names.add(name)
        return names

    def render(self, **values: str) -> RenderedPrompt:
        merged = {**self.defaults, **values}
        missing = self.variables() - merged.keys()
        if missing:
            raise MissingVariables(f"{self.name}@v{self.version}", sorted(missing))
        return RenderedPrompt(
            name=self.name,
            version=self.version,
            messages=[
                {"role": "system", "content": string.Template(self.system).substitute(merged)},
                {"role": "user", "content": string.Template(self.prompt).substitute(merged)},
            ],
        )


def available_versions(name: str, root: Path = PROMPTS_DIR) -> list[int]:
    folder = root / name
    if not folder.is_dir():
        return []
    found = (_VERSION_FILE.match(path.name) for path in folder.iterdir())
    return sorted(int(match.group(1)) for match in found if match)


@cache
def load_prompt(name: str, version: int | None = None, root: Path = PROMPTS_DIR) -> PromptTemplate:
    """The template `name` at `version` (default: the highest version on disk)."""
    versions = available_versions(name, root)
    if not versions:
        raise PromptLoadError(f"no prompt {name!r}: expected files like {root / name / 'v1.yaml'}")
    chosen = versions[-1] if version is None else version
    if chosen not in versions:
        raise PromptLoadError(f"prompt {name!r} has no version {chosen} (found {versions})")
    path = next(root.joinpath(name).glob(f"v{chosen}.y*ml"))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PromptLoadError(f"{path}: cannot read prompt: {exc}") from None
    if not isinstance(data, dict):
        raise PromptLoadError(f"{path}: a prompt file must be a mapping of fields")
    try:
        template = PromptTemplate(**data)
    except ValidationError as exc:
        raise PromptLoadError(f"{path}: {exc}") from None
    if (template.name, template.version) != (name, chosen):
        raise PromptLoadError(
            f"{path}: declares {template.name}@v{template.version}, expected {name}@v{chosen}"
        )
    return template


def as_data(text: str, tag: str) -> str:
    """Article text as delimited data: it cannot close its own delimiter."""
    return text.replace(f"</{tag}>", f"<\\/{tag}>").replace(f"<{tag}>", f"<\\{tag}>")
