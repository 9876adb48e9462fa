"""The fixed vocabularies of a case: each value with the label a volunteer reads.

The labels are in English, marked for the catalogs (`N_`): whatever shows one translates
it (`label`, `choices`), and what is stored is always the value, never the label."""

from __future__ import annotations

from caseworker.core.i18n import N_, _

# "unknown" comes first: it is where a new case starts, and unlike "whereabouts unknown"
# (itself a red flag) it says nothing about the person, only that the desk does not know.
SITUATIONS = {
    "unknown": N_("Not known"),
    "detained": N_("Detained"),
    "whereabouts_unknown": N_("Whereabouts unknown"),
    "at_liberty": N_("At liberty"),
    "released": N_("Released"),
    "deported": N_("Deported"),
    "resettled": N_("Resettled"),
}
STATUSES = {"open": N_("Open"), "closed": N_("Closed")}
SEXES = {"unknown": N_("Unknown"), "female": N_("Female"), "male": N_("Male"), "other": N_("Other")}
# "not_asked" is where a new case starts: nothing may be published, and no one has yet
# asked the person (or their family) what they want.
CONSENT_LEVELS = {
    "not_asked": N_("Not asked yet: publish nothing"),
    "none": N_("None: do not publish anything"),
    "anonymised": N_("Anonymised: facts without identity"),
    "full": N_("Full: name and facts may be published"),
}
ENTRY_METHODS = {
    "unknown": N_("Unknown"),
    "regular": N_("Regular, through a checkpoint"),
    "irregular": N_("Irregular (outside a checkpoint)"),
    "denied_entry": N_("Denied entry at the border or airport"),
    "transit": N_("In transit (airport transit zone)"),
}
RELIABILITY = {
    "unassessed": N_("Not assessed"),
    "confirmed": N_("Confirmed (first-hand or official)"),
    "credible": N_("Credible (established outlet or group)"),
    "unverified": N_("Unverified (rumour, social media)"),
}
# Scripts and romanisation systems a name can come in. Kazakh Cyrillic and Russian
# Cyrillic differ (Russian drops ә ғ қ ң ө ұ ү һ і), as do Kazakh Latin and press spellings.
SCRIPTS = {
    "latn": N_("Latin (as written)"),
    "latn-press": N_("Latin, English press spelling"),
    "latn-kk": N_("Latin, Kazakh official alphabet"),
    "latn-ug": N_("Latin, Uyghur (ULY)"),
    "kk-cyrl": N_("Kazakh Cyrillic"),
    "ru-cyrl": N_("Russian Cyrillic"),
    "ky-cyrl": N_("Kyrgyz Cyrillic"),
    "zh-hans": N_("Chinese characters (simplified)"),
    "zh-hant": N_("Chinese characters (traditional)"),
    "pinyin": N_("Hanyu pinyin (PRC passport)"),
    "ug-arab": N_("Uyghur Arabic script"),
    "kk-arab": N_("Kazakh Arabic script (Xinjiang)"),
    "other": N_("Other"),
}
DOCUMENT_KINDS = {
    "passport": N_("Passport"),
    "prc_id": N_("PRC resident identity card"),
    "kz_residence": N_("Kazakh residence permit"),
    "kz_asylum_certificate": N_("Kazakh asylum-seeker certificate"),
    "kz_refugee_certificate": N_("Kazakh refugee certificate"),
    "kz_citizenship": N_("Kazakh citizenship"),
    "kg_papers": N_("Kyrgyz residence or asylum papers"),
    "other": N_("Other document"),
}
DOCUMENT_STATUSES = {
    "held": N_("Held by the person"),
    "confiscated": N_("Confiscated"),
    "none": N_("Has none"),
    "expired": N_("Expired"),
    "unknown": N_("Unknown"),
}
EVENT_TYPES = {
    "crossed_border": N_("Crossed a border"),
    "denied_entry": N_("Denied entry"),
    "contacted_org": N_("Contacted an organisation"),
    "detained": N_("Detained"),
    "transferred": N_("Transferred"),
    "disappeared": N_("Whereabouts became unknown"),
    "charged": N_("Charged"),
    "hearing_scheduled": N_("Hearing scheduled"),
    "custody_ordered": N_("Custody ordered by a court"),
    "extradition_request": N_("Extradition request"),
    "extradition_decision": N_("Extradition decision"),
    # Uzbekistan: a court rules on the complaint against the extradition decision, and
    # that ruling starts the 20 days to appeal to the Supreme Court.
    "extradition_ruling": N_("Court ruling on an extradition complaint"),
    "asylum_filed": N_("Asylum claim filed"),
    "asylum_refused": N_("Asylum refused"),
    "asylum_granted": N_("Asylum granted"),
    "expulsion_ordered": N_("Expulsion ordered"),
    "verdict": N_("Verdict"),
    "release_expected": N_("Release expected"),
    "released": N_("Released"),
    "deported": N_("Deported"),
    # The Working Group on Arbitrary Detention's 60 days for the government's reply run
    # from the day it sends the case to the government, not from the custody order.
    "wgad_transmitted": N_("UN Working Group sent the case to the government"),
    "other": N_("Other"),
}
# Events that may lie in the future: they are scheduled, not reported.
FUTURE_EVENT_TYPES = frozenset({"hearing_scheduled", "release_expected"})

PLACE_TYPES = {
    "ivs": N_("Police temporary-detention facility (IVS)"),
    "sizo": N_("Pre-trial prison (SIZO)"),
    "special_reception_centre": N_("Special reception centre (spetspriemnik)"),
    "reception_centre": N_("Reception-distribution centre"),
    "foreigners_detention_centre": N_("Foreigners' detention centre"),
    "transit_zone": N_("Transit zone"),
    "airport": N_("Airport (and its transit zone)"),
    "border_crossing": N_("Border crossing"),
    "border_zone": N_("Border zone"),
    "police_department": N_("Police department"),
    "court": N_("Court"),
    "asylum_office": N_("Asylum office"),
    "un_office": N_("UN office"),
    "town": N_("Town or city"),
    "other": N_("Other place"),
}
# Lists of places run in this order between equally good matches: where people are held
# first, then where they cross or fly, then offices, then towns.
PLACE_TYPE_RANK = {place_type: rank for rank, place_type in enumerate(PLACE_TYPES)}
# The languages a place's names are kept in (the columns Place.name_<code>).
PLACE_NAME_LANGUAGES = {"en": N_("English"), "kk": N_("Kazakh"), "ru": N_("Russian"),
                        "ky": N_("Kyrgyz"), "uz": N_("Uzbek"), "zh": N_("Chinese")}
# Places where people are held: risk rules and the dashboard treat them alike.
DETENTION_PLACE_TYPES = frozenset({"ivs", "sizo", "special_reception_centre",
                                   "reception_centre", "foreigners_detention_centre"})
CROSSING_MODES = {"": N_("Not a crossing"), "road": N_("Road"), "rail": N_("Rail"),
                  "road_rail": N_("Road and rail")}
# The time zone an event at a place in this country is counted in. Kazakhstan has had
# one zone (UTC+5) since March 2024, which tzdata gives as Asia/Almaty.
COUNTRY_ZONES = {"KZ": "Asia/Almaty", "UZ": "Asia/Tashkent", "KG": "Asia/Bishkek",
                 "CN": "Asia/Shanghai", "TJ": "Asia/Dushanbe", "TR": "Europe/Istanbul",
                 "TH": "Asia/Bangkok", "RU": "Europe/Moscow"}
# The other way round: which country's law an event read in this zone follows.
ZONE_COUNTRIES = {zone: country for country, zone in COUNTRY_ZONES.items()}

# Limits that keep one careless paste from becoming a 10 MB record.
MAX_SHORT_TEXT = 300
MAX_LONG_TEXT = 100_000
MAX_ITEMS = 200


def label(vocabulary: dict[str, str], value: str) -> str:
    """A stored value as a person reads it, in their language (at_liberty: At liberty); a
    value the vocabulary lacks (from a newer version) as it is."""
    return _(vocabulary[value]) if value in vocabulary else value


def choices(vocabulary: dict[str, str]) -> list[tuple[str, str]]:
    """(label, value) pairs, the order Textual's Select expects, in the language shown."""
    return [(_(text), value) for text, value in pairs(vocabulary)]


def pairs(vocabulary: dict[str, str]) -> list[tuple[str, str]]:
    """(label, value) pairs in English, for declarations made before the language is
    known (a form's columns): translated where they are shown."""
    return [(text, value) for value, text in vocabulary.items()]


# What a person decided about two persons the matcher suggested as one.
MATCH_DECISIONS = {"same": N_("Same person"), "different": N_("Different persons"),
                   "unsure": N_("Not sure")}
