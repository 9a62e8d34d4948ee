"""The review report: one static HTML file next to the Parquet, for people to read.

Built from the datasets alone (events, event_articles, summaries, articles, runs), so
`python -m newsum.report_html --output DIR` rebuilds it without rerunning anything. One
self-contained file: inline CSS, no script, no external resource; it opens from disk.

What comes first is what needs a person: the rows flagged by the checks, with figures that did
not ground marked. Then each event: its account and translations, what is established, each
party's claims, where the accounts differ, and the article summaries with outlet, language and
flags. Every text from the data is escaped (article text is untrusted): the templates render
with autoescape on, and the one piece of markup made in Python (marks.mark_numbers) escapes
the text it marks.

datasets.py reads the datasets, page.py (with cells.py, events.py and review.py) gathers what
the page shows into typed pieces, render.py renders them with the templates in templates/, and
write.py writes the file.
"""

from newsum.report_html.write import write_report

__all__ = ["write_report"]
