"""Clauses and parties the claim check misread on good summaries of the checks benchmark's
splits final165 to final172, and figures read wrong on final173 to final180, after their first
measurements (issue 12). Each case failed before its fix; each guard shows that the same claim
without its party, or with a subject of its own, is still caught as stated as fact, and that
another figure is still another figure."""

from __future__ import annotations

import pytest

from newsum.checks import has_attribution
from newsum.checks.number_words import spelled_numbers
from newsum.checks.same_figure import same_figure_rescaled
from newsum.checks.stated import claims_stated_as_fact
from tests.support.summaries import summary_with_claims


def _stated(text: str, claims: list[tuple[str, str]]) -> list[str]:
    return claims_stated_as_fact(text, "", "en", summary_with_claims(text, claims))


def test_a_body_named_by_its_head_noun_after_a_comma() -> None:
    claims = [("Mútua Camp i Mar", "Its policy excludes towers of eight storeys or more.")]
    first = "Mútua Camp i Mar, the insurer of the council, is asking €12,400 for the display. "
    assert (
        _stated(first + "The insurer's policy excludes towers of eight storeys or more.", claims)
        == []
    )
    # Guard: the claim with nobody named before it.
    assert _stated(first + "Towers of eight storeys or more are excluded by policy.", claims)


def test_a_farm_and_a_business_are_called_the_farm_and_the_company() -> None:
    farm = [("Baixi forest farm", "It offers 4,500 yuan per mu and an extra year for old plots.")]
    assert (
        _stated("The farm now offers 4,500 yuan per mu and an extra year for old plots.", farm)
        == []
    )
    firm = [
        (
            "Zheng Liqun, general manager of the operator, Huzhou Xingye",
            "Extend the deadline to March.",
        )
    ]
    assert _stated("The company has asked the bureau to extend the deadline to March.", firm) == []
    # Guard: the council's demand told as what will happen is stated as fact. (The company's
    # asking for it is since round 38 the company's own act, whoever the claim's party.)
    council = [("Skole town council", "The bureau should extend the deadline to March.")]
    assert _stated("The bureau will extend the deadline to March.", council)


def test_a_body_named_in_its_own_language() -> None:
    claims = [
        (
            "Cooperativa Mixta de Alfareras Lencas",
            "A complaint to the prosecutor's office will be filed.",
        )
    ]
    text = "The cooperative plans a complaint to the prosecutor's office, which will be filed."
    assert _stated(text, claims) == []


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "The company offers a launch lower down, and will pay 150,000 hryvnias to clear it.",
            "It will pay 150,000 hryvnias to clear the launch.",
        ),
        (
            "The company, which runs the centre, proposed a rent cut, and charging stalls a fee "
            "of 4 per cent.",
            "Stalls should be charged a fee of 4 per cent.",
        ),
        (
            "The company is asking €12,400, and its policy caps the square at 1,500 people.",
            "Its policy caps the square at 1,500 people.",
        ),
    ],
)
def test_and_with_no_subject_of_its_own_goes_on_from_the_clause_before(
    text: str, claim: str
) -> None:
    assert _stated(text, [("the company", claim)]) == []


def test_and_with_a_subject_of_its_own_is_a_clause_of_its_own() -> None:
    claims = [("the company", "The square is capped at 1,500 people.")]
    text = "The company is asking €12,400, and the square is capped at 1,500 people."
    assert _stated(text, claims)


@pytest.mark.parametrize(
    "text",
    [
        "The weavers estimate a treatment plant would cost about 480,000 pesos.",
        "Residents argue that the gate was locked during the drill.",
        "Growers insist the price fell by a third.",
    ],
)
def test_reporting_verbs_after_a_plural_subject(text: str) -> None:
    assert has_attribution(text, "en")


# --- Figures ---------------------------------------------------------------------------------


def test_a_czech_hour_on_the_24_hour_clock() -> None:
    summary = "The ferry will stop at 7pm instead of 9pm."
    article = "Provoz skončí v 19 hodin, nikoli ve 21 hodin, a po 19. hodině nejezdí nic."
    assert same_figure_rescaled("7", summary, article)
    assert same_figure_rescaled("9", summary, article)
    # Guard: another hour is not it.
    assert not same_figure_rescaled("7", summary, "Provoz skončí v 17 hodin.")


@pytest.mark.parametrize(
    ("text", "lang", "figures"),
    [
        ("udruga koja okuplja četrnaest obitelji i pet zadruga", "hr", {"14", "5"}),
        ("für drei Feste gleich dreimal abgerechnet", "de", {"3"}),
    ],
)
def test_more_number_words(text: str, lang: str, figures: set[str]) -> None:
    assert figures <= spelled_numbers(text, lang)


# --- Reporting verbs in translations -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("les ouvriers préviennent qu'environ 1 500 cueilleuses cesseront le travail", "fr"),
        ("lo que el comité describe como rastros de inyecciones", "es"),
        ("la concejala ha instado a la empresa a publicar los datos", "es"),
        ("إذ يحمّل المربّون المسؤولية للطين الناتج عن المشروع", "ar"),
        ("فيما تعزوه الشركة إلى ارتفاع حرارة المياه", "ar"),
    ],
)
def test_warning_describing_urging_and_blaming_attribute(text: str, lang: str) -> None:
    assert has_attribution(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("يحمل الصياد الشبكة إلى القارب كل صباح", "ar"),  # carries, no shadda: no blame
        ("la guía describe la ruta del ferry", "es"),
    ],
)
def test_their_literal_senses_attribute_nothing(text: str, lang: str) -> None:
    assert not has_attribution(text, lang)
