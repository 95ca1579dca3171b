"""Curated Latin-script name pools with their common spelling variants.

Faker has no Latin-script locale for Arabic, Somali, Afghan, Eritrean, Iranian or
Albanian names (its ar_*/fa_IR locales write Arabic script, and sq_AL falls back to
English names), and custody records hold these names in the transliterations officers
and documents produce. Each entry is a tuple of variants of one name, the first being the
form most often recorded; the generator records one and keeps others as aliases, which is
exactly what name search has to cope with (Mohammed / Muhammad / Mohamed).
"""

from __future__ import annotations

Variants = tuple[str, ...]

_ARABIC_MALE: tuple[Variants, ...] = (
    ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed"),
    ("Ahmed", "Ahmad", "Ahmet"), ("Mahmoud", "Mahmud", "Mahmood"),
    ("Hussein", "Hussain", "Husain", "Hossein"), ("Hassan", "Hasan"), ("Ali",),
    ("Omar", "Umar", "Omer"), ("Youssef", "Yusuf", "Yousef", "Yousif"),
    ("Abdullah", "Abdallah", "Abdulla"), ("Abdul Rahman", "Abdulrahman", "Abdelrahman"),
    ("Khalid", "Khaled"), ("Ibrahim", "Ebrahim", "Ibraheem"), ("Mustafa", "Mostafa"),
    ("Saeed", "Said", "Sayed"), ("Karim", "Kareem"), ("Tariq", "Tarek", "Tareq"),
    ("Jamal", "Gamal"), ("Walid", "Waleed"), ("Osama", "Usama"), ("Bilal",),
    ("Hamza", "Hamzah"), ("Faisal", "Faysal"), ("Nasser", "Naser"), ("Zakaria", "Zakariya"),
)
_ARABIC_FEMALE: tuple[Variants, ...] = (
    ("Fatima", "Fatma", "Fatimah"), ("Aisha", "Aysha", "Ayesha"), ("Mariam", "Maryam"),
    ("Khadija", "Khadijah"), ("Amina", "Aminah"), ("Zainab", "Zaynab", "Zeinab"),
    ("Noor", "Nour", "Nur"), ("Layla", "Leila", "Laila"), ("Huda", "Hoda"),
    ("Yasmin", "Yasmine", "Jasmin"), ("Samira", "Sameera"), ("Rania", "Ranya"),
)
_ARABIC_FAMILY: tuple[Variants, ...] = (
    ("Al-Hassan", "Alhassan", "Al Hasan"), ("Abdullah", "Abdallah"), ("Ahmed", "Ahmad"),
    ("Hussein", "Hussain"), ("Mohamed", "Mohammed"), ("Osman", "Othman", "Uthman"),
    ("Haddad",), ("Khalil", "Khaleel"), ("Mansour", "Mansur"), ("Saleh", "Salih"),
    ("Al-Tamimi", "Altamimi"), ("Al-Jaburi", "Al-Jubouri", "Aljuburi"), ("Hamdan",),
    ("Ibrahim", "Ebrahim"), ("Mahmoud", "Mahmud"), ("Al-Obaidi", "Alobaidi", "Al Ubaydi"),
)

_SOMALI_MALE: tuple[Variants, ...] = (
    ("Abdi", "Abdii"), ("Abdirahman", "Abdurahman", "Abdi Rahman"), ("Mohamed", "Mohammed",
    "Maxamed"), ("Ahmed", "Axmed"), ("Hassan", "Xasan"), ("Ali", "Cali"),
    ("Abdullahi", "Abdilahi"), ("Yusuf", "Yuusuf"), ("Omar", "Cumar"), ("Ismail", "Ismaaciil"),
    ("Mukhtar", "Mukhtaar"), ("Liban", "Libaan"),
)
_SOMALI_FEMALE: tuple[Variants, ...] = (
    ("Hodan", "Hoodan"), ("Fadumo", "Faduma", "Fatuma"), ("Amina", "Aamina"),
    ("Sahra", "Sahro", "Sahara"), ("Hibo", "Hiba"), ("Ayan", "Ayaan"), ("Ifrah", "Ifra"),
)
_SOMALI_FAMILY: tuple[Variants, ...] = (
    ("Warsame", "Warsama"), ("Farah", "Faarax"), ("Jama", "Jaamac"), ("Abdi", "Cabdi"),
    ("Hassan", "Xasan"), ("Osman", "Cusmaan"), ("Aden", "Aadan", "Adan"), ("Hersi", "Xirsi"),
    ("Mohamud", "Mahamoud", "Maxamuud"), ("Egal", "Cigaal"), ("Duale", "Dualeh"),
)

_AFGHAN_MALE: tuple[Variants, ...] = (
    ("Mohammad", "Muhammad", "Mohammed"), ("Ahmad", "Ahmed"), ("Abdul Wahid", "Abdulwahid"),
    ("Mirwais", "Mir Wais"), ("Gul Agha", "Gulagha"), ("Hamid", "Hameed"),
    ("Naveed", "Navid", "Nawid"), ("Rahmatullah", "Rahmatulla"), ("Zabihullah", "Zabiullah"),
    ("Shafiq", "Shafeeq"), ("Farid", "Fareed"), ("Jawad", "Javad"),
)
_AFGHAN_FEMALE: tuple[Variants, ...] = (
    ("Fatima", "Fatema"), ("Zarghona", "Zarghuna"), ("Mariam", "Maryam"), ("Laila", "Leila"),
    ("Shabnam", "Shabnum"),
)
_AFGHAN_FAMILY: tuple[Variants, ...] = (
    ("Ahmadzai", "Ahmadzay"), ("Popal", "Popalzai"), ("Rahimi", "Raheemi"),
    ("Karimi", "Kareemi"), ("Noorzai", "Nurzai"), ("Stanikzai", "Stanekzai"),
    ("Hashimi", "Hashemi"), ("Safi",), ("Mohammadi", "Muhammadi"), ("Sultani",),
)

_ERITREAN_MALE: tuple[Variants, ...] = (
    ("Yonas", "Yohannes", "Johannes"), ("Tesfay", "Tesfaye"), ("Berhane", "Berhan"),
    ("Mehari", "Mihret"), ("Samuel", "Samiel"), ("Dawit", "Dawid"), ("Filmon", "Philmon"),
    ("Mebrahtu", "Mebrahtom"),
)
_ERITREAN_FEMALE: tuple[Variants, ...] = (
    ("Helen", "Hellen"), ("Senait", "Senayt"), ("Luwam", "Luam"), ("Selam", "Salam"),
)
_ERITREAN_FAMILY: tuple[Variants, ...] = (
    ("Tesfamariam", "Tesfa Mariam"), ("Ghebremedhin", "Gebremedhin"), ("Kidane", "Kidan"),
    ("Haile", "Hayle"), ("Tekle", "Tecle"), ("Woldemichael", "Weldemikael"),
)

_IRANIAN_MALE: tuple[Variants, ...] = (
    ("Mohammad", "Mohammed", "Muhammad"), ("Reza", "Riza"), ("Hossein", "Hussein", "Hosein"),
    ("Mehdi", "Mahdi"), ("Amir",), ("Ali",), ("Saeed", "Said"), ("Hamid", "Hamed"),
    ("Javad", "Jawad"), ("Behnam", "Benham"),
)
_IRANIAN_FEMALE: tuple[Variants, ...] = (
    ("Maryam", "Mariam"), ("Zahra", "Zahrah"), ("Fatemeh", "Fatima"), ("Shirin", "Sheerin"),
    ("Niloufar", "Nilufar"),
)
_IRANIAN_FAMILY: tuple[Variants, ...] = (
    ("Ahmadi", "Ahmady"), ("Hosseini", "Husseini", "Hoseini"), ("Mohammadi", "Mohamadi"),
    ("Rezaei", "Rezai", "Rezaie"), ("Karimi",), ("Jafari", "Jafary", "Djafari"),
    ("Moradi",), ("Ghasemi", "Qasemi", "Kasemi"),
)

_ALBANIAN_MALE: tuple[Variants, ...] = (
    ("Arben",), ("Besnik",), ("Dritan",), ("Ermal",), ("Gentian", "Genti"), ("Ilir",),
    ("Klodian", "Klodi"), ("Mergim",), ("Erion",), ("Fatjon",), ("Endrit", "Endri"),
    ("Altin",), ("Kastriot",), ("Ledion", "Ledio"), ("Sokol",),
)
_ALBANIAN_FEMALE: tuple[Variants, ...] = (
    ("Elira",), ("Blerta",), ("Drita",), ("Entela",), ("Mimoza",), ("Arta",),
)
_ALBANIAN_FAMILY: tuple[Variants, ...] = (
    ("Hoxha", "Hodja", "Hoxhaj"), ("Shehu", "Sheu"), ("Gashi",), ("Krasniqi", "Krasniči"),
    ("Berisha",), ("Kelmendi",), ("Dervishi", "Dervishaj"), ("Leka", "Lekaj"),
    ("Prifti",), ("Cela", "Çela"), ("Marku", "Markaj"), ("Duka", "Dukaj"),
)

POOLS: dict[str, dict[str, tuple[Variants, ...]]] = {
    "@arabic": {"male": _ARABIC_MALE, "female": _ARABIC_FEMALE, "family": _ARABIC_FAMILY},
    "@somali": {"male": _SOMALI_MALE, "female": _SOMALI_FEMALE, "family": _SOMALI_FAMILY},
    "@afghan": {"male": _AFGHAN_MALE, "female": _AFGHAN_FEMALE, "family": _AFGHAN_FAMILY},
    "@eritrean": {"male": _ERITREAN_MALE, "female": _ERITREAN_FEMALE,
                  "family": _ERITREAN_FAMILY},
    "@iranian": {"male": _IRANIAN_MALE, "female": _IRANIAN_FEMALE, "family": _IRANIAN_FAMILY},
    "@albanian": {"male": _ALBANIAN_MALE, "female": _ALBANIAN_FEMALE,
                  "family": _ALBANIAN_FAMILY},
}

# Russian and Ukrainian forms of one name, both in the transliterations passports use.
EAST_SLAVIC_COGNATES: tuple[Variants, ...] = (
    ("Aleksandr", "Oleksandr", "Alexander", "Aleksander"), ("Aleksey", "Oleksiy", "Alexei"),
    ("Sergey", "Serhiy", "Sergei"), ("Andrey", "Andriy", "Andrei"),
    ("Vladimir", "Volodymyr", "Wladimir"), ("Dmitriy", "Dmytro", "Dmitri"),
    ("Nikolay", "Mykola", "Nikolai"), ("Mikhail", "Mykhailo", "Michail"),
    ("Yuriy", "Yuri", "Iurii"), ("Pavel", "Pavlo"), ("Yevgeniy", "Yevhen", "Evgeny"),
)

# Street names some gang members are recorded under.
MONIKERS = (
    "Ghost", "Tiny", "Smokey", "Reds", "Blade", "Bugsy", "Dreamz", "Skeng", "Rico", "Snoop",
    "Lil T", "Big Man", "Youngs", "Trapz", "Shadow", "Milli", "Kaos", "Spinz", "Chunks",
)
