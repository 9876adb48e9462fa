"""A seed case typed into the real app key by key (tests/ui/test_terminal_typing*.py), in
the language the volunteer reads: the same keys in the same order, the screen's words,
the options' first letters and the free text in English or in Kazakh."""

from __future__ import annotations

from tests.conftest import PASSPHRASE
from tests.support.terminal_keys import Terminal

# What is read off the screen, the start of each option chosen, and what is typed.
ENGLISH = {
    "create": "Create your case store", "no cases": "No open cases yet",
    "user": "Aigerim Sadykova", "form": "exactly as written", "places": "best first",
    "linked": "Linked to", "case view": "2 Person",
    "press spelling": "Latin, Eng", "male": "Ma", "passport held": "Held",
    "in transit": "In tr", "crossed": "Cr", "denied": "Den", "extradition": "Ext",
    "detained": "Det", "full consent": "Full",
    "ethnicity": "Kazakh", "home": "Emin county, Tacheng prefecture",
    "route": "Xinjiang -> Bangkok -> Almaty (refused) -> Tashkent",
    "left china": "Left China", "airport": "Almaty airport",
    "refused": "Refused entry to Kazakhstan", "transit zone": "Tashkent airport transit zone",
    "demand": "PRC officials demand his handover", "wife": "His wife",
    "employee": "Atajurt employee", "press": "Sent video messages to the press",
    "protest": "Self-harmed in protest.",
}
KAZAKH = {
    "create": "Іс қоймасын жасаңыз", "no cases": "Әзірге ашық іс жоқ",
    "user": "Айгерім Садықова", "form": "жазылған күйінде", "places": "ең жақсысы басында",
    "linked": "байланыстырылды", "case view": "2 Адам",
    "press spelling": "Латын, ағ", "male": "Ер", "passport held": "Адамның ө",
    "in transit": "Транзит", "crossed": "Шекарадан", "denied": "Кіруге",
    "extradition": "Экстрадиция", "detained": "Ұсталды", "full consent": "Толық",
    "ethnicity": "қазақ", "home": "Тарбағатай аймағы, Дөрбілжін ауданы",
    "route": "Шыңжаң -> Бангкок -> Алматы (кіргізбеді) -> Ташкент",
    "left china": "Қытайдан шықты", "airport": "Алматы әуежайы",
    "refused": "Қазақстанға кіргізбеді", "transit zone": "Ташкент әуежайының транзит аймағы",
    "demand": "ҚХР шенеуніктері оны беруді талап етуде", "wife": "Әйелі",
    "employee": "Атажұрт қызметкері", "press": "Баспасөзге видеохабар жіберді",
    "protest": "Наразылық ретінде өзіне зақым келтірді.",
}


def first_run(term: Terminal, words: dict[str, str]) -> None:
    term.wait_for(words["create"])
    term.fill(words["user"])
    term.fill(PASSPHRASE)
    term.type(PASSPHRASE)
    term.press("Enter")
    term.wait_for(words["no cases"])


def type_qalymbek_shahman(term: Terminal, words: dict[str, str]) -> None:
    """RFA, 8 February 2019, typed field by field in the order Tab goes on an 80x24
    screen (names and events take two lines there)."""
    term.press("n")
    term.wait_for(words["form"])
    term.fill("Qalymbek Shahman")
    term.choose(words["press spelling"])             # the spelling of the press
    term.press("F5")                                 # a second spelling
    term.type("Қалымбек Шахман")
    term.tabs(6)                                     # past its columns to Sex
    term.choose(words["male"])
    term.tabs(4)                                     # past birth and age
    term.fill(words["ethnicity"])
    term.fill("cn")
    term.fill(words["home"])
    term.tabs(1)                                     # languages
    term.choose(words["passport held"])              # passport
    term.tabs(5)
    term.choose(words["in transit"])                 # entered: transit zone
    term.tabs(1)
    term.fill(words["route"])
    term.choose(words["crossed"])                    # first event: crossed a border
    term.tabs(1)
    term.fill("04.01.2019")
    term.fill("Thailand")
    term.type(words["left china"])
    term.press("F6")
    term.choose(words["denied"])                     # denied entry
    term.tabs(1)
    term.fill("01.2019")
    term.fill(words["airport"])
    term.type(words["refused"])
    term.press("F6")
    term.choose(words["extradition"])                # extradition request
    term.tabs(1)
    term.fill("07.02.2019 12:00")
    term.type(words["transit zone"])
    term.press("F4")                                 # find the place
    term.wait_for(words["places"])
    term.press("Enter")
    term.wait_for(words["linked"])
    term.fill("")                                    # to the note
    term.fill(words["demand"])
    term.choose(words["detained"])                   # situation
    term.tabs(3)
    term.fill("Atajurt")                             # reported by
    term.fill("https://www.rfa.org/english/news/uyghur/"
              "ethnic-kazakh-faces-immediate-repatriation-02082019123641.html")
    term.fill("RFA")
    term.tabs(1)
    term.fill("08.02.2019")
    term.fill("en")
    term.tabs(1)
    term.fill(words["wife"])                         # relatives
    term.fill("wife")
    term.fill("CN")
    term.fill("Guangzhou")
    term.tabs(1)
    term.fill(words["employee"])                     # contacts
    term.tabs(3)
    term.choose(words["full consent"])               # consent
    term.fill(words["press"])
    term.type(words["protest"])
    term.press("F2")
