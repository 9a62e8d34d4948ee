"""What the checks missed, or flagged on good answers, on the checks benchmark's splits final197
to final204, after their first measurement (issue 12). Each case failed before its fix; each
guard shows what must still be caught or left alone."""

from __future__ import annotations

from newsum.checks.translation_names import names_missing_in_translation

_SUMMARY = (
    "Boatmen at the Jianshui scenic area in Shaoxing's Yuecheng district are in dispute with its "
    "operator over pay. The company said 46 boatmen would earn more under the new scheme. "
    "The Yuecheng district tourism bureau plans mediation."
)


def test_a_name_changed_where_the_summary_gives_it_is_missing_there() -> None:
    # The first "Yuecheng" became another district; the second was kept. Read over the whole
    # text the name is there; read where the summary says it, it is not.
    changed = (
        "Les bateliers de la zone touristique de Jianshui, dans le district de Keqiao à "
        "Shaoxing, sont en conflit avec l’exploitant au sujet de leur rémunération. "
        "L'entreprise a déclaré que 46 bateliers gagneraient davantage avec le nouveau système. "
        "Le bureau du tourisme du district de Yuecheng prévoit une médiation."
    )
    assert names_missing_in_translation(_SUMMARY, changed, "fr") == ["Yuecheng"]


def test_a_name_kept_in_its_sentence_or_the_next_is_not_missing() -> None:
    # The translator moved the district into the sentence after: one sentence either side is
    # where the summary's name may go.
    kept = (
        "Les bateliers de la zone touristique de Jianshui à Shaoxing sont en conflit avec son "
        "exploitant, dans le district de Yuecheng, au sujet de leur rémunération. L'entreprise "
        "a déclaré que 46 bateliers gagneraient davantage avec le nouveau système. Le bureau du "
        "tourisme du district de Yuecheng prévoit une médiation."
    )
    assert names_missing_in_translation(_SUMMARY, kept, "fr") == []


def test_sentences_that_do_not_line_up_are_not_read_one_by_one() -> None:
    # Two sentences merged into one: no sentence of the translation stands for one of the
    # summary's, and the whole text names Yuecheng.
    merged = (
        "Les bateliers de la zone touristique de Jianshui, dans le district de Keqiao à "
        "Shaoxing, sont en conflit avec son exploitant au sujet de leur rémunération, et "
        "l'entreprise a déclaré que 46 bateliers gagneraient davantage. Le bureau du tourisme "
        "du district de Yuecheng prévoit une médiation."
    )
    assert names_missing_in_translation(_SUMMARY, merged, "fr") == []


def test_a_name_of_everyday_words_may_be_translated_in_its_sentence() -> None:
    summary = (
        "The Harbour Rowing Club said the race would move. The club's members voted in May. "
        "The Harbour Rowing Club will appeal."
    )
    translation = (
        "Le club d'aviron du port a déclaré que la course serait déplacée. Les membres du club "
        "ont voté en mai. Le Harbour Rowing Club fera appel."
    )
    assert names_missing_in_translation(summary, translation, "fr") == []


def test_cyrillic_translations_are_left_to_the_listed_names() -> None:
    # Russian transliterations follow conventions a skeleton does not know: not read by sentence.
    translation = (
        "Лодочники туристической зоны Цзяньшуй в районе Кэцяо города Шаосин спорят с оператором "
        "об оплате. Компания заявила, что 46 лодочников будут зарабатывать больше. Районное "
        "бюро туризма Юэчэн планирует посредничество."
    )
    assert names_missing_in_translation(_SUMMARY, translation, "ru") == []
