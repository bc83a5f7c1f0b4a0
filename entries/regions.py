"""Country (ISO 3166-1 alpha-2) to world region, as the prize reports its entries.

Pure data, no Django: the Middle East stands apart from Asia, the Americas are one region.
"""

_REGIONS = {
    "asia": (
        "AF AM AZ BD BN BT CN GE HK ID IN JP KG KH KP KR KZ LA LK MM MN MO MV MY NP PH PK SG "
        "TH TJ TL TM TW UZ VN"
    ),
    "middle_east": "AE BH IL IQ IR JO KW LB OM PS QA SA SY YE",
    "europe": (
        "AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT "
        "JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TR UA VA XK"
    ),
    "americas": (
        "AG AI AR AW BB BL BM BO BQ BR BS BZ CA CL CO CR CU CW DM DO EC FK GD GF GL GP GS GT "
        "GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT US UY VC VE VG VI"
    ),
    "africa": (
        "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO KE KM LR LS "
        "LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT "
        "ZA ZM ZW"
    ),
    "oceania": (
        "AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF AQ BV HM TF"
    ),
}

COUNTRY_REGION: dict[str, str] = {
    code: region for region, codes in _REGIONS.items() for code in codes.split()
}


def region_of(country_code: str) -> str:
    """The region of a country code; "" for an unknown code."""
    return COUNTRY_REGION.get((country_code or "").upper(), "")
