"""One summary's translations checked together (checks.consensus): a loss another translation
shares is set aside as a note, a loss of one translation alone stays a review reason."""

from __future__ import annotations

import json

from newsum.checks import check_translation, check_translations
from newsum.translate import TranslationOutcome
from newsum.translation_rows import translation_columns

SUMMARY = (
    "The Lobster Fishing Area 34 committee said on Monday that the season would open on 1 May, "
    "while the federal fisheries department denied that stocks had fallen."
)
# French and Spanish translate the committee's English name word by word, which the name checks
# cannot follow; Russian keeps what they look for.
GOOD = {
    "fr": "Le comité de la zone de pêche au homard 34 a déclaré lundi que la saison ouvrirait le "
    "1er mai, tandis que le ministère fédéral des Pêches a nié que les stocks aient diminué.",
    "es": "El comité del área de pesca de langosta 34 dijo el lunes que la temporada se abriría el "
    "1 de mayo, mientras que el departamento federal de pesca negó que las poblaciones hubieran "
    "disminuido.",
    "ru": "Комитет района промысла омара 34 заявил в понедельник, что сезон откроется 1 мая, а "
    "федеральное ведомство рыболовства опровергло сокращение запасов.",
}


def test_a_loss_two_translations_share_is_set_aside_as_a_note() -> None:
    alone = {lang: check_translation(text, SUMMARY, "", lang) for lang, text in GOOD.items()}
    assert alone["fr"].review_reasons == alone["es"].review_reasons == ["translation_names_missing"]
    together = check_translations(GOOD, SUMMARY, "")
    assert not any(r.needs_review for r in together.values())
    assert together["fr"].details["translation_names_missing_shared"] == {
        "detail": ["Lobster Fishing Area"],
        "also_in": ["es"],
    }
    assert "translation_names_missing" not in together["es"].details


def test_a_loss_of_one_translation_alone_stays_a_reason() -> None:
    changed = {**GOOD, "es": GOOD["es"].replace("langosta 34", "langosta 43")}
    together = check_translations(changed, SUMMARY, "")
    assert "translation_numbers_missing" in together["es"].review_reasons
    assert together["es"].details["translation_numbers_missing"] == ["34"]
    assert not together["fr"].needs_review and not together["ru"].needs_review
    # Its name loss is still shared with French.
    assert "translation_names_missing_shared" in together["es"].details


def test_a_loss_shared_only_in_part_keeps_the_whole_reason() -> None:
    summary = SUMMARY.replace("federal fisheries department", "Fisheries and Oceans Canada")
    translations = {
        "fr": GOOD["fr"].replace("ministère fédéral des Pêches", "ministère des Pêches"),
        "es": GOOD["es"].replace("departamento federal de pesca", "Pesca y Océanos Canadá"),
    }
    together = check_translations(translations, summary, "")
    fr = together["fr"]
    assert fr.review_reasons == ["translation_names_missing"]
    assert "Lobster Fishing Area" in fr.details["translation_names_missing"]
    assert len(fr.details["translation_names_missing"]) == 2


def test_a_flipped_verb_in_one_translation_stays_a_reason() -> None:
    flipped = {**GOOD, "ru": GOOD["ru"].replace("опровергло", "подтвердило")}
    together = check_translations(flipped, SUMMARY, "")
    assert "attribution_flipped" in together["ru"].review_reasons
    assert not together["fr"].needs_review and not together["es"].needs_review


def test_a_single_translation_has_no_sibling_to_share_with() -> None:
    (fr,) = check_translations({"fr": GOOD["fr"]}, SUMMARY, "").values()
    assert fr.review_reasons == ["translation_names_missing"]


def test_translation_columns_check_together_and_flag_a_failed_one() -> None:
    outcomes = [
        TranslationOutcome("fr", GOOD["fr"], None),
        TranslationOutcome("es", GOOD["es"], None),
        TranslationOutcome("zh", None, None, error="timed out"),
    ]
    fr, es, zh = translation_columns(outcomes, SUMMARY, "", "en", "a-model")
    assert not fr.needs_review and not es.needs_review
    assert "translation_names_missing_shared" in json.loads(fr.review_details or "{}")
    assert zh.needs_review and zh.review_reasons == "translation_failed" and zh.error == "timed out"


def test_a_name_two_translations_add_is_set_aside_one_alone_stays() -> None:
    summary = "Committee chairman Hans Christian Dybro (V) said the approval followed the rules."
    fr = (
        "Le président de la commission, Hans Christian Dybro (Venstre), a déclaré que "
        "l'autorisation respectait les règles."
    )
    es = (
        "El presidente de la comisión, Hans Christian Dybro (Venstre), dijo que la aprobación "
        "seguía las normas."
    )
    alone = check_translation(fr, summary, "", "fr")
    assert alone.review_reasons == ["translation_names_added"]
    together = check_translations({"fr": fr, "es": es}, summary, "")
    assert not together["fr"].needs_review and not together["es"].needs_review
    assert together["es"].details["translation_names_added_shared"]["detail"] == ["Venstre"]
    changed = es.replace("Hans Christian Dybro (Venstre)", "Hans Christian Dybro (Moderaterne)")
    apart = check_translations({"fr": fr, "es": changed}, summary, "")
    assert apart["fr"].review_reasons == ["translation_names_added"]
    assert apart["es"].review_reasons == ["translation_names_added"]
