"""A generated, deterministic multilingual news corpus for the benchmark.

Articles are assembled from sentence banks written for this file (no third-party text), with
names, places and figures drawn from a seeded generator. Article i depends only on (seed, i),
so the 100-article corpus is the first 100 rows of the 1,000 one, and a rerun sees the same bytes.
Lengths are 150-400 words (for Chinese, 300-800 characters), in paragraphs of 2-4 sentences;
a share of the rows carries a `lang` hint, as real feeds sometimes do.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HINT_SHARE = 0.4  # share of rows with a `lang` field
MIN_WORDS, MAX_WORDS = 150, 400
_EPOCH = datetime(2024, 3, 1, 6, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Bank:
    """What articles of one language are made of. Slots: {p} person, {c} city, {o} organisation,
    {d} weekday, {n} a large figure, {m} a small figure."""

    sentences: tuple[str, ...]
    titles: tuple[str, ...]
    people: tuple[str, ...]
    cities: tuple[str, ...]
    orgs: tuple[str, ...]
    days: tuple[str, ...]
    outlets: tuple[str, ...]
    spaced: bool = True  # False: no spaces between words (Chinese); length counts characters


BANKS: dict[str, Bank] = {
    "en": Bank(
        sentences=(
            "{o} said on {d} that {n} people had been affected by the flooding in {c}.",
            "According to {p}, a spokesperson for {o}, talks with regional officials would "
            "resume next week.",
            "The council approved a budget of {n} million for roads, schools and hospitals in {c}.",
            "{p} told reporters that the decision had been taken after months of consultation.",
            "Opposition members criticised the plan, saying it did not address the rising cost "
            "of housing.",
            "The ministry reported that exports had grown by {m} percent compared with the "
            "previous year.",
            "Residents of {c} described long queues at petrol stations and closed shops.",
            "Local media reported that at least {m} schools would remain closed until the end "
            "of the month.",
            "{o} called on both sides to respect the ceasefire agreement signed in {c}.",
            "Analysts at {o} expect inflation to slow to {m} percent by the end of the year.",
            "The agreement, which still needs parliamentary approval, covers energy, transport "
            "and trade.",
            "{p} said the government would publish a full report within {m} days.",
            "Police said {m} people had been detained after protests near the parliament building.",
            "The company plans to hire {n} workers at its new factory near {c}, its chief "
            "executive said.",
        ),
        titles=(
            "{o} reports flooding in {c}",
            "Budget for {c} approved after long debate",
            "Talks to resume next week, says {p}",
        ),
        people=("Sarah Collins", "James Porter", "Amelia Grant", "David Okafor", "Helen Ward"),
        cities=("Leeds", "Bristol", "Manchester", "Cardiff", "Glasgow", "Norwich"),
        orgs=("the transport ministry", "the Red Cross", "the central bank", "the city council"),
        days=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
        outlets=("Northern Ledger", "Harbour Times"),
    ),
    "fr": Bank(
        sentences=(
            "{o} a indiqué {d} que {n} personnes avaient été touchées par les inondations à {c}.",
            "Selon {p}, porte-parole de {o}, les discussions avec les élus régionaux "
            "reprendront la semaine prochaine.",
            "Le conseil a adopté un budget de {n} millions d'euros pour les routes, les écoles "
            "et les hôpitaux de {c}.",
            "{p} a déclaré aux journalistes que la décision avait été prise après des mois de "
            "concertation.",
            "L'opposition a critiqué le projet, estimant qu'il ne répondait pas à la hausse du "
            "coût du logement.",
            "Le ministère a annoncé que les exportations avaient progressé de {m} % par rapport "
            "à l'année précédente.",
            "Les habitants de {c} ont décrit de longues files d'attente devant les stations-"
            "service et des commerces fermés.",
            "La presse locale rapporte qu'au moins {m} écoles resteront fermées jusqu'à la fin "
            "du mois.",
            "{o} a appelé les deux parties à respecter l'accord de cessez-le-feu signé à {c}.",
            "Les économistes de {o} s'attendent à ce que l'inflation ralentisse à {m} % d'ici "
            "la fin de l'année.",
            "L'accord, qui doit encore être approuvé par le Parlement, porte sur l'énergie, les "
            "transports et le commerce.",
            "{p} a affirmé que le gouvernement publierait un rapport complet dans les {m} jours.",
            "La police a indiqué que {m} personnes avaient été interpellées après des "
            "manifestations près de l'Assemblée.",
            "L'entreprise prévoit d'embaucher {n} salariés dans sa nouvelle usine près de {c}, "
            "selon son directeur général.",
        ),
        titles=(
            "Inondations à {c} : {o} dresse un premier bilan",
            "Le budget de {c} adopté après un long débat",
            "Les discussions reprendront, selon {p}",
        ),
        people=("Claire Dubois", "Julien Moreau", "Sophie Laurent", "Karim Benali", "Anne Petit"),
        cities=("Lyon", "Marseille", "Toulouse", "Nantes", "Lille", "Strasbourg"),
        orgs=("le ministère des Transports", "la Croix-Rouge", "la Banque de France", "la mairie"),
        days=("lundi", "mardi", "mercredi", "jeudi", "vendredi"),
        outlets=("Le Courrier du Rhône", "La Gazette de l'Ouest"),
    ),
    "de": Bank(
        sentences=(
            "{o} teilte am {d} mit, dass {n} Menschen von dem Hochwasser in {c} betroffen seien.",
            "Nach Angaben von {p}, Sprecherin von {o}, sollen die Gespräche mit den Ländern in "
            "der kommenden Woche fortgesetzt werden.",
            "Der Stadtrat billigte einen Haushalt von {n} Millionen Euro für Straßen, Schulen "
            "und Krankenhäuser in {c}.",
            "{p} sagte vor Journalisten, die Entscheidung sei nach monatelangen Beratungen "
            "gefallen.",
            "Die Opposition kritisierte den Plan und erklärte, er gehe nicht auf die steigenden "
            "Mieten ein.",
            "Das Ministerium berichtete, die Ausfuhren seien im Vergleich zum Vorjahr um {m} "
            "Prozent gestiegen.",
            "Bewohner von {c} berichteten von langen Schlangen an Tankstellen und geschlossenen "
            "Geschäften.",
            "Lokale Medien meldeten, mindestens {m} Schulen blieben bis zum Monatsende "
            "geschlossen.",
            "{o} rief beide Seiten auf, die in {c} unterzeichnete Waffenruhe einzuhalten.",
            "Die Volkswirte von {o} erwarten, dass die Inflation bis zum Jahresende auf {m} "
            "Prozent sinkt.",
            "Das Abkommen, dem das Parlament noch zustimmen muss, betrifft Energie, Verkehr und "
            "Handel.",
            "{p} kündigte an, die Regierung werde innerhalb von {m} Tagen einen vollständigen "
            "Bericht vorlegen.",
            "Die Polizei nahm nach eigenen Angaben {m} Menschen nach Protesten vor dem "
            "Parlamentsgebäude fest.",
            "Das Unternehmen will in seinem neuen Werk bei {c} {n} Beschäftigte einstellen, "
            "sagte der Vorstandschef.",
        ),
        titles=(
            "Hochwasser in {c}: {o} nennt erste Zahlen",
            "Haushalt für {c} nach langer Debatte gebilligt",
            "Gespräche gehen weiter, sagt {p}",
        ),
        people=("Katrin Becker", "Stefan Wagner", "Miriam Hoffmann", "Jonas Richter", "Eva Krause"),
        cities=("Leipzig", "Dresden", "Hannover", "Bremen", "Nürnberg", "Kassel"),
        orgs=("das Verkehrsministerium", "das Rote Kreuz", "die Bundesbank", "der Stadtrat"),
        days=("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"),
        outlets=("Mitteldeutsche Rundschau", "Weser-Kurier Online"),
    ),
    "es": Bank(
        sentences=(
            "{o} informó el {d} de que {n} personas se habían visto afectadas por las "
            "inundaciones en {c}.",
            "Según {p}, portavoz de {o}, las conversaciones con las autoridades regionales se "
            "reanudarán la próxima semana.",
            "El ayuntamiento aprobó un presupuesto de {n} millones de euros para carreteras, "
            "escuelas y hospitales de {c}.",
            "{p} dijo a los periodistas que la decisión se había tomado tras meses de consultas.",
            "La oposición criticó el plan y afirmó que no aborda el aumento del precio de la "
            "vivienda.",
            "El ministerio indicó que las exportaciones habían crecido un {m} por ciento "
            "respecto al año anterior.",
            "Los vecinos de {c} describieron largas colas en las gasolineras y comercios cerrados.",
            "Los medios locales informaron de que al menos {m} colegios seguirán cerrados hasta "
            "final de mes.",
            "{o} pidió a ambas partes que respeten el alto el fuego firmado en {c}.",
            "Los analistas de {o} prevén que la inflación baje al {m} por ciento a finales de año.",
            "El acuerdo, que aún necesita la aprobación del Parlamento, abarca energía, "
            "transporte y comercio.",
            "{p} aseguró que el Gobierno publicará un informe completo en un plazo de {m} días.",
            "La policía señaló que {m} personas fueron detenidas tras las protestas cerca del "
            "Congreso.",
            "La empresa prevé contratar a {n} trabajadores en su nueva fábrica cerca de {c}, "
            "según su consejero delegado.",
        ),
        titles=(
            "Inundaciones en {c}: {o} ofrece un primer balance",
            "Aprobado el presupuesto de {c} tras un largo debate",
            "Las conversaciones se reanudarán, según {p}",
        ),
        people=("Lucía Fernández", "Javier Ortega", "Marta Ruiz", "Andrés Molina", "Elena Vidal"),
        cities=("Valencia", "Sevilla", "Zaragoza", "Bilbao", "Málaga", "Valladolid"),
        orgs=("el Ministerio de Transportes", "la Cruz Roja", "el Banco de España", "la alcaldía"),
        days=("lunes", "martes", "miércoles", "jueves", "viernes"),
        outlets=("Diario del Levante", "La Crónica del Norte"),
    ),
    "ru": Bank(
        sentences=(
            "{o} сообщило в {d}, что от наводнения в городе {c} пострадали {n} человек.",
            "По словам {p}, представителя организации «{o}», переговоры с региональными "
            "властями возобновятся на следующей неделе.",
            "Городской совет утвердил бюджет в размере {n} миллионов рублей на дороги, школы и "
            "больницы города {c}.",
            "{p} заявил журналистам, что решение было принято после нескольких месяцев "
            "консультаций.",
            "Представители оппозиции раскритиковали план, заявив, что он не решает проблему "
            "роста цен на жильё.",
            "В министерстве сообщили, что экспорт вырос на {m} процентов по сравнению с "
            "прошлым годом.",
            "Жители города {c} рассказали о длинных очередях на заправках и закрытых магазинах.",
            "По данным местных СМИ, не менее {m} школ останутся закрытыми до конца месяца.",
            "{o} призвало обе стороны соблюдать соглашение о прекращении огня, подписанное в "
            "городе {c}.",
            "Аналитики ожидают, что к концу года инфляция замедлится до {m} процентов.",
            "Соглашение, которое ещё должен одобрить парламент, касается энергетики, транспорта "
            "и торговли.",
            "{p} сообщил, что правительство опубликует полный доклад в течение {m} дней.",
            "В полиции сообщили, что после протестов у здания парламента были задержаны {m} "
            "человек.",
            "Компания планирует нанять {n} сотрудников на новом заводе под городом {c}, "
            "сообщил её генеральный директор.",
        ),
        titles=(
            "Наводнение в городе {c}: первые данные",
            "Бюджет города {c} утверждён после долгих споров",
            "Переговоры продолжатся, заявил {p}",
        ),
        people=("Ирина Смирнова", "Алексей Волков", "Ольга Попова", "Дмитрий Соколов"),
        cities=("Казань", "Самара", "Пермь", "Воронеж", "Томск", "Омск"),
        orgs=("Министерство транспорта", "Красный Крест", "Центральный банк", "Мэрия"),
        days=("понедельник", "вторник", "среду", "четверг", "пятницу"),
        outlets=("Волжские вести", "Сибирский курьер"),
    ),
    "tr": Bank(
        sentences=(
            "{o} {d} günü yaptığı açıklamada, {c} kentindeki selden {n} kişinin etkilendiğini "
            "bildirdi.",
            "{o} sözcüsü {p}, bölge yetkilileriyle görüşmelerin gelecek hafta yeniden "
            "başlayacağını söyledi.",
            "Belediye meclisi, {c} için yollar, okullar ve hastaneler amacıyla {n} milyon "
            "liralık bütçeyi onayladı.",
            "{p} gazetecilere, kararın aylarca süren istişarelerin ardından alındığını söyledi.",
            "Muhalefet üyeleri planı eleştirerek konut fiyatlarındaki artışa çözüm getirmediğini "
            "savundu.",
            "Bakanlık, ihracatın bir önceki yıla göre yüzde {m} arttığını açıkladı.",
            "{c} sakinleri akaryakıt istasyonlarında uzun kuyruklar oluştuğunu ve dükkânların "
            "kapalı olduğunu anlattı.",
            "Yerel basında çıkan haberlere göre en az {m} okul ay sonuna kadar kapalı kalacak.",
            "{o}, iki tarafı da {c} kentinde imzalanan ateşkes anlaşmasına uymaya çağırdı.",
            "{o} bünyesindeki analistler, enflasyonun yıl sonuna kadar yüzde {m} seviyesine "
            "gerilemesini bekliyor.",
            "Henüz meclis onayı gereken anlaşma enerji, ulaştırma ve ticaret alanlarını kapsıyor.",
            "{p}, hükümetin {m} gün içinde kapsamlı bir rapor yayımlayacağını belirtti.",
            "Polis, meclis binası yakınındaki protestoların ardından {m} kişinin gözaltına "
            "alındığını açıkladı.",
            "Şirketin genel müdürü, {c} yakınındaki yeni fabrikada {n} işçi istihdam "
            "edileceğini söyledi.",
        ),
        titles=(
            "{c} kentinde sel: {o} ilk bilgileri paylaştı",
            "{c} bütçesi uzun tartışmanın ardından onaylandı",
            "{p}: Görüşmeler gelecek hafta sürecek",
        ),
        people=("Ayşe Yılmaz", "Mehmet Demir", "Zeynep Kaya", "Emre Şahin", "Elif Çelik"),
        cities=("Bursa", "Konya", "Eskişehir", "Trabzon", "Samsun", "Kayseri"),
        orgs=("Ulaştırma Bakanlığı", "Kızılay", "Merkez Bankası", "Valilik"),
        days=("pazartesi", "salı", "çarşamba", "perşembe", "cuma"),
        outlets=("Karadeniz Haber", "Anadolu Gündem"),
    ),
    "ar": Bank(
        sentences=(
            "أعلنت {o} يوم {d} أن {n} شخصا تضرروا من الفيضانات في مدينة {c}.",
            "وقال {p}، المتحدث باسم {o}، إن المحادثات مع المسؤولين المحليين ستستأنف الأسبوع "
            "المقبل.",
            "ووافق المجلس البلدي على ميزانية قدرها {n} مليون لتطوير الطرق والمدارس والمستشفيات "
            "في {c}.",
            "وأوضح {p} للصحفيين أن القرار اتخذ بعد أشهر من المشاورات.",
            "وانتقد أعضاء المعارضة الخطة، قائلين إنها لا تعالج ارتفاع تكاليف السكن.",
            "وذكرت الوزارة أن الصادرات ارتفعت بنسبة {m} في المئة مقارنة بالعام الماضي.",
            "ووصف سكان {c} طوابير طويلة أمام محطات الوقود ومحلات تجارية مغلقة.",
            "وأفادت وسائل إعلام محلية بأن {m} مدرسة على الأقل ستبقى مغلقة حتى نهاية الشهر.",
            "ودعت {o} الطرفين إلى احترام اتفاق وقف إطلاق النار الموقع في {c}.",
            "ويتوقع محللون أن يتراجع التضخم إلى {m} في المئة بحلول نهاية العام.",
            "ويشمل الاتفاق، الذي لا يزال بحاجة إلى موافقة البرلمان، مجالات الطاقة والنقل والتجارة.",
            "وأكد {p} أن الحكومة ستنشر تقريرا كاملا خلال {m} يوما.",
            "وقالت الشرطة إنها احتجزت {m} أشخاص بعد احتجاجات قرب مبنى البرلمان.",
            "وقال المدير التنفيذي للشركة إنها تعتزم توظيف {n} عامل في مصنعها الجديد قرب {c}.",
        ),
        titles=(
            "فيضانات في {c}: {o} تعلن حصيلة أولية",
            "إقرار ميزانية {c} بعد نقاش طويل",
            "{p}: المحادثات تستأنف الأسبوع المقبل",
        ),
        people=("أحمد الخطيب", "ليلى حداد", "محمد السعدي", "سارة العلي", "يوسف منصور"),
        cities=("الإسكندرية", "عمّان", "بيروت", "تونس", "الدار البيضاء", "الدوحة"),
        orgs=("وزارة النقل", "جمعية الهلال الأحمر", "البنك المركزي", "البلدية"),
        days=("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة"),
        outlets=("صحيفة الشروق الرقمية", "أخبار الساحل"),
    ),
    "zh": Bank(
        sentences=(
            "{o}{d}表示，{c}的洪水已造成{n}人受灾。",
            "{o}发言人{p}说，与地方官员的会谈将于下周恢复。",
            "市议会批准了{n}万元的预算，用于{c}的道路、学校和医院建设。",
            "{p}对记者说，这一决定是在数月的协商之后作出的。",
            "反对派人士批评该计划，称其没有解决住房成本上涨的问题。",
            "该部表示，出口额比上一年增长了{m}%。",
            "{c}居民描述了加油站前排起的长队和关门的商店。",
            "据当地媒体报道，至少{m}所学校将关闭到月底。",
            "{o}呼吁双方遵守在{c}签署的停火协议。",
            "{o}的分析人士预计，到年底通货膨胀率将降至{m}%。",
            "这项协议仍需议会批准，涉及能源、交通和贸易等领域。",
            "{p}说，政府将在{m}天内发布完整报告。",
            "警方称，议会大楼附近发生抗议后，已有{m}人被拘留。",
            "公司首席执行官说，公司计划在{c}附近的新工厂招聘{n}名工人。",
        ),
        titles=(
            "{c}发生洪灾，{o}公布初步数字",
            "{c}预算在长时间辩论后获得通过",
            "{p}：会谈下周继续",
        ),
        people=("王丽", "李明", "张伟", "陈静", "刘洋"),
        cities=("成都", "武汉", "杭州", "西安", "青岛", "昆明"),
        orgs=("交通运输部", "红十字会", "中央银行", "市政府"),
        days=("周一", "周二", "周三", "周四", "周五"),
        outlets=("江南日报", "西部观察"),
        spaced=False,
    ),
}
LANGUAGES: tuple[str, ...] = tuple(BANKS)


def _fill(template: str, bank: Bank, rng: random.Random) -> str:
    return template.format(
        p=rng.choice(bank.people),
        c=rng.choice(bank.cities),
        o=rng.choice(bank.orgs),
        d=rng.choice(bank.days),
        n=rng.randint(120, 98_000),
        m=rng.randint(2, 95),
    )


def _size(text: str, bank: Bank) -> int:
    # Chinese has no spaces: about two characters make a word.
    return len(text.split()) if bank.spaced else len(text) // 2


def _capitalise(sentence: str) -> str:
    # Templates may start with an organisation written in lower case ("the Red Cross said ...").
    return sentence[:1].upper() + sentence[1:]


def make_article(index: int, seed: int = 0) -> dict[str, Any]:
    """Article `index` of the corpus: the same (seed, index) always gives the same row."""
    rng = random.Random(f"{seed}:{index}")
    lang = LANGUAGES[index % len(LANGUAGES)]
    bank = BANKS[lang]
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    sep = " " if bank.spaced else ""
    paragraphs: list[str] = []
    words = 0
    while words < target:
        count = rng.randint(2, 4)
        sentences = [_capitalise(_fill(t, bank, rng)) for t in rng.sample(bank.sentences, count)]
        paragraph = sep.join(sentences)
        paragraphs.append(paragraph)
        words += _size(paragraph, bank)
    row: dict[str, Any] = {
        "id": f"bench-{seed}-{index:06d}",
        "title": _capitalise(_fill(rng.choice(bank.titles), bank, rng)),
        "text": "\n\n".join(paragraphs),
        "source": rng.choice(bank.outlets),
        "published_at": (_EPOCH + timedelta(minutes=7 * index)).isoformat(),
    }
    if rng.random() < HINT_SHARE:
        row["lang"] = lang
    return row


def iter_articles(n: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    for index in range(n):
        yield make_article(index, seed)


def write_corpus(path: Path, n: int, seed: int = 0) -> Path:
    """The first `n` articles as JSONL at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for row in iter_articles(n, seed):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path
