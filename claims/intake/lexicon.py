"""Word lists the scoring and the claimant finder share: countries, peoples, institutions, titles."""

COUNTRIES = frozenset(
    """
    Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan Bahamas Bahrain
    Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia Botswana Brazil Brunei Bulgaria
    Burkina Burundi Cambodia Cameroon Canada Chad Chile China Colombia Comoros Congo Croatia Cuba Cyprus Czechia
    Denmark Djibouti Dominica Ecuador Egypt Eritrea Estonia Eswatini Ethiopia Fiji Finland France Gabon Gambia
    Georgia Germany Ghana Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary Iceland India Indonesia
    Iran Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Kiribati Kosovo Kuwait Kyrgyzstan Laos
    Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania Luxembourg Madagascar Malawi Malaysia Maldives
    Mali Malta Mauritania Mauritius Mexico Micronesia Moldova Monaco Mongolia Montenegro Morocco Mozambique
    Myanmar Namibia Nauru Nepal Netherlands Nicaragua Niger Nigeria Norway Oman Pakistan Palau Palestine Panama
    Paraguay Peru Philippines Poland Portugal Qatar Romania Russia Rwanda Samoa Senegal Serbia Seychelles
    Singapore Slovakia Slovenia Somalia Spain Sudan Suriname Sweden Switzerland Syria Taiwan Tajikistan Tanzania
    Thailand Togo Tonga Tunisia Turkey Turkmenistan Tuvalu Uganda Ukraine Uruguay Uzbekistan Vanuatu Venezuela
    Vietnam Yemen Zambia Zimbabwe Britain England Scotland Wales Europe Africa Asia America
    """.split()
) | frozenset(
    [
        "United States",
        "United Kingdom",
        "United Arab Emirates",
        "North Korea",
        "South Korea",
        "South Africa",
        "South Sudan",
        "New Zealand",
        "Saudi Arabia",
        "Sierra Leone",
        "Sri Lanka",
        "Costa Rica",
        "El Salvador",
        "Ivory Coast",
        "Czech Republic",
        "Dominican Republic",
        "Central African Republic",
        "Papua New Guinea",
        "European Union",
        "Central Asia",
        "Middle East",
        "Latin America",
    ]
)

PEOPLES = frozenset(
    """
    Afghan American Argentine Armenian Australian Austrian Belarusian Belgian Brazilian British Bulgarian
    Canadian Chechen Chilean Chinese Colombian Croatian Cuban Czech Danish Dutch Egyptian English Estonian
    Ethiopian European Finnish French Georgian German Greek Hungarian Indian Indonesian Iranian Iraqi Irish
    Israeli Italian Japanese Kazakh Kenyan Korean Latvian Lebanese Libyan Lithuanian Mexican Moldovan Nepali
    Nigerian Norwegian Pakistani Palestinian Polish Portuguese Romanian Russian Saudi Serbian Slovak Somali
    Spanish Swedish Swiss Syrian Turkish Ukrainian Uzbek Venezuelan Vietnamese Western Eastern Soviet African
    Asian Arab Kurdish Georgians Chechens Americans Russians Ukrainians Koreans
    """.split()
)

INSTITUTION_WORDS = frozenset(
    """
    Ministry Ministries Department Army Navy Forces Force Council Parliament Congress Senate Assembly Government
    Bank Court Agency Commission Office Police Legion University Party Union Organization Organisation Fund
    Institute Committee Authority Service Bureau Board Cabinet Kremlin Pentagon Secretariat Federation Alliance
    Association Foundation Corporation Company Group Guard Guards Tribunal Directorate Administration Embassy
    Statistics Census Centre Center Health Nations NATO UN EU WHO IMF OECD UNICEF UNHCR
    """.split()
)

TITLES = frozenset(
    """
    President Prime Minister Chancellor Secretary Governor Mayor Senator Representative Ambassador General
    Colonel Admiral Commander Chief Director Spokesman Spokeswoman Spokesperson Dr Professor King Queen Prince
    Pope Judge Justice Sheikh Emir CEO Chairman Chairwoman Speaker Deputy Lieutenant Major Captain Sergeant
    """.split()
)

# Common role nouns a fact-checker reads as "someone named" even without a proper name.
ROLE_NOUNS = frozenset(
    """
    minister ministry president government officials official spokesman spokeswoman spokesperson mayor
    governor senator agency police army prosecutors prosecutor court parliament council statistics office
    authorities regulator report study survey census analysts experts researchers economists
    """.split()
)

# Capitalized words that start sentences or name no one.
NOT_NAMES = frozenset(
    """
    A An The This That These Those It Its It's I We You He She They There Here What When Where Which Who Why How
    In On At By For From Of To With And But Or Nor So Yet If As After Before Since Until While During Despite
    Although Though Because Meanwhile However Moreover Also Still Then Now Today Yesterday Tomorrow Last Next
    Many Most Some Several Few All Both Each Every Other Another Such No Not Neither Either One Two Three Four
    Five Six Seven Eight Nine Ten Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
    April May June July August September October November December Mr Mrs Ms Our Their His Her My Your Only
    Alongside Throughout Notable Sympathetic Foreign Other Is Are Was Were Do Does Did Has Have Had Will Would
    Can Could Should Must May Might Please Click Read Sign Subscribe Follow Share Copyright Photo Image Video
    """.split()
)

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
