"""Where the demo season's entrants come from: 93 cities in 47 countries, with the names,
currencies and time zones that make their entries read true. Pure data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    code: str
    adjective: str
    time_zone: str
    currency: str  # one of the form's currencies; USD where the local one is not offered
    usd_rate: float  # rough units of ``currency`` per US dollar, for plausible budgets
    names: str  # key into NAMES
    city_government: str  # pattern for the city government's name
    company_suffix: str


@dataclass(frozen=True)
class City:
    name: str
    country: Country
    weight: int  # how many entries the city tends to send, relative to its region
    metropolitan: bool = False


_C = Country
COUNTRIES = {c.code: c for c in [
    # Asia
    _C("KR", "Korean", "Asia/Seoul", "KRW", 1300, "korean", "{city} City Government",
       "Co., Ltd."),
    _C("JP", "Japanese", "Asia/Tokyo", "JPY", 135, "japanese", "{city} City Government",
       "K.K."),
    _C("CN", "Chinese", "Asia/Shanghai", "CNY", 7, "chinese",
       "{city} Municipal People's Government", "Co., Ltd."),
    _C("TW", "Taiwanese", "Asia/Taipei", "USD", 1, "chinese", "{city} City Government",
       "Co., Ltd."),
    _C("IN", "Indian", "Asia/Kolkata", "INR", 82, "indian", "{city} Municipal Corporation",
       "Pvt. Ltd."),
    _C("ID", "Indonesian", "Asia/Jakarta", "IDR", 15000, "indonesian",
       "{city} City Government", "PT"),
    _C("PH", "Philippine", "Asia/Manila", "USD", 1, "filipino", "{city} City Government",
       "Inc."),
    _C("VN", "Vietnamese", "Asia/Ho_Chi_Minh", "USD", 1, "vietnamese",
       "{city} People's Committee", "JSC"),
    _C("TH", "Thai", "Asia/Bangkok", "USD", 1, "thai", "{city} Metropolitan Administration",
       "Co., Ltd."),
    _C("MY", "Malaysian", "Asia/Kuala_Lumpur", "USD", 1, "malay", "{city} City Council",
       "Sdn. Bhd."),
    _C("SG", "Singaporean", "Asia/Singapore", "SGD", 1.35, "malay",
       "{city} Smart Nation Office", "Pte. Ltd."),
    _C("MN", "Mongolian", "Asia/Ulaanbaatar", "USD", 1, "central_asian",
       "{city} City Governor's Office", "LLC"),
    _C("KZ", "Kazakh", "Asia/Almaty", "USD", 1, "central_asian", "{city} City Akimat", "LLP"),
    # Europe
    _C("ES", "Spanish", "Europe/Madrid", "EUR", 0.92, "iberian", "{city} City Council", "S.L."),
    _C("PT", "Portuguese", "Europe/Lisbon", "EUR", 0.92, "iberian", "{city} City Council",
       "Lda."),
    _C("FR", "French", "Europe/Paris", "EUR", 0.92, "french", "City of {city}", "SAS"),
    _C("BE", "Belgian", "Europe/Brussels", "EUR", 0.92, "french", "City of {city}", "SRL"),
    _C("IT", "Italian", "Europe/Rome", "EUR", 0.92, "italian", "Municipality of {city}",
       "S.r.l."),
    _C("GR", "Greek", "Europe/Athens", "EUR", 0.92, "greek", "Municipality of {city}", "S.A."),
    _C("DE", "German", "Europe/Berlin", "EUR", 0.92, "germanic", "City of {city}", "GmbH"),
    _C("NL", "Dutch", "Europe/Amsterdam", "EUR", 0.92, "germanic", "Municipality of {city}",
       "B.V."),
    _C("FI", "Finnish", "Europe/Helsinki", "EUR", 0.92, "nordic", "City of {city}", "Oy"),
    _C("EE", "Estonian", "Europe/Tallinn", "EUR", 0.92, "nordic", "{city} City Government",
       "OÜ"),
    _C("GB", "British", "Europe/London", "GBP", 0.8, "english", "{city} City Council", "Ltd"),
    _C("TR", "Turkish", "Europe/Istanbul", "USD", 1, "turkish",
       "{city} Metropolitan Municipality", "A.Ş."),
    # Middle East
    _C("AE", "Emirati", "Asia/Dubai", "AED", 3.67, "arabic", "{city} Municipality", "LLC"),
    _C("SA", "Saudi", "Asia/Riyadh", "USD", 1, "arabic", "{city} Municipality", "Co."),
    _C("QA", "Qatari", "Asia/Qatar", "USD", 1, "arabic", "Ministry of Municipality, {city}",
       "W.L.L."),
    _C("JO", "Jordanian", "Asia/Amman", "USD", 1, "arabic", "Greater {city} Municipality",
       "Co."),
    _C("OM", "Omani", "Asia/Muscat", "USD", 1, "arabic", "{city} Municipality", "LLC"),
    _C("IL", "Israeli", "Asia/Jerusalem", "USD", 1, "hebrew", "{city} Municipality", "Ltd."),
    # Americas
    _C("US", "American", "America/New_York", "USD", 1, "english", "City of {city}", "Inc."),
    _C("CA", "Canadian", "America/Toronto", "CAD", 1.35, "english", "City of {city}", "Inc."),
    _C("MX", "Mexican", "America/Mexico_City", "MXN", 17.5, "latin",
       "Government of {city}", "S.A. de C.V."),
    _C("BR", "Brazilian", "America/Sao_Paulo", "BRL", 5, "brazilian",
       "{city} City Hall", "Ltda."),
    _C("CO", "Colombian", "America/Bogota", "USD", 1, "latin", "Mayor's Office of {city}",
       "S.A.S."),
    _C("CL", "Chilean", "America/Santiago", "USD", 1, "latin", "Municipality of {city}",
       "SpA"),
    _C("AR", "Argentine", "America/Argentina/Buenos_Aires", "USD", 1, "latin",
       "Government of the City of {city}", "S.A."),
    _C("UY", "Uruguayan", "America/Montevideo", "USD", 1, "latin",
       "Departmental Government of {city}", "S.A."),
    # Africa
    _C("KE", "Kenyan", "Africa/Nairobi", "KES", 135, "east_african",
       "{city} City County Government", "Ltd"),
    _C("RW", "Rwandan", "Africa/Kigali", "USD", 1, "east_african", "City of {city}", "Ltd"),
    _C("ZA", "South African", "Africa/Johannesburg", "ZAR", 18, "south_african",
       "City of {city}", "(Pty) Ltd"),
    _C("NG", "Nigerian", "Africa/Lagos", "USD", 1, "west_african", "{city} State Government",
       "Ltd"),
    _C("GH", "Ghanaian", "Africa/Accra", "USD", 1, "west_african",
       "{city} Metropolitan Assembly", "Ltd"),
    _C("MA", "Moroccan", "Africa/Casablanca", "USD", 1, "arabic", "Commune of {city}",
       "SARL"),
    # Oceania
    _C("AU", "Australian", "Australia/Melbourne", "AUD", 1.5, "english", "City of {city}",
       "Pty Ltd"),
    _C("NZ", "New Zealand", "Pacific/Auckland", "USD", 1, "english", "{city} City Council",
       "Ltd"),
]}


def _cities(code: str, *names: str) -> list[City]:
    result = []
    for raw in names:
        name, _sep, weight = raw.partition(":")
        metropolitan = name.endswith("*")
        result.append(City(name.rstrip("*"), COUNTRIES[code], int(weight or 1), metropolitan))
    return result


# "Name:weight", a star for a Korean metropolitan city (its government has that title).
CITIES: list[City] = [
    *_cities("KR", "Seoul*:9", "Busan*:4", "Incheon*:3", "Daegu*:2", "Daejeon*:2",
             "Gwangju*:2", "Ulsan*:1", "Suwon:2", "Sejong:2", "Jeonju:1", "Changwon:1"),
    *_cities("JP", "Tokyo:3", "Yokohama:2", "Osaka:2", "Fukuoka:1"),
    *_cities("CN", "Shanghai:3", "Shenzhen:3", "Hangzhou:2", "Chengdu:2"),
    *_cities("TW", "Taipei:3", "Taichung:1"),
    *_cities("IN", "Pune:2", "Bengaluru:3", "Surat:1", "Bhubaneswar:1"),
    *_cities("ID", "Jakarta:3", "Surabaya:2", "Makassar:1"),
    *_cities("PH", "Quezon City:2", "Makati:1"),
    *_cities("VN", "Da Nang:2", "Ho Chi Minh City:2"),
    *_cities("TH", "Bangkok:3", "Phuket:1"),
    *_cities("MY", "Kuala Lumpur:2", "Putrajaya:1"),
    *_cities("SG", "Singapore:3"),
    *_cities("MN", "Ulaanbaatar:2"),
    *_cities("KZ", "Almaty:1"),
    *_cities("ES", "Barcelona:4", "Madrid:3", "Bilbao:2", "Valencia:2"),
    *_cities("PT", "Lisbon:2", "Porto:1"),
    *_cities("FR", "Paris:2", "Lyon:1"),
    *_cities("BE", "Ghent:1"),
    *_cities("IT", "Milan:2", "Bologna:1"),
    *_cities("GR", "Athens:2"),
    *_cities("DE", "Hamburg:2", "Munich:1"),
    *_cities("NL", "Amsterdam:2", "Eindhoven:1"),
    *_cities("FI", "Helsinki:2", "Espoo:1"),
    *_cities("EE", "Tallinn:2"),
    *_cities("GB", "London:2", "Bristol:1"),
    *_cities("TR", "Istanbul:2"),
    *_cities("AE", "Dubai:4", "Abu Dhabi:3", "Sharjah:2"),
    *_cities("SA", "Riyadh:3", "Jeddah:2"),
    *_cities("QA", "Doha:2"),
    *_cities("JO", "Amman:1"),
    *_cities("OM", "Muscat:1"),
    *_cities("IL", "Tel Aviv:2"),
    *_cities("US", "New York:2", "Boston:1", "San Diego:1"),
    *_cities("CA", "Toronto:2", "Montréal:1"),
    *_cities("MX", "Mexico City:2"),
    *_cities("BR", "Curitiba:2", "São Paulo:2"),
    *_cities("CO", "Medellín:2", "Bogotá:1"),
    *_cities("CL", "Santiago:1"),
    *_cities("AR", "Buenos Aires:2"),
    *_cities("UY", "Montevideo:1"),
    *_cities("KE", "Nairobi:2"),
    *_cities("RW", "Kigali:2"),
    *_cities("ZA", "Cape Town:2", "Johannesburg:1"),
    *_cities("NG", "Lagos:2"),
    *_cities("GH", "Accra:1"),
    *_cities("MA", "Casablanca:1"),
    *_cities("AU", "Melbourne:2", "Sydney:1"),
    *_cities("NZ", "Wellington:1"),
]

# Entered entries per region, in the order the 2023 season reported them (about 44% Asia).
REGION_ENTRIES = {
    "asia": 106,
    "europe": 52,
    "middle_east": 30,
    "americas": 28,
    "africa": 16,
    "oceania": 8,
}

# Given names and family names, written in Latin letters, by naming tradition.
NAMES: dict[str, tuple[list[str], list[str]]] = {
    "korean": (
        ["Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-yun", "Su-bin", "Jae-hyun", "Eun-ji",
         "Hyun-woo", "Yu-na", "Sung-min", "Ji-woo", "Dong-hyun", "Hye-jin", "Tae-yang"],
        ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han",
         "Shin", "Seo", "Kwon", "Hwang"],
    ),
    "japanese": (
        ["Haruto", "Yui", "Sota", "Aoi", "Ren", "Hina", "Takumi", "Sakura", "Kenji", "Mei"],
        ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura",
         "Kobayashi", "Kato"],
    ),
    "chinese": (
        ["Wei", "Fang", "Jun", "Li Na", "Hao", "Xin", "Ming", "Yan", "Tao", "Mei-ling"],
        ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Lin", "Wu"],
    ),
    "indian": (
        ["Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Kavya", "Arjun", "Meera", "Sanjay",
         "Divya"],
        ["Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Desai", "Rao", "Kulkarni",
         "Mehta"],
    ),
    "indonesian": (
        ["Budi", "Siti", "Agus", "Dewi", "Rizky", "Putri", "Andi", "Ayu"],
        ["Santoso", "Wijaya", "Pratama", "Saputra", "Hidayat", "Kusuma", "Nugroho",
         "Halim"],
    ),
    "filipino": (
        ["Maria", "Jose", "Angelica", "Mark", "Kristine", "Paolo"],
        ["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza"],
    ),
    "vietnamese": (
        ["Minh", "Lan", "Huy", "Thu", "Duc", "Ngoc"],
        ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vo"],
    ),
    "thai": (
        ["Somchai", "Kanya", "Anan", "Pimchanok", "Chaiya", "Siriporn"],
        ["Srisuk", "Wongsa", "Chaiyaporn", "Rattanakul", "Boonmee", "Thongchai"],
    ),
    "malay": (
        ["Ahmad", "Nurul", "Hafiz", "Aisyah", "Wei Jie", "Kavitha"],
        ["Abdullah", "Ismail", "Tan", "Lim", "Rahman", "Krishnan"],
    ),
    "central_asian": (
        ["Bat-Erdene", "Oyun", "Aibek", "Dana", "Temuulen", "Aigerim"],
        ["Ganbaatar", "Batbayar", "Nurlanov", "Sadykova", "Tseren", "Omarov"],
    ),
    "iberian": (
        ["Lucía", "Javier", "Marta", "Pablo", "Carmen", "João", "Inês", "Miguel", "Laura",
         "Andrés"],
        ["García", "Martínez", "López", "Sánchez", "Fernández", "Silva", "Costa", "Ferreira",
         "Ruiz", "Navarro"],
    ),
    "french": (
        ["Camille", "Julien", "Élodie", "Thomas", "Claire", "Antoine", "Sophie", "Louis"],
        ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent", "Peeters", "Janssens"],
    ),
    "italian": (
        ["Giulia", "Marco", "Chiara", "Luca", "Francesca", "Matteo"],
        ["Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Ferrari"],
    ),
    "greek": (
        ["Eleni", "Giorgos", "Katerina", "Nikos", "Maria", "Dimitris"],
        ["Papadopoulos", "Georgiou", "Nikolaidis", "Konstantinou", "Vlachou", "Pappas"],
    ),
    "germanic": (
        ["Anna", "Lukas", "Sophie", "Jan", "Lena", "Maarten", "Femke", "Felix", "Eva",
         "Daan"],
        ["Müller", "Schmidt", "Fischer", "Weber", "de Vries", "Jansen", "Bakker", "Hoffmann",
         "Visser", "Becker"],
    ),
    "nordic": (
        ["Aino", "Mikko", "Laura", "Jussi", "Kadri", "Martin", "Liisa", "Toomas"],
        ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Tamm", "Saar", "Kask", "Laine"],
    ),
    "english": (
        ["Emma", "James", "Olivia", "Daniel", "Grace", "Michael", "Chloe", "Samuel", "Hannah",
         "Ethan", "Aroha", "Liam"],
        ["Smith", "Johnson", "Williams", "Brown", "Taylor", "Wilson", "Thompson", "Walker",
         "Robinson", "Clarke", "Nguyen", "Patel"],
    ),
    "turkish": (
        ["Elif", "Mehmet", "Zeynep", "Emre", "Ayşe", "Can"],
        ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Aydın"],
    ),
    "arabic": (
        ["Fatima", "Omar", "Layla", "Khalid", "Noura", "Youssef", "Mariam", "Hamad",
         "Salma", "Rashid"],
        ["Al Mansouri", "Al Harbi", "Haddad", "Al Kuwari", "Nasser", "Al Balushi", "Khoury",
         "Al Qahtani", "Bennani", "Al Suwaidi"],
    ),
    "hebrew": (
        ["Noa", "Yossi", "Tamar", "Eitan", "Maya", "Ariel"],
        ["Cohen", "Levi", "Mizrahi", "Peretz", "Friedman", "Shapiro"],
    ),
    "latin": (
        ["Sofía", "Mateo", "Valentina", "Santiago", "Camila", "Diego", "Isabela", "Sebastián",
         "Mariana", "Tomás"],
        ["Rodríguez", "Gómez", "Hernández", "Díaz", "Pérez", "Torres", "Ramírez", "Flores",
         "Vargas", "Castro"],
    ),
    "brazilian": (
        ["Ana", "Lucas", "Beatriz", "Gabriel", "Júlia", "Rafael"],
        ["Oliveira", "Souza", "Lima", "Pereira", "Carvalho", "Almeida"],
    ),
    "east_african": (
        ["Wanjiru", "Otieno", "Achieng", "Kamau", "Uwase", "Mugisha", "Aline", "Eric"],
        ["Mwangi", "Odhiambo", "Njoroge", "Kariuki", "Habimana", "Uwimana", "Ndayisaba",
         "Mutua"],
    ),
    "south_african": (
        ["Thabo", "Lerato", "Sipho", "Naledi", "Pieter", "Zanele"],
        ["Nkosi", "Dlamini", "Mokoena", "van der Merwe", "Naidoo", "Botha"],
    ),
    "west_african": (
        ["Chinedu", "Ama", "Kwame", "Ngozi", "Kofi", "Adaeze"],
        ["Okafor", "Mensah", "Adeyemi", "Boateng", "Eze", "Owusu"],
    ),
}

UNIVERSITY_PATTERNS = [
    "{city} University of Technology",
    "University of {city}",
    "{city} Institute of Science and Technology",
    "{adjective} Institute for Urban Research",
]

INSTITUTION_PATTERNS = [
    "{city} Institute for Urban Innovation",
    "{city} Digital Foundation",
    "{city} Centre for Digital Inclusion",
    "{adjective} Smart City Association",
    "Open Data {city}",
    "{city} Urban Mobility Agency",
    "{city} Climate Action Network",
    "{adjective} Council for Accessible Technology",
    "{city} Public Safety Research Centre",
    "{city} Community Technology Trust",
]

COMPANY_PREFIXES = [
    "Urban", "Civic", "Metro", "Bright", "Blue", "Green", "Open", "Polis", "Grid", "Next",
    "Civitas", "Terra", "Nova", "Link", "Clear", "True", "Street", "Harbour", "River",
    "Summit", "Pixel", "Signal", "Smart", "Kind",
]

COMPANY_SUFFIXES = [
    "Sense", "Mobility", "Labs", "Grid", "Flow", "Logic", "Path", "Map", "Wave", "Bridge",
    "Works", "Data", "Systems", "Care", "Energy", "Mind", "Scape", "Net",
]

COMPANY_KINDS = ["Technologies", "Solutions", "Analytics", "", "", "Digital"]
