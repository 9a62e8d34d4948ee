"""Fixes after the first measurement of final221 to final228 (issue 12): a voice dropped from a
sentence that keeps another (told by the sibling translations), and a morning-to-evening span
on the 24-hour clock after the word for "hour". Each case failed before its fix; each guard
shows what must still be caught or left alone."""

from __future__ import annotations

from newsum.checks import check_translations
from newsum.checks.grounding import ungrounded_numbers
from newsum.checks.same_figure import same_figure_rescaled
from newsum.checks.voices import voices_lost

SUMMARY = (
    "The council will close the pier at night from 1 June. "
    "Mayor Ana Ruiz said the closure would cut vandalism, and Pedro Gil, president of the "
    "Puerto Viejo anglers' club, said it would collect signatures against it. "
    "The club has 240 members."
)
# Five faithful translations, each keeping both voices of the second sentence.
GOOD = {
    "fr": (
        "La mairie fermera la jetée la nuit à partir du 1er juin. "
        "La maire Ana Ruiz a déclaré que la fermeture réduirait le vandalisme, et Pedro Gil, "
        "président du club de pêcheurs de Puerto Viejo, a déclaré que le club recueillerait des "
        "signatures contre elle. "
        "Le club compte 240 membres."
    ),
    "es": (
        "El ayuntamiento cerrará el muelle por la noche a partir del 1 de junio. "
        "La alcaldesa Ana Ruiz dijo que el cierre reduciría el vandalismo, y Pedro Gil, "
        "presidente del club de pescadores de Puerto Viejo, dijo que el club recogería firmas en "
        "contra. "
        "El club tiene 240 socios."
    ),
    "ru": (
        "С 1 июня администрация будет закрывать пирс на ночь. "
        "Мэр Ана Руис заявила, что закрытие сократит вандализм, а Педро Хиль, председатель "
        "клуба рыболовов Пуэрто-Вьехо, заявил, что клуб будет собирать подписи против него. "
        "В клубе 240 членов."
    ),
    "ar": (
        "ستغلق البلدية الرصيف ليلاً اعتباراً من 1 يونيو. "
        "وقالت رئيسة البلدية آنا رويث إن الإغلاق سيحد من التخريب، وقال بيدرو خيل، رئيس نادي "
        "الصيادين في بويرتو بييخو، إن النادي سيجمع توقيعات ضده. "
        "ويضم النادي 240 عضواً."
    ),
    "zh": (
        "市政府将从6月1日起在夜间关闭码头。"
        "市长安娜·鲁伊斯表示，关闭将减少破坏行为；旧港钓鱼俱乐部主席佩德罗·希尔表示，俱乐部将征集签名反对。"
        "该俱乐部有240名会员。"
    ),
}


def test_a_voice_dropped_from_a_sentence_that_keeps_another_is_found() -> None:
    # The club president's "said" dropped in French: the sentence keeps the mayor's, and the
    # words that named him go with it.
    dropped = {
        **GOOD,
        "fr": GOOD["fr"].replace(
            "et Pedro Gil, président du club de pêcheurs de Puerto Viejo, a déclaré que le club "
            "recueillerait",
            "et le club recueillera",
        ),
    }
    lost = voices_lost(SUMMARY, dropped)
    assert list(lost) == ["fr"]
    assert lost["fr"][0]["sentence"] == 2
    assert lost["fr"][0]["said"] == 2 and lost["fr"][0]["kept"] == 1
    results = check_translations(dropped, SUMMARY, "")
    assert "attribution_dropped" in results["fr"].review_reasons
    assert "voice_lost" in results["fr"].details["attribution_dropped"]
    assert all(
        "attribution_dropped" not in results[lang].review_reasons for lang in GOOD if lang != "fr"
    )


def test_faithful_translations_lose_no_voice() -> None:
    assert voices_lost(SUMMARY, GOOD) == {}


def test_two_saids_folded_into_one_are_no_lost_voice() -> None:
    # A translator who says "said" once for both parties loses no words, only a verb.
    folded = {
        **GOOD,
        "es": GOOD["es"].replace(
            "dijo que el club recogería",
            "que el club recogería",
        ),
    }
    assert voices_lost(SUMMARY, folded) == {}


def test_a_lost_voice_shared_by_another_translation_is_no_finding() -> None:
    # Two translations short of the same verb: the lexicon, not the translators.
    both = {
        **GOOD,
        "fr": GOOD["fr"].replace(
            "et Pedro Gil, président du club de pêcheurs de Puerto Viejo, a déclaré que le club "
            "recueillerait",
            "et le club recueillera",
        ),
        "ru": GOOD["ru"].replace(
            "а Педро Хиль, председатель клуба рыболовов Пуэрто-Вьехо, заявил, что клуб будет",
            "а клуб будет",
        ),
    }
    assert voices_lost(SUMMARY, both) == {}


def test_too_few_aligned_siblings_say_nothing() -> None:
    pair = {
        "fr": GOOD["fr"].replace("a déclaré que le club recueillerait", "recueillera"),
        "es": GOOD["es"],
    }
    assert voices_lost(SUMMARY, pair) == {}


def test_a_morning_to_evening_span_after_the_word_for_hour() -> None:
    # Polish "od godz. 9 do 19" is the "9am to 7pm" of a summary; the 7 is the 19.
    source = "Opłaty mają obowiązywać codziennie od godz. 9 do 19."
    assert same_figure_rescaled("7", "daily from 9am to 7pm", source)
    assert same_figure_rescaled("7", "daily from 9am to 7pm", "kl. 9–19 hver dag")
    # Guard: an evening hour the article does not give is still no 19.
    assert not same_figure_rescaled("8", "daily from 9am to 8pm", source)
    assert ungrounded_numbers("daily from 9am to 7pm", "codziennie od 9 do 17") == ["7"]


def test_arabic_participles_that_carry_a_further_claim_attribute() -> None:
    # "وقال … إن …، مضيفاً أن …": the participle is the "and said" of the English.
    from newsum.checks.attribution import attribution_kinds

    sentence = (
        "وقال رئيس الجمعية إن المصانع توظف نحو 26 ألف شخص، مضيفاً أن الاستبيان لا يمثل رأي "
        "المحافظة، مؤكداً أن الحظر سيقطع أرزاقهم، وعزا التراجع إلى فائض العرض."
    )
    assert attribution_kinds(sentence, "ar") == {"say": 3, "blame": 1}
    # Guard: condolences (عزاء) and a host (مضيف) are no attribution.
    assert not attribution_kinds("أقيم بيت عزاء للفقيد، وكان مضيف الحفل رئيس البلدية.", "ar")
