"""A small fictional corpus for measuring event grouping (written for this project, CC0).

Five events and three unrelated single stories, all in one week, in eight languages, with hard
negatives: a football final in the earthquake's town, a concert in the strike's port, and two
events told in Spanish. Every place, person and figure is invented.

Each article has `text`, its lead in its own language (what the fake server's "summary" looks
like: it echoes the first sentences), and `en`, an English summary as a capable model would write
it in the pipeline language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class CorpusArticle:
    article_id: str
    event: str
    lang: str
    source: str
    day: int  # of March 2024
    text: str
    en: str

    @property
    def published_at(self) -> datetime:
        return datetime(2024, 3, self.day, 9, tzinfo=UTC)


CORPUS: tuple[CorpusArticle, ...] = (
    # --- A: earthquake near Sarnovo (Dalvenia) ------------------------------------------------
    CorpusArticle(
        "q-en", "quake", "en", "Northern Ledger", 11,
        "A magnitude 6.1 earthquake struck near the town of Sarnovo in Dalvenia early on Monday, "
        "killing at least 14 people, the regional civil protection agency said. More than 200 "
        "people were injured and rescue teams were searching collapsed buildings in the old town.",
        "A magnitude 6.1 earthquake hit near Sarnovo in Dalvenia on Monday. The regional civil "
        "protection agency said at least 14 people were killed and more than 200 injured, and "
        "rescuers were searching collapsed buildings.",
    ),
    CorpusArticle(
        "q-it", "quake", "it", "Corriere Adriatico Nuovo", 11,
        "Un terremoto di magnitudo 6.1 ha colpito lunedì mattina la zona di Sarnovo, in Dalvenia. "
        "Secondo la protezione civile regionale i morti sono almeno 14 e i feriti oltre 200, "
        "mentre i soccorritori scavano tra le macerie del centro storico.",
        "Italian outlet Corriere Adriatico Nuovo reported that a 6.1 magnitude earthquake struck "
        "the Sarnovo area of Dalvenia on Monday morning. According to regional civil protection, "
        "at least 14 people died and over 200 were injured as rescuers dug through rubble.",
    ),
    CorpusArticle(
        "q-de", "quake", "de", "Donaukurier Online", 12,
        "Nach dem schweren Erdbeben in Dalvenien ist die Zahl der Toten auf 19 gestiegen. "
        "Die Behörden in Sarnovo erklärten, dass noch immer Menschen unter den Trümmern vermutet "
        "werden; die Regierung rief den Notstand für die Region aus.",
        "The death toll from the earthquake in Dalvenia rose to 19, authorities in Sarnovo said on "
        "Tuesday. They said people were still believed trapped under rubble, and the government "
        "declared a state of emergency for the region.",
    ),
    CorpusArticle(
        "q-ru", "quake", "ru", "Восточный экспресс", 12,
        "Число погибших в результате землетрясения магнитудой 6,1 в Дальвении возросло до 19 "
        "человек. Власти города Сарново сообщили, что спасатели продолжают разбирать завалы.",
        "Russian-language Vostochny Express reported that the number of people killed by the 6.1 "
        "magnitude earthquake in Dalvenia had risen to 19. Officials in the town of Sarnovo said "
        "rescuers were still clearing rubble.",
    ),
    # --- B: Norvania's central bank raises its rate --------------------------------------------
    CorpusArticle(
        "b-en", "rates", "en", "Capital Markets Daily", 12,
        "The Bank of Norvania raised its main interest rate by half a percentage point to 4.25% on "
        "Tuesday, citing inflation of 6.8%. Governor Elsa Brandt said further increases could not "
        "be ruled out.",
        "The Bank of Norvania raised its main interest rate by 0.5 percentage points to 4.25%, "
        "pointing to inflation of 6.8%. Governor Elsa Brandt said further rises could not be "
        "ruled out.",
    ),
    CorpusArticle(
        "b-de", "rates", "de", "Finanzblatt", 12,
        "Die Notenbank Norvaniens hat den Leitzins um einen halben Prozentpunkt auf 4,25 Prozent "
        "angehoben. Notenbankchefin Elsa Brandt verwies auf eine Inflationsrate von 6,8 Prozent.",
        "Norvania's central bank raised its key rate by half a point to 4.25 percent. Its governor "
        "Elsa Brandt pointed to an inflation rate of 6.8 percent, Finanzblatt reported.",
    ),
    CorpusArticle(
        "b-fr", "rates", "fr", "L'Écho des marchés", 13,
        "La banque centrale de Norvanie a relevé mardi son taux directeur à 4,25 %, une hausse "
        "d'un demi-point. Les syndicats ont dénoncé une décision qui pèsera sur les ménages "
        "endettés, selon leur porte-parole.",
        "Norvania's central bank raised its policy rate by half a point to 4.25% on Tuesday. "
        "Trade unions criticised the decision, saying through a spokesperson that it would weigh "
        "on indebted households.",
    ),
    # --- C: dock strike in the port of Kelmar ---------------------------------------------------
    CorpusArticle(
        "s-en", "strike", "en", "Harbour Post", 13,
        "About 3,000 dock workers at the port of Kelmar walked out on Wednesday at the start of a "
        "48-hour strike over pay, the KTU union said. Dozens of container ships were waiting "
        "offshore, according to the port authority.",
        "Some 3,000 dockworkers in the port of Kelmar began a 48-hour strike over pay on "
        "Wednesday, the KTU union said. The port authority said dozens of container ships were "
        "waiting offshore.",
    ),
    CorpusArticle(
        "s-es", "strike", "es", "Diario del Puerto Sur", 13,
        "Unos 3.000 estibadores del puerto de Kelmar iniciaron el miércoles una huelga de 48 horas "
        "para exigir subidas salariales, según el sindicato KTU. La autoridad portuaria informó de "
        "decenas de buques a la espera frente a la costa.",
        "Around 3,000 stevedores at the port of Kelmar started a 48-hour strike on Wednesday to "
        "demand pay rises, according to the KTU union. The port authority reported dozens of "
        "ships waiting off the coast.",
    ),
    CorpusArticle(
        "s-fr", "strike", "fr", "Le Marin libre", 14,
        "Au deuxième jour de la grève des dockers de Kelmar, le trafic reste paralysé. La "
        "direction du port affirme que les pertes dépassent déjà 12 millions d'euros, tandis que "
        "le syndicat KTU réclame une hausse de 9 %.",
        "On the second day of the Kelmar dockworkers' strike, traffic remained paralysed. Port "
        "management said losses already exceeded 12 million euros, while the KTU union was "
        "demanding a 9% pay rise.",
    ),
    CorpusArticle(
        "s-tr", "strike", "tr", "Liman Haber", 14,
        "Kelmar limanında 3.000 liman işçisinin başlattığı 48 saatlik grev ikinci gününe girdi. "
        "KTU sendikası yüzde 9 zam talep ettiklerini açıkladı.",
        "The 48-hour strike by 3,000 port workers in Kelmar entered its second day, Liman Haber "
        "reported. The KTU union said it was demanding a 9% raise.",
    ),
    # --- D: wildfire on the island of Thessa ----------------------------------------------------
    CorpusArticle(
        "f-en", "fire", "en", "Island Courier", 12,
        "A wildfire driven by strong winds forced the evacuation of 1,200 people from three "
        "villages on the island of Thessa on Tuesday, the fire service said. Water-bombing planes "
        "were deployed at first light.",
        "Strong winds drove a wildfire on the island of Thessa that forced 1,200 people from three "
        "villages to evacuate on Tuesday, the fire service said. Water-bombing aircraft were "
        "deployed at dawn.",
    ),
    CorpusArticle(
        "f-fr", "fire", "fr", "Méditerranée Info", 12,
        "Un incendie attisé par des vents violents a contraint 1 200 habitants de trois villages "
        "de l'île de Thessa à évacuer mardi, selon les pompiers. Des bombardiers d'eau sont "
        "intervenus dès l'aube.",
        "A fire fanned by violent winds forced 1,200 residents of three villages on the island of "
        "Thessa to evacuate on Tuesday, according to firefighters. Water bombers were used from "
        "dawn.",
    ),
    CorpusArticle(
        "f-ru", "fire", "ru", "Южный вестник", 13,
        "Лесной пожар на острове Тесса удалось частично локализовать, сообщили пожарные. "
        "Из трёх деревень были эвакуированы 1200 жителей, сгорели не менее 40 домов.",
        "Firefighters said the wildfire on the island of Thessa had been partly contained. "
        "Some 1,200 residents of three villages were evacuated and at least 40 houses burned, "
        "they said.",
    ),
    CorpusArticle(
        "f-es", "fire", "es", "Crónica Insular", 13,
        "Los bomberos mantienen activo el incendio forestal de la isla de Tesa, donde al menos "
        "40 viviendas han ardido. Los 1.200 evacuados de tres aldeas aún no pueden volver a casa.",
        "Firefighters were still fighting the wildfire on the island of Thessa, where at least 40 "
        "homes burned. The 1,200 people evacuated from three villages could not yet return home, "
        "Crónica Insular reported.",
    ),
    # --- E: ferry collision in the Strait of Marun ---------------------------------------------
    CorpusArticle(
        "c-tr", "ferry", "tr", "Boğaz Gazetesi", 14,
        "Marun Boğazı'nda Aydın Yıldızı adlı yolcu feribotu bir kargo gemisiyle çarpıştı. "
        "Sahil Güvenlik, 310 yolcunun kurtarıldığını, 2 kişinin ise kayıp olduğunu bildirdi.",
        "The passenger ferry Aydin Star collided with a cargo ship in the Strait of Marun. The "
        "coast guard said 310 passengers were rescued and 2 people were missing.",
    ),
    CorpusArticle(
        "c-en", "ferry", "en", "Maritime Bulletin", 14,
        "A passenger ferry, the Aydin Star, collided with a cargo vessel in the Strait of Marun on "
        "Thursday. The coast guard said 310 people had been rescued and two crew members were "
        "missing.",
        "The ferry Aydin Star collided with a cargo vessel in the Strait of Marun on Thursday. The "
        "coast guard said 310 people were rescued and two crew members were missing.",
    ),
    CorpusArticle(
        "c-ar", "ferry", "ar", "نشرة البحر", 14,
        "اصطدمت عبّارة الركاب آيدن ستار بسفينة شحن في مضيق مارون يوم الخميس. وقال خفر السواحل "
        "إنه تم إنقاذ 310 أشخاص وإن شخصين في عداد المفقودين.",
        "The passenger ferry Aydin Star hit a cargo ship in the Marun Strait on Thursday. The "
        "coast guard said 310 people had been rescued and two were missing.",
    ),
    CorpusArticle(
        "c-ru", "ferry", "ru", "Морской курьер", 14,
        "В проливе Марун паром «Айдын Стар» столкнулся с грузовым судном. По данным береговой "
        "охраны, спасены 310 человек, двое числятся пропавшими без вести.",
        "The ferry Aydin Star collided with a cargo ship in the Marun Strait. According to the "
        "coast guard, 310 people were rescued and two were listed as missing.",
    ),
    # --- single stories (hard negatives) --------------------------------------------------------
    CorpusArticle(
        "x-es", "football", "es", "Deportes Hoy", 13,
        "El Atlético Sarnovo ganó la final de la Copa de Dalvenia por 2-1 ante el Real Orvieto. "
        "El entrenador dedicó el título a las víctimas del terremoto.",
        "Atletico Sarnovo won the Dalvenia Cup final 2-1 against Real Orvieto. The coach dedicated "
        "the title to the victims of the earthquake, Deportes Hoy reported.",
    ),
    CorpusArticle(
        "x-de", "concert", "de", "Kulturspiegel Nord", 13,
        "Das Philharmonische Orchester gab am Mittwoch ein ausverkauftes Konzert in der neuen "
        "Hafenhalle von Kelmar. Auf dem Programm standen Werke von Brahms und Sibelius.",
        "The Philharmonic Orchestra played a sold-out concert on Wednesday in Kelmar's new harbour "
        "hall, with works by Brahms and Sibelius on the programme.",
    ),
    CorpusArticle(
        "x-en", "phone", "en", "Gadget Weekly", 12,
        "Lumeo unveiled its new folding smartphone on Tuesday, priced at 1,299 dollars. The "
        "company said the device would go on sale in 14 countries next month.",
        "Lumeo unveiled a new folding smartphone priced at 1,299 dollars on Tuesday. The company "
        "said it would go on sale in 14 countries next month.",
    ),
)  # fmt: skip
