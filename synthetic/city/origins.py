"""Where the synthetic population comes from: nationality profiles for a London-like city.

About two thirds are British (most with English names, a share of British-born people of
Irish, South Asian, West African, Caribbean, Middle Eastern, Turkish and East African
heritage); about a third are foreign nationals of many nationalities, weighted roughly
like London's foreign-national arrest population. A profile says which name source to
draw from (a Faker locale, or one of the curated pools in `synthetic.city.pools`), the
script the names are written in, the name order, some real birth cities and the phone
country code.
"""

from __future__ import annotations

from dataclasses import dataclass

FOREIGN_SHARE = 0.33
EU_STATES = frozenset({
    "PL", "RO", "LT", "BG", "ES", "PT", "IE", "IT", "FR", "DE", "HU", "GR", "SK", "CZ", "LV",
})


@dataclass(frozen=True)
class Origin:
    nationality: str            # ISO 3166-1 alpha-2
    names: str                  # a Faker locale ("pl_PL") or a curated pool ("@arabic")
    weight: float
    cities: tuple[str, ...]
    dial: str                   # phone country code
    script: str = "latin"       # latin, cyrillic_ru, cyrillic_uk, cyrillic_bg, han, greek
    family_first: bool = False  # names customarily written family name first


UK_CITIES = ("London", "London", "London", "London", "Birmingham", "Manchester", "Leeds",
             "Bristol", "Luton", "Croydon", "Liverpool", "Glasgow", "Cardiff", "Leicester")

# British nationals by name heritage (weights within the British share).
BRITISH: tuple[Origin, ...] = (
    Origin("GB", "en_GB", 0.70, UK_CITIES, "44"),
    Origin("GB", "en_IE", 0.04, UK_CITIES, "44"),
    Origin("GB", "en_PK", 0.06, UK_CITIES + ("Lahore", "Mirpur"), "44"),
    Origin("GB", "@arabic", 0.04, UK_CITIES + ("Mogadishu", "Baghdad"), "44"),
    Origin("GB", "yo_NG", 0.06, UK_CITIES + ("Lagos",), "44"),
    Origin("GB", "en_IN", 0.04, UK_CITIES + ("Delhi", "Amritsar"), "44"),
    Origin("GB", "tr_TR", 0.02, UK_CITIES + ("Nicosia",), "44"),
    Origin("GB", "@somali", 0.04, UK_CITIES + ("Hargeisa",), "44"),
)

FOREIGN: tuple[Origin, ...] = (
    Origin("PL", "pl_PL", 0.10, ("Warszawa", "Kraków", "Łódź", "Wrocław", "Poznań"), "48"),
    Origin("RO", "ro_RO", 0.11, ("București", "Cluj-Napoca", "Iași", "Constanța"), "40"),
    Origin("LT", "lt_LT", 0.04, ("Vilnius", "Kaunas", "Klaipėda"), "370"),
    Origin("AL", "@albanian", 0.07, ("Tiranë", "Durrës", "Shkodër", "Elbasan", "Vlorë"), "355"),
    Origin("TR", "tr_TR", 0.04, ("İstanbul", "Ankara", "İzmir", "Adana"), "90"),
    Origin("UA", "uk_UA", 0.04, ("Київ", "Харків", "Одеса", "Львів"), "380", "cyrillic_uk"),
    Origin("RU", "ru_RU", 0.025, ("Москва", "Санкт-Петербург", "Казань"), "7", "cyrillic_ru"),
    Origin("BG", "bg_BG", 0.025, ("София", "Пловдив", "Варна"), "359", "cyrillic_bg"),
    Origin("ES", "es_ES", 0.03, ("Madrid", "Barcelona", "Sevilla", "Valencia"), "34"),
    Origin("PT", "pt_PT", 0.03, ("Lisboa", "Porto", "Funchal"), "351"),
    Origin("BR", "pt_BR", 0.035, ("São Paulo", "Rio de Janeiro", "Goiânia"), "55"),
    Origin("VN", "vi_VN", 0.03, ("Hà Nội", "Hải Phòng", "Nghệ An"), "84", family_first=True),
    Origin("NG", "yo_NG", 0.04, ("Lagos", "Ibadan", "Abuja"), "234"),
    Origin("IE", "en_IE", 0.025, ("Dublin", "Cork", "Limerick"), "353"),
    Origin("IT", "it_IT", 0.03, ("Roma", "Napoli", "Milano", "Palermo"), "39"),
    Origin("FR", "fr_FR", 0.02, ("Paris", "Marseille", "Lyon", "Lille"), "33"),
    Origin("IN", "en_IN", 0.04, ("Delhi", "Mumbai", "Amritsar", "Hyderabad"), "91"),
    Origin("PK", "en_PK", 0.035, ("Lahore", "Karachi", "Mirpur", "Rawalpindi"), "92"),
    Origin("SO", "@somali", 0.035, ("Mogadishu", "Hargeisa", "Kismayo"), "252"),
    Origin("SY", "@arabic", 0.02, ("Damascus", "Aleppo", "Homs"), "963"),
    Origin("IQ", "@arabic", 0.025, ("Baghdad", "Basra", "Mosul", "Erbil"), "964"),
    Origin("AF", "@afghan", 0.03, ("Kabul", "Kandahar", "Jalalabad", "Herat"), "93"),
    Origin("ER", "@eritrean", 0.015, ("Asmara", "Keren", "Massawa"), "291"),
    Origin("SD", "@arabic", 0.015, ("Khartoum", "Omdurman", "Nyala"), "249"),
    Origin("IR", "@iranian", 0.02, ("Tehran", "Mashhad", "Shiraz"), "98"),
    Origin("CN", "zh_CN", 0.02, ("福州", "广州", "上海"), "86", "han", family_first=True),
    Origin("GR", "el_GR", 0.01, ("Αθήνα", "Θεσσαλονίκη"), "30", "greek"),
    Origin("DE", "de_DE", 0.01, ("Berlin", "Hamburg", "München"), "49"),
    Origin("HU", "hu_HU", 0.015, ("Budapest", "Debrecen", "Miskolc"), "36", family_first=True),
    Origin("SK", "sk_SK", 0.015, ("Bratislava", "Košice", "Nitra"), "421"),
    Origin("CZ", "cs_CZ", 0.01, ("Praha", "Brno", "Ostrava"), "420"),
)

# Countries whose nationals, when foreign-convicted, are usually known via ECRIS (the EU
# criminal-records exchange the UK-EU Trade and Cooperation Agreement kept a bridge to);
# the rest come through Interpol or a bilateral exchange.
ECRIS_STATES = EU_STATES
