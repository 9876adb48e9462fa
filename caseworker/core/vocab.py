"""The fixed vocabularies of a case: each value with the label a volunteer reads."""

from __future__ import annotations

# "unknown" comes first: it is where a new case starts, and unlike "whereabouts unknown"
# (itself a red flag) it says nothing about the person, only that the desk does not know.
SITUATIONS = {
    "unknown": "Not known",
    "detained": "Detained",
    "whereabouts_unknown": "Whereabouts unknown",
    "at_liberty": "At liberty",
    "released": "Released",
    "deported": "Deported",
    "resettled": "Resettled",
}
STATUSES = {"open": "Open", "closed": "Closed"}
SEXES = {"unknown": "Unknown", "female": "Female", "male": "Male", "other": "Other"}
# "not_asked" is where a new case starts: nothing may be published, and no one has yet
# asked the person (or their family) what they want.
CONSENT_LEVELS = {
    "not_asked": "Not asked yet: publish nothing",
    "none": "None: do not publish anything",
    "anonymised": "Anonymised: facts without identity",
    "full": "Full: name and facts may be published",
}
ENTRY_METHODS = {
    "unknown": "Unknown",
    "regular": "Regular, through a checkpoint",
    "irregular": "Irregular (outside a checkpoint)",
    "denied_entry": "Denied entry at the border or airport",
    "transit": "In transit (airport transit zone)",
}
RELIABILITY = {
    "unassessed": "Not assessed",
    "confirmed": "Confirmed (first-hand or official)",
    "credible": "Credible (established outlet or group)",
    "unverified": "Unverified (rumour, social media)",
}
# Scripts and romanisation systems a name can come in. Kazakh Cyrillic and Russian
# Cyrillic differ (Russian drops ә ғ қ ң ө ұ ү һ і), as do Kazakh Latin and press spellings.
SCRIPTS = {
    "latn": "Latin (as written)",
    "latn-press": "Latin, English press spelling",
    "latn-kk": "Latin, Kazakh official alphabet",
    "latn-ug": "Latin, Uyghur (ULY)",
    "kk-cyrl": "Kazakh Cyrillic",
    "ru-cyrl": "Russian Cyrillic",
    "ky-cyrl": "Kyrgyz Cyrillic",
    "zh-hans": "Chinese characters (simplified)",
    "zh-hant": "Chinese characters (traditional)",
    "pinyin": "Hanyu pinyin (PRC passport)",
    "ug-arab": "Uyghur Arabic script",
    "kk-arab": "Kazakh Arabic script (Xinjiang)",
    "other": "Other",
}
DOCUMENT_KINDS = {
    "passport": "Passport",
    "prc_id": "PRC resident identity card",
    "kz_residence": "Kazakh residence permit",
    "kz_asylum_certificate": "Kazakh asylum-seeker certificate",
    "kz_refugee_certificate": "Kazakh refugee certificate",
    "kz_citizenship": "Kazakh citizenship",
    "kg_papers": "Kyrgyz residence or asylum papers",
    "other": "Other document",
}
DOCUMENT_STATUSES = {
    "held": "Held by the person",
    "confiscated": "Confiscated",
    "none": "Has none",
    "expired": "Expired",
    "unknown": "Unknown",
}
EVENT_TYPES = {
    "crossed_border": "Crossed a border",
    "denied_entry": "Denied entry",
    "contacted_org": "Contacted an organisation",
    "detained": "Detained",
    "transferred": "Transferred",
    "disappeared": "Whereabouts became unknown",
    "charged": "Charged",
    "hearing_scheduled": "Hearing scheduled",
    "custody_ordered": "Custody ordered by a court",
    "extradition_request": "Extradition request",
    "extradition_decision": "Extradition decision",
    # Uzbekistan: a court rules on the complaint against the extradition decision, and
    # that ruling starts the 20 days to appeal to the Supreme Court.
    "extradition_ruling": "Court ruling on an extradition complaint",
    "asylum_filed": "Asylum claim filed",
    "asylum_refused": "Asylum refused",
    "asylum_granted": "Asylum granted",
    "expulsion_ordered": "Expulsion ordered",
    "verdict": "Verdict",
    "release_expected": "Release expected",
    "released": "Released",
    "deported": "Deported",
    # The Working Group on Arbitrary Detention's 60 days for the government's reply run
    # from the day it sends the case to the government, not from the custody order.
    "wgad_transmitted": "UN Working Group sent the case to the government",
    "other": "Other",
}
# Events that may lie in the future: they are scheduled, not reported.
FUTURE_EVENT_TYPES = frozenset({"hearing_scheduled", "release_expected"})

PLACE_TYPES = {
    "ivs": "Police temporary-detention facility (IVS)",
    "sizo": "Pre-trial prison (SIZO)",
    "special_reception_centre": "Special reception centre (spetspriemnik)",
    "reception_centre": "Reception-distribution centre",
    "foreigners_detention_centre": "Foreigners' detention centre",
    "transit_zone": "Transit zone",
    "airport": "Airport (and its transit zone)",
    "border_crossing": "Border crossing",
    "border_zone": "Border zone",
    "police_department": "Police department",
    "court": "Court",
    "asylum_office": "Asylum office",
    "un_office": "UN office",
    "town": "Town or city",
    "other": "Other place",
}
# Lists of places run in this order between equally good matches: where people are held
# first, then where they cross or fly, then offices, then towns.
PLACE_TYPE_RANK = {place_type: rank for rank, place_type in enumerate(PLACE_TYPES)}
# The languages a place's names are kept in (the columns Place.name_<code>).
PLACE_NAME_LANGUAGES = {"en": "English", "kk": "Kazakh", "ru": "Russian", "ky": "Kyrgyz",
                        "uz": "Uzbek", "zh": "Chinese"}
# Places where people are held: risk rules and the dashboard treat them alike.
DETENTION_PLACE_TYPES = frozenset({"ivs", "sizo", "special_reception_centre",
                                   "reception_centre", "foreigners_detention_centre"})
CROSSING_MODES = {"": "Not a crossing", "road": "Road", "rail": "Rail",
                  "road_rail": "Road and rail"}
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


def choices(vocabulary: dict[str, str]) -> list[tuple[str, str]]:
    """(label, value) pairs, the order Textual's Select expects."""
    return [(label, value) for value, label in vocabulary.items()]
# What a person decided about two persons the matcher suggested as one.
MATCH_DECISIONS = {"same": "Same person", "different": "Different persons",
                   "unsure": "Not sure"}
