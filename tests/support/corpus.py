"""Small generated corpora for tests: distinct, plausible articles in a few languages."""

from __future__ import annotations

import json
import random
from pathlib import Path

_PLACES = ["Stepanakert", "Goris", "Lachin", "Shusha", "Yerevan", "Baku", "Aghdam", "Martuni"]
_SOURCES = {
    "en": (
        "The {org} said on {day} that {n} people had been evacuated from {place}, and that "
        "talks with the other side would continue. Local officials said {m} buildings were "
        "damaged. The ministry said the situation remained tense but under control."
    ),
    "fr": (
        "Le {org} a déclaré {day} que {n} personnes avaient été évacuées de {place} et que "
        "les discussions se poursuivraient. Selon les autorités locales, {m} bâtiments ont été "
        "endommagés. Le ministère a indiqué que la situation restait tendue."
    ),
    "ru": (
        "Как заявил {org} в {day}, из {place} эвакуированы {n} человек, переговоры "
        "продолжатся. По данным местных властей, повреждены {m} зданий. В министерстве "
        "сообщили, что ситуация остаётся напряжённой."
    ),
}
_ORGS = {
    "en": ["defence ministry", "Red Cross", "foreign ministry"],
    "fr": ["ministère de la Défense", "Comité international de la Croix-Rouge"],
    "ru": ["министр обороны", "представитель МИД"],
}
_DAYS = {
    "en": ["Monday", "Tuesday", "Wednesday"],
    "fr": ["lundi", "mardi"],
    "ru": ["понедельник", "вторник"],
}


def write_corpus(
    path: Path,
    n: int,
    seed: int = 7,
    langs: tuple[str, ...] = ("en", "fr", "ru"),
    extra: dict[int, str] | None = None,
) -> Path:
    """n JSONL articles; `extra` appends text to chosen rows (injections, long bodies)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            lang = langs[i % len(langs)]
            text = _SOURCES[lang].format(
                org=rng.choice(_ORGS[lang]),
                day=rng.choice(_DAYS[lang]),
                n=rng.randint(10, 9000) + i * 10_000,
                place=rng.choice(_PLACES),
                m=rng.randint(2, 400),
            )
            if extra and i in extra:
                text += "\n\n" + extra[i]
            row = {
                "id": f"t-{i:05d}",
                "title": f"Report {i}",
                "text": text,
                "source": f"Outlet {i % 7}",
                "published_at": "2023-09-20T08:00:00Z",
            }
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path
