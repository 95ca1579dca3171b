"""The offence table: Home Office offence codes with a crime-harm weight in days.

Codes have the shape of Home Office offence codes (`CCC/SS`: the notifiable-offence class
of the Home Office Counting Rules and a subclass); descriptions and categories follow the
HOCR classification and the ONS "police recorded crime" offence groups. The subclass
digits are illustrative.

`chi_days` is a harm weight computed the way the Cambridge Crime Harm Index computes it:
the starting point, in days of imprisonment, that the Sentencing Council guideline for
England and Wales gives a first offender for the offence; where the starting point is a
non-custodial sentence, the days of minimum-wage work it takes to pay the typical fine
(so a fine-level offence weighs a few days). Sources:

* L. Sherman, P. Neyroud, E. Neyroud (2016), "The Cambridge Crime Harm Index: Measuring
  Total Harm from Crime Based on Sentencing Guidelines", Policing 10(3): 171-183,
  doi:10.1093/police/paw003; updated tables at https://cambridge-ebp.co.uk/chi
* Office for National Statistics, "Crime Harm Index" and "Crime Severity Score
  (experimental statistics)" data sets, which publish weights per offence code.
* Sentencing Council for England and Wales, offence-specific guidelines.

The figures below are indicative values derived by that method for synthetic data; they
are not a copy of the published CCHI spreadsheet and must be checked against it before
any operational use. Analytics reuse this table (harm = sum of chi_days, weighted by
recency), so it is the one place to correct a weight.
"""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIES = (
    "violence_against_the_person", "sexual_offences", "robbery", "theft", "burglary",
    "vehicle_offences", "criminal_damage_and_arson", "drug_offences",
    "possession_of_weapons", "public_order", "miscellaneous_against_society", "fraud",
)


@dataclass(frozen=True)
class Offence:
    code: str          # Home Office offence code, ^\d{3}/\d{2}$
    description: str
    category: str      # one of CATEGORIES
    chi_days: float    # Cambridge Crime Harm Index weight (days)


OFFENCES: tuple[Offence, ...] = (
    # violence against the person
    Offence("001/01", "Murder", "violence_against_the_person", 5475.0),
    Offence("002/01", "Attempted murder", "violence_against_the_person", 2555.0),
    Offence("004/01", "Manslaughter", "violence_against_the_person", 1460.0),
    Offence("005/01", "Wounding or inflicting GBH with intent (s.18)",
            "violence_against_the_person", 1460.0),
    Offence("008/01", "Inflicting GBH without intent (s.20)",
            "violence_against_the_person", 365.0),
    Offence("008/06", "Assault occasioning actual bodily harm (s.47)",
            "violence_against_the_person", 182.0),
    Offence("009/01", "Threats to kill", "violence_against_the_person", 365.0),
    Offence("105/01", "Common assault and battery", "violence_against_the_person", 9.0),
    Offence("008/65", "Controlling or coercive behaviour in an intimate relationship",
            "violence_against_the_person", 182.0),
    Offence("008/72", "Stalking", "violence_against_the_person", 126.0),
    # sexual offences
    Offence("019/07", "Rape of a female aged 16 or over", "sexual_offences", 1825.0),
    Offence("020/01", "Sexual assault on a female aged 13 or over", "sexual_offences", 365.0),
    # robbery
    Offence("034/02", "Robbery of personal property", "robbery", 365.0),
    Offence("034/01", "Robbery of business property", "robbery", 730.0),
    # burglary
    Offence("028/01", "Burglary in a dwelling", "burglary", 365.0),
    Offence("030/01", "Burglary in a building other than a dwelling", "burglary", 126.0),
    Offence("029/01", "Aggravated burglary in a dwelling", "burglary", 2920.0),
    # theft
    Offence("039/01", "Theft from the person", "theft", 56.0),
    Offence("046/01", "Shoplifting", "theft", 2.0),
    Offence("049/01", "Other theft", "theft", 9.0),
    Offence("054/01", "Handling stolen goods", "theft", 28.0),
    # vehicle offences
    Offence("048/01", "Theft or unauthorised taking of a motor vehicle",
            "vehicle_offences", 28.0),
    Offence("045/01", "Theft from a vehicle", "vehicle_offences", 9.0),
    Offence("037/02", "Aggravated vehicle taking", "vehicle_offences", 126.0),
    # criminal damage and arson
    Offence("056/01", "Arson endangering life", "criminal_damage_and_arson", 1095.0),
    Offence("056/02", "Arson not endangering life", "criminal_damage_and_arson", 182.0),
    Offence("058/01", "Criminal damage to a dwelling", "criminal_damage_and_arson", 4.0),
    Offence("058/03", "Criminal damage to a vehicle", "criminal_damage_and_arson", 2.0),
    # drug offences
    Offence("092/01", "Supplying or offering to supply a Class A drug", "drug_offences",
            1642.0),
    Offence("092/02", "Possession with intent to supply a Class B drug", "drug_offences",
            365.0),
    Offence("092/11", "Production or cultivation of cannabis", "drug_offences", 365.0),
    Offence("092/21", "Possession of a Class A drug", "drug_offences", 5.0),
    Offence("092/23", "Possession of cannabis", "drug_offences", 1.0),
    # possession of weapons
    Offence("010/01", "Possession of a prohibited firearm", "possession_of_weapons", 1825.0),
    Offence("010/04", "Possession of an article with a blade or point in public",
            "possession_of_weapons", 182.0),
    Offence("010/05", "Possession of an offensive weapon in public",
            "possession_of_weapons", 182.0),
    # public order
    Offence("062/01", "Violent disorder", "public_order", 365.0),
    Offence("066/01", "Affray", "public_order", 182.0),
    Offence("125/01", "Fear or provocation of violence (s.4)", "public_order", 9.0),
    # fraud
    Offence("053/01", "Fraud by false representation", "fraud", 182.0),
    Offence("053/40", "Money laundering (concealing criminal property)", "fraud", 365.0),
    # miscellaneous crimes against society
    Offence("106/01", "Human trafficking / modern slavery", "miscellaneous_against_society",
            2190.0),
    Offence("061/01", "Possession of a false identity document with improper intention",
            "miscellaneous_against_society", 365.0),
    Offence("076/01", "Assisting unlawful immigration (s.25)",
            "miscellaneous_against_society", 1825.0),
    Offence("060/01", "Perverting the course of justice", "miscellaneous_against_society",
            182.0),
)

BY_CODE: dict[str, Offence] = {offence.code: offence for offence in OFFENCES}


def chi_days(code: str) -> float:
    """The harm weight of an offence code (0.0 for a code not in the table)."""
    offence = BY_CODE.get(code)
    return offence.chi_days if offence else 0.0
