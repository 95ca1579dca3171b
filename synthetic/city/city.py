"""A London-like city: boroughs with postcode districts and centres, custody suites, courts.

Borough names, postcode districts and approximate centres are public geography; street
names and house numbers are made up by the generator, so no address is a real one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Borough:
    name: str
    districts: tuple[str, ...]   # outward postcodes
    latitude: float
    longitude: float
    weight: float                # share of the city's population of nominals


BOROUGHS: tuple[Borough, ...] = (
    Borough("Lambeth", ("SW2", "SW9", "SE11", "SE27"), 51.4607, -0.1163, 1.4),
    Borough("Southwark", ("SE1", "SE5", "SE15", "SE22"), 51.4734, -0.0755, 1.4),
    Borough("Hackney", ("E5", "E8", "E9", "N16"), 51.5450, -0.0553, 1.3),
    Borough("Tower Hamlets", ("E1", "E2", "E3", "E14"), 51.5150, -0.0302, 1.3),
    Borough("Newham", ("E6", "E7", "E13", "E15"), 51.5255, 0.0352, 1.4),
    Borough("Haringey", ("N15", "N17", "N22", "N8"), 51.5906, -0.1110, 1.2),
    Borough("Lewisham", ("SE4", "SE6", "SE8", "SE13"), 51.4452, -0.0209, 1.2),
    Borough("Croydon", ("CR0", "CR7", "SE25", "SW16"), 51.3762, -0.0982, 1.3),
    Borough("Brent", ("NW10", "HA9", "NW2", "NW6"), 51.5588, -0.2817, 1.2),
    Borough("Enfield", ("EN1", "EN3", "N9", "N18"), 51.6523, -0.0807, 1.1),
    Borough("Islington", ("N1", "N4", "N7", "N19"), 51.5465, -0.1058, 1.0),
    Borough("Camden", ("NW1", "NW5", "WC1", "NW3"), 51.5290, -0.1255, 0.9),
    Borough("Westminster", ("W1", "W2", "SW1", "NW8"), 51.4975, -0.1357, 1.1),
    Borough("Ealing", ("W5", "W13", "UB1", "W3"), 51.5130, -0.3089, 1.0),
    Borough("Hounslow", ("TW3", "TW4", "TW5", "W4"), 51.4746, -0.3680, 0.8),
    Borough("Barking and Dagenham", ("IG11", "RM8", "RM9", "RM10"), 51.5607, 0.1557, 0.9),
    Borough("Waltham Forest", ("E4", "E10", "E11", "E17"), 51.5886, -0.0118, 1.0),
    Borough("Greenwich", ("SE2", "SE7", "SE10", "SE18"), 51.4892, 0.0648, 1.0),
    Borough("Wandsworth", ("SW11", "SW17", "SW18", "SW15"), 51.4571, -0.1910, 0.8),
    Borough("Hammersmith and Fulham", ("W6", "W12", "W14", "SW6"), 51.4927, -0.2339, 0.7),
    Borough("Redbridge", ("IG1", "IG2", "IG3", "E18"), 51.5590, 0.0741, 0.8),
    Borough("Hillingdon", ("UB3", "UB4", "UB8", "UB10"), 51.5441, -0.4760, 0.7),
    Borough("Barnet", ("N3", "N12", "NW4", "NW9"), 51.6252, -0.1517, 0.8),
    Borough("Havering", ("RM1", "RM3", "RM7", "RM12"), 51.5812, 0.1837, 0.6),
    Borough("Bexley", ("DA5", "DA7", "DA8", "DA15"), 51.4549, 0.1505, 0.5),
    Borough("Bromley", ("BR1", "BR2", "BR5", "SE20"), 51.4039, 0.0198, 0.6),
    Borough("Sutton", ("SM1", "SM2", "SM3", "SM5"), 51.3618, -0.1945, 0.4),
    Borough("Merton", ("SW19", "SW20", "CR4", "SM4"), 51.4098, -0.2108, 0.5),
    Borough("Kingston upon Thames", ("KT1", "KT2", "KT3", "KT6"), 51.3925, -0.2777, 0.4),
    Borough("Richmond upon Thames", ("TW1", "TW2", "TW9", "TW10"), 51.4613, -0.3037, 0.3),
    Borough("Harrow", ("HA1", "HA2", "HA3", "HA8"), 51.5898, -0.3346, 0.5),
    Borough("Kensington and Chelsea", ("W8", "W10", "W11", "SW3"), 51.5020, -0.1947, 0.5),
)

# One custody suite per borough (named after the borough, not a real station).
CUSTODY_SUITES: tuple[str, ...] = tuple(f"{b.name} custody suite" for b in BOROUGHS)

# London criminal courts (public institutions), with the borough each sits in.
COURTS: tuple[tuple[str, str], ...] = (
    ("Westminster Magistrates' Court", "Westminster"),
    ("Highbury Corner Magistrates' Court", "Islington"),
    ("Thames Magistrates' Court", "Tower Hamlets"),
    ("Stratford Magistrates' Court", "Newham"),
    ("Camberwell Green Magistrates' Court", "Southwark"),
    ("Willesden Magistrates' Court", "Brent"),
    ("Bromley Magistrates' Court", "Bromley"),
    ("Croydon Magistrates' Court", "Croydon"),
    ("Inner London Crown Court", "Southwark"),
    ("Southwark Crown Court", "Southwark"),
    ("Snaresbrook Crown Court", "Redbridge"),
    ("Wood Green Crown Court", "Haringey"),
    ("Isleworth Crown Court", "Hounslow"),
    ("Croydon Crown Court", "Croydon"),
    ("Central Criminal Court", "Westminster"),
)

STREET_SUFFIXES = ("Road", "Street", "Lane", "Grove", "Avenue", "Close", "Gardens",
                   "Estate", "Way", "Court", "Place", "Rise")
STREET_STEMS = (
    "Albany", "Aylesbury", "Beechwood", "Blenheim", "Brockley", "Cedar", "Clarence",
    "Coldharbour", "Copperfield", "Cranbrook", "Denmark", "Elmwood", "Fairfield", "Gascoigne",
    "Glebe", "Granville", "Hazel", "Holloway", "Ivy", "Kingsland", "Lansdowne", "Larkhall",
    "Linden", "Manor", "Marlborough", "Milton", "Northwold", "Oakfield", "Orchard",
    "Peckham Park", "Queensbridge", "Rectory", "Rosebery", "St Mark's", "Sandringham",
    "Stockwell Park", "Sussex", "Tavistock", "Thornhill", "Victoria", "Walworth", "Warwick",
    "Wellington", "Willow", "Windsor", "Wyndham",
)
PLACE_KINDS = ("Park", "Station", "Market", "Leisure Centre", "Retail Park", "High Street",
               "Bus Garage", "Chicken Shop", "Youth Club", "Car Park")
