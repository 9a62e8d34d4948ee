"""`python -m newsum.report_html`: rebuild the report of an output folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsum.report_html.write import write_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newsum.report_html",
        description="Write the static review report (report.html) from an output folder.",
    )
    parser.add_argument("--output", help="the output folder (default: NEWSUM_OUTPUT or outputs/)")
    args = parser.parse_args(argv)
    from newsum.config import load_settings

    root = Path(args.output) if args.output else load_settings().output
    if not root.is_dir():
        print(f"newsum: error: output folder {root} does not exist", file=sys.stderr)
        return 2
    path = write_report(root)
    print(f"newsum: report written to {path}")
    return 0
