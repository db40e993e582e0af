"""What a sentence shows a fact-checker: figures, sources, names, comparisons, causes, talk, word patterns.

The detectors below are the ones the hand-set scorer used (`bench/legacy_scorer.py`);
`sentence_features` turns them, and the sentence's words and word pairs, into
the named inputs of the trained ranker (`claims.intake.ranker`). Every input
is 1 when present (0 when absent), so a weight is exactly what the input adds.
"""

import math
import re

from claims.intake.lexicon import COUNTRIES, INSTITUTION_WORDS, MONTHS, NOT_NAMES, PEOPLES, ROLE_NOUNS, TITLES

QUALIFIER = (
    r"(?:(?:more|fewer|less|greater|higher|lower) than|over|under|at least|at most|nearly|almost|about|around|"
    r"roughly|approximately|some|up to|as many as|as much as|just over|just under|close to)"
)
NUMBER = (
    r"[$€£¥₴₽]?\s?\d+(?:[.,]\d+)*(?:(?:st|nd|rd|th|s)\b)?(?:\s?(?:%|percent\b|per cent\b))?"
    r"(?:\s?(?:million|billion|trillion|thousand|bn|m|k)\b)?"
)
FIGURE_RE = re.compile(rf"(?:\b{QUALIFIER}\s+)?(?<![\w.,-]){NUMBER}", re.I)
YEAR = re.compile(r"(?:1[89]\d\d|20\d\d)s?")
DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th)?")
MONTH_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?\s*$")
MONTH_AFTER = re.compile(rf"^\s*(?:{MONTHS})\b")
SPELLED_RE = re.compile(
    rf"(?:\b{QUALIFIER}\s+)?\b(?:hundreds|thousands|millions|billions|dozens|tens of thousands|"
    r"a (?:third|quarter|half|majority|minority) of|half of|twice|two-thirds|three-quarters|"
    r"one in (?:two|three|four|five|six|ten)|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine|hundred|thousand|million|billion))*)\b",
    re.I,
)
# English, then Ukrainian and Russian: the desk reads pieces in all three.
ATTRIBUTION_RE = re.compile(
    r"\b(?:[Aa]ccording to|said|says|say|told|tells|stated|claimed|claims|accused|accuses|accusing|announced|"
    r"announces|reported|denied|denies|insisted|insists|argued|argues|warned|warns|estimated|estimates|"
    r"confirmed|confirms|alleged|alleges|testified|wrote|tweeted|posted|admitted|acknowledged|revealed|noted|"
    r"declared|asserted|maintained|showed|shows|found|"
    r"заяви(?:в|ла|ли)|сказа(?:в|ла|ли)|повідоми(?:в|ла|ли)|за даними|за словами|"
    r"заяви(?:л|ла|ли)|сказа(?:л|ла|ли)|сообщи(?:л|ла|ли)|по данным|по словам)\b"
)
COMPARISON_RE = re.compile(
    r"\b(?:(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger|faster|slower|cheaper|older|younger|"
    r"better|worse) than|(?:the )?(?:most|least) (?!of\b)[a-z]+|largest|biggest|highest|lowest|smallest|fastest|"
    r"slowest|strongest|weakest|worst|deadliest|longest|shortest|richest|poorest|oldest|youngest|greatest|"
    r"record|unprecedented|doubled|tripled|halved|quadrupled|rose|risen|fell|fallen|dropped|increased|"
    r"decreased|declined|grew|grown|surged|soared|plunged|jumped|climbed|tumbled|compared (?:with|to)|"
    r"twice as|times (?:more|less|as))\b",
    re.I,
)
CAUSE_RE = re.compile(
    r"\b(?:because(?: of)?|due to|caused|causes|causing|cause of|led to|leads to|leading to|"
    r"as a result(?: of)?|resulted in|results in|result of|thanks to|blamed|blames|blaming|responsible for|"
    r"owing to|driven by|linked to|contributed to|triggered|prompted)\b",
    re.I,
)
OPINION_RE = re.compile(
    r"\b(?:I|we) (?:think|believe|feel|hope|wish|guess|suppose|love|hate)\b|\bin (?:my|our) (?:view|opinion)\b|"
    r"\b(?:should|must|ought to)\b|\b(?:beautiful|wonderful|terrible|awful|amazing|shameful|disgraceful|"
    r"outrageous|ridiculous|lovely|nice|boring|exciting|brilliant|stupid|delightful|fantastic|horrible)\b",
    re.I,
)
PREDICTION_RE = re.compile(r"\b(?:will|would|could|might|may|going to|expects?|expected to|plans? to|forecasts?)\b")
BOILERPLATE_RE = re.compile(
    r"\b(?:subscribe|sign up (?:for|to) (?:our|the)|newsletter|click here|read more|all rights reserved|"
    r"copyright|cookies?|follow us|"
    r"share this|advertisement|terms of (?:use|service)|privacy policy|contact us|related (?:articles|stories)|"
    r"this (?:story|article) (?:has been|was) updated|first published|reporting by|editing by|"
    r"additional reporting)\b|©",
    re.I,
)
FIRST_PERSON_RE = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|we|we're|we've|we'll|us|our)\b", re.I)
SECOND_PERSON_RE = re.compile(r"\byou(?:r|'re|'ve|'ll)?\b", re.I)
WORD_RE = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*")
TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*")
CAPITALIZED_RUN = re.compile(r"[A-Z][\w’'.-]*(?:\s+(?:(?:of|the|for|de|al|von|van|bin)\s+)*[A-Z][\w’'.-]*)*")
ROLE = re.compile(r"\b([Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts) ([a-z]+)\b")
CONNECTORS = frozenset(["of", "the", "for", "de", "al", "von", "van", "bin"])
CLOSING = "\"'”’»)] "
SHORT_WORDS, LONG_WORDS, VERY_LONG_WORDS = 6, 15, 30
NUMBER_TOKEN = "#"
BARE_NUMBER = re.compile(r"\d+(?:st|nd|rd|th|s)?")
DIGIT = re.compile(r"\d")
QUOTE_MARK = re.compile(r"[\"“«]")
MID_SENTENCE_CAPITAL = re.compile(r"(?<=[\w,;:] )([A-Z][\w’'-]+)")
NOT_NAMES_OR_CONNECTORS = NOT_NAMES | CONNECTORS

# Speed: a regular expression of many alternatives costs microseconds a sentence, and most sentences hold
# none of a detector's words. Every match of a detector holds one of its anchors as a whole word, so a
# sentence none of whose words (lower-cased runs of letters) is an anchor is not searched at all.
LETTER_RUN = re.compile(r"[^\W\d_]+")
# Letters that match an ASCII letter when case is ignored without lower-casing to it: search those in full.
CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")
ANCHORS = {
    "spelled": frozenset(
        """hundreds thousands millions billions dozens tens third quarter half majority minority twice one two
        three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy eighty
        ninety hundred thousand million billion""".split()
    ),
    "attribution": frozenset(
        """according said says say told tells stated claimed claims accused accuses accusing announced announces
        reported denied denies insisted insists argued argues warned warns estimated estimates confirmed confirms
        alleged alleges testified wrote tweeted posted admitted acknowledged revealed noted declared asserted
        maintained showed shows found заявив заявила заявили заявил сказав сказала сказали сказал повідомив
        повідомила повідомили сообщил сообщила сообщили даними словами данным словам""".split()
    ),
    "comparison": frozenset(
        """than most least largest biggest highest lowest smallest fastest slowest strongest weakest worst
        deadliest longest shortest richest poorest oldest youngest greatest record unprecedented doubled tripled
        halved quadrupled rose risen fell fallen dropped increased decreased declined grew grown surged soared
        plunged jumped climbed tumbled compared twice times""".split()
    ),
    "cause": frozenset(
        """because due caused causes causing cause led leads leading result resulted results thanks blamed
        blames blaming responsible owing driven linked contributed triggered prompted""".split()
    ),
    "opinion": frozenset(
        """think believe feel hope wish guess suppose love hate view opinion should must ought beautiful
        wonderful terrible awful amazing shameful disgraceful outrageous ridiculous lovely nice boring exciting
        brilliant stupid delightful fantastic horrible""".split()
    ),
    "prediction": frozenset(
        "will would could might may going expect expects expected plan plans forecast forecasts".split()
    ),
    "first_person": frozenset("i me my we us our".split()),
    "second_person": frozenset("you your".split()),
    "boilerplate": frozenset(
        """subscribe sign newsletter click read reserved copyright cookie cookies follow share advertisement terms
        privacy contact related updated published reporting editing""".split()
    ),
}


# Detectors ----------------------------------------------------------------------


def figures(text: str) -> tuple[list[str], list[str]]:
    """(quantities, dates) written in digits: '4.2%', 'more than 10,000' / '2023', 'March 15'."""
    return figures_from(text, FIGURE_RE.finditer(text))


def figures_from(text: str, matches) -> tuple[list[str], list[str]]:
    quantities, dates = [], []
    for match in matches:
        phrase = match.group(0).strip().rstrip(".,")
        bare = BARE_NUMBER.fullmatch(phrase)
        year = bare and YEAR.fullmatch(phrase)
        day = (
            bare
            and DAY.fullmatch(phrase)
            and (MONTH_BEFORE.search(text[: match.start()]) or MONTH_AFTER.match(text[match.end() :]))
        )
        (dates if year or day else quantities).append(phrase)
    return quantities, dates


def spelled_quantities(text: str) -> list[str]:
    """Quantities in words ('hundreds', 'two'), leaving out the words of a figure in digits ('12 million')."""
    return spelled_from(text, FIGURE_RE.finditer(text))


def spelled_from(text: str, figure_matches) -> list[str]:
    parts, last = [], 0
    for match in figure_matches:
        parts += [text[last : match.start()], " " * (match.end() - match.start())]
        last = match.end()
    parts.append(text[last:])
    return [m.group(0) for m in SPELLED_RE.finditer("".join(parts))]


def names(text: str, known: frozenset = frozenset()) -> list[str]:
    """Named people, countries and institutions, and the roles that stand for them ('the minister')."""
    found = []
    opening = len(text) - len(text.lstrip(CLOSING + "“‘«("))
    for match in CAPITALIZED_RUN.finditer(text):
        words = [clean_name_word(w) for w in match.group(0).split()]
        at_start = match.start() <= opening
        while words and words[0] in NOT_NAMES_OR_CONNECTORS:
            words.pop(0)
            at_start = False
        # A capital at the start of a sentence proves nothing unless a capitalized word follows it.
        if (
            at_start
            and words
            and not is_known_name(words[0], known)
            and not (len(words) > 1 and words[1][:1].isupper())
        ):
            words.pop(0)
        while words and words[0] in CONNECTORS:
            words.pop(0)
        while words and words[-1] in CONNECTORS:
            words.pop()
        if words:
            found.append(" ".join(words))
    for determiner, role in ROLE.findall(text):
        if role in ROLE_NOUNS:
            found.append(f"{determiner.lower()} {role}")
    return found


def clean_name_word(word: str) -> str:
    word = word.removesuffix("'s").removesuffix("’s")
    # "October." ends a sentence; "U.S." is an abbreviation.
    return word[:-1] if word.endswith(".") and "." not in word[:-1] else word


def is_known_name(name: str, known: frozenset) -> bool:
    return (
        name in COUNTRIES
        or name in PEOPLES
        or name in known
        or name in TITLES
        or any(word in INSTITUTION_WORDS for word in name.split())
        or (name.isupper() and 2 <= len(name) <= 6)
    )


def names_used_inside_sentences(texts) -> frozenset:
    """Words written with a capital in mid-sentence somewhere in the piece: names, not sentence openers."""
    known = set()
    for text in texts:
        for match in MID_SENTENCE_CAPITAL.finditer(text):
            word = match.group(1).removesuffix("'s").removesuffix("’s")
            if word not in NOT_NAMES:
                known.add(word)
    return frozenset(known)


def is_question(text: str) -> bool:
    return text.rstrip(CLOSING).endswith("?")


def word_count(text: str) -> int:
    return len(WORD_RE.findall(text))


def tokens(text: str) -> list[str]:
    """Lower-case words; every number is '#', so '12 percent' and '40 percent' are one pattern."""
    return [NUMBER_TOKEN if t[0].isdigit() else t.replace("’", "'") for t in TOKEN_RE.findall(text.lower())]


def word_patterns(text: str) -> set[str]:
    """The sentence's words and pairs of neighbouring words ('voted against'), as ranker inputs."""
    words = tokens(text)
    found = {f"w:{w}" for w in words}
    found.update(f"w:{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return found


# The ranker's inputs ----------------------------------------------------------------

# Each named input, as a fact-checker reads it. Word patterns ("w:...") are shown grouped.
LABELS = {
    "figure": "figure or quantity",
    "spelled": "quantity in words",
    "date": "date or year",
    "attribution": "attribution",
    "one_name": "names a person, place or institution",
    "several_names": "names several people, places or institutions",
    "comparison": "comparison or change",
    "cause": "claims a cause",
    "opinion": "opinion word",
    "prediction": "looks ahead",
    "first_person": "speaker talks about themselves",
    "second_person": "speaks to the listener",
    "question": "a question, not a claim",
    "short": "too short to hold a claim",
    "long": "long sentence",
    "very_long": "very long sentence",
    "lead_in": "introduces what follows",
    "quotation": "a quotation",
    "caption": "from an image caption",
    "boilerplate": "boilerplate",
}


DETECTORS = (
    ("comparison", COMPARISON_RE),
    ("cause", CAUSE_RE),
    ("opinion", OPINION_RE),
    ("prediction", PREDICTION_RE),
    ("first_person", FIRST_PERSON_RE),
    ("second_person", SECOND_PERSON_RE),
)


def sentence_features(text: str, *, caption: bool = False, known_names: frozenset = frozenset()) -> dict:
    """{input: (value, the words that triggered it)} for every input present in the sentence."""
    found, patterns, share = sentence_inputs(text, caption=caption, known_names=known_names)
    for pattern in patterns:
        found[pattern] = (share, [])
    return found


def sentence_inputs(text: str, *, caption: bool = False, known_names: frozenset = frozenset()):
    """(the named inputs present, as sentence_features gives them; the word patterns; the value of each pattern)."""
    patterns = word_patterns(text)
    # Long sentences hold many patterns: each counts 1/sqrt(how many), so length alone does not decide.
    share = 1 / math.sqrt(len(patterns)) if patterns else 0.0
    return named_inputs(text, caption=caption, known_names=known_names), patterns, share


def anchored_words(text: str) -> frozenset | None:
    """The sentence's lower-cased runs of letters, to compare with the detectors' anchors; None: search in full."""
    if CASE_TRAPS.search(text):
        return None
    return frozenset(LETTER_RUN.findall(text.lower()))


def may_match(key: str, words: frozenset | None) -> bool:
    return words is None or not ANCHORS[key].isdisjoint(words)


def named_inputs(text: str, *, caption: bool = False, known_names: frozenset = frozenset()) -> dict:
    found: dict[str, tuple[float, list[str]]] = {}
    words = anchored_words(text)
    figure_matches = list(FIGURE_RE.finditer(text)) if DIGIT.search(text) else []
    quantities, dates = figures_from(text, figure_matches)
    # Searched with the figures blanked out; blanking leaves every run of letters outside a figure as it was.
    spelled = spelled_from(text, figure_matches) if may_match("spelled", words) else []
    if quantities:
        found["figure"] = (1.0, quantities)
    if spelled:
        found["spelled"] = (1.0, spelled)
    if dates:
        found["date"] = (1.0, dates)
    attributions = ATTRIBUTION_RE.findall(text) if may_match("attribution", words) else []
    if attributions:
        found["attribution"] = (1.0, [a.lower() for a in attributions])
    named = names(text, known_names)
    if named:
        found["several_names" if len(set(named)) > 1 else "one_name"] = (1.0, named)
    for key, pattern in DETECTORS:
        hits = pattern.findall(text) if may_match(key, words) else []
        if hits:
            found[key] = (1.0, [h.lower() for h in hits])
    count = word_count(text)
    if count < SHORT_WORDS:
        found["short"] = (1.0, [])
    if count >= LONG_WORDS:
        found["long"] = (1.0, [f"{count} words"])
    if count >= VERY_LONG_WORDS:
        found["very_long"] = (1.0, [f"{count} words"])
    if is_question(text):
        found["question"] = (1.0, [])
    if text.rstrip(CLOSING).endswith(":"):
        found["lead_in"] = (1.0, [])
    if QUOTE_MARK.search(text):
        found["quotation"] = (1.0, [])
    if caption:
        found["caption"] = (1.0, [])
    boilerplate = BOILERPLATE_RE.findall(text) if "©" in text or may_match("boilerplate", words) else []
    if boilerplate:
        found["boilerplate"] = (1.0, [b.lower() for b in boilerplate])
    return found
