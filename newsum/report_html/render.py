"""The page as HTML: the gathered pieces through the templates, with autoescape on."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from newsum.report_html.datasets import ReportData
from newsum.report_html.marks import mark_numbers
from newsum.report_html.page import gather


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("newsum.report_html", "templates"),
        # Every text from the data is escaped: article text is untrusted.
        autoescape=True,
        # A misspelt field fails the render instead of leaving a hole in the page.
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["marked"] = mark_numbers
    return env


def render(data: ReportData, root: Path) -> str:
    """The whole page."""
    return environment().get_template("page.html.j2").render(page=gather(data, root))
