"""Row keys: which output row an article becomes, as a tuple and as text for hashing."""

from __future__ import annotations

from newsum.records import Article

# (source_file, source_row, article_id): the articles dataset's key, i.e. one output row.
RowKey = tuple[str, int | None, str]


def row_key_text(key: RowKey) -> str:
    return f"{key[0]}\x00{'' if key[1] is None else key[1]}\x00{key[2]}"


def article_key(article: Article) -> RowKey:
    return (article.source_file, article.row, article.article_id)
