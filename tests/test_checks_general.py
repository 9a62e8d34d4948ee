"""Causes of false flags seen on unseen answers, fixed in general ways (issue 12): each case
failed before its fix, and the faulty counterpart is still caught."""

from __future__ import annotations

import pytest

from newsum.checks import entities_not_in_source, names_missing_in_translation
from newsum.checks.names import names_added_in_translation

# --- names: capitals and cities in every script, abbreviations, designations ---------------


@pytest.mark.parametrize(
    ("summary", "translation"),
    [
        ("The move challenges Beijing's policy.", "Ce geste défie la politique de Pékin."),
        ("The move challenges Beijing's policy.", "Этот шаг бросает вызов политике Пекина."),
        ("They were executed in Pyongyang.", "Их казнили в Пхеньяне."),
        ("They were executed in Pyongyang.", "أُعدموا في بيونغيانغ."),
        ("Washington insisted on disarmament.", "وأصرت واشنطن على نزع السلاح."),
        ("The summit in Hanoi ended without a deal.", "河内峰会未能达成协议。"),
    ],
)
def test_capitals_and_cities_are_found_in_their_exonyms(summary: str, translation: str) -> None:
    assert names_missing_in_translation(summary, translation) == []


@pytest.mark.parametrize(
    ("summary", "translation"),
    [
        ("They were executed in Pyongyang.", "Их казнили в Сеуле."),
        ("The move challenges Beijing's policy.", "Ce geste défie la politique de Taipei."),
        # A short name in a Latin-script translation is kept as written.
        ("Nick Bryant reported from Fort Hood.", "Nick Bryant a rapporté depuis Fort Bragg."),
    ],
)
def test_a_changed_city_is_still_missing(summary: str, translation: str) -> None:
    assert names_missing_in_translation(summary, translation) != []


def test_designations_and_titles_are_no_names_to_follow() -> None:
    summary = "The Sumgayit City Court jailed him under Article 234.1 of the Criminal Code."
    fr = "Le tribunal de la ville de Soumgaït l'a jugé en vertu de l'article 234.1 du Code pénal."
    ar = "وسجنته محكمة مدينة سومغايت بموجب المادة 234.1 من القانون الجنائي."
    assert names_missing_in_translation(summary, fr) == []
    assert names_missing_in_translation(summary, ar) == []
    azeri = "Sumqayıt Şəhər Məhkəməsi onu Cinayət Məcəlləsinin 234.1-ci maddəsi ilə həbs etdi."
    assert "Article" not in entities_not_in_source(summary, azeri, same_language=False)


def test_an_upper_case_abbreviation_names_its_country() -> None:
    summary = "He is defending himself before a US military court."
    assert names_added_in_translation(summary, "Он защищает себя в военном суде США.") == []
    # Still caught: a country the summary does not name.
    assert names_added_in_translation(summary, "Он защищает себя в военном суде Франции.") == [
        "France"
    ]
