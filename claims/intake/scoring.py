"""Check-worthiness: a score from 0 to 1 for a sentence, and the reasons behind it.

The score adds up the features a fact-checker names when choosing what to
check (a figure, an attribution, named people and places, a comparison, a
cause) and takes off for what cannot be checked (questions, opinions,
predictions, boilerplate). Every point added or taken off is one reason, with
its weight, so a person reading the reasons can follow the ranking.
"""

import re
from dataclasses import dataclass, field

from claims.intake.lexicon import COUNTRIES, INSTITUTION_WORDS, MONTHS, NOT_NAMES, PEOPLES, ROLE_NOUNS, TITLES

BASE = 0.05
FIGURE, SPELLED_QUANTITY, DATE = 0.35, 0.2, 0.1
ATTRIBUTION = 0.2
ONE_NAME, SEVERAL_NAMES = 0.1, 0.15
COMPARISON, CAUSE = 0.15, 0.15
OPINION, PREDICTION, SHORT, LEAD_IN = -0.2, -0.1, -0.15, -0.1
QUESTION_FACTOR, BOILERPLATE_CAP = 0.3, 0.05
SHORT_WORDS = 6

QUALIFIER = (
    r"(?:(?:more|fewer|less|greater|higher|lower) than|over|under|at least|at most|nearly|almost|about|around|"
    r"roughly|approximately|some|up to|as many as|as much as|just over|just under|close to)"
)
NUMBER = (
    r"[$€£¥]?\s?\d+(?:[.,]\d+)*(?:(?:st|nd|rd|th|s)\b)?(?:\s?(?:%|percent\b|per cent\b))?"
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
ATTRIBUTION_RE = re.compile(
    r"\b(?:[Aa]ccording to|said|says|say|told|tells|stated|claimed|claims|accused|accuses|accusing|announced|"
    r"announces|reported|denied|denies|insisted|insists|argued|argues|warned|warns|estimated|estimates|"
    r"confirmed|confirms|alleged|alleges|testified|wrote|tweeted|posted|admitted|acknowledged|revealed|noted|"
    r"declared|asserted|maintained|showed|shows|found)\b"
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
WORD_RE = re.compile(r"[A-Za-z][\w'’-]*|\d[\d,.]*")
CAPITALIZED_RUN = re.compile(r"[A-Z][\w’'.-]*(?:\s+(?:(?:of|the|for|de|al|von|van|bin)\s+)*[A-Z][\w’'.-]*)*")
ROLE = re.compile(r"\b([Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts) ([a-z]+)\b")
CONNECTORS = frozenset(["of", "the", "for", "de", "al", "von", "van", "bin"])
CLOSING = "\"'”’»)] "


@dataclass
class Score:
    value: float
    reasons: list[str] = field(default_factory=list)


def quoted(items, limit=5) -> str:
    unique = list(dict.fromkeys(items))
    shown = ", ".join(f"“{item}”" for item in unique[:limit])
    return shown + (f" and {len(unique) - limit} more" if len(unique) > limit else "")


def weight(value: float) -> str:
    return f"{value:+.2f}".replace("-", "−")


# Features ---------------------------------------------------------------------


def figures(text: str) -> tuple[list[str], list[str]]:
    """(quantities, dates) written in digits: '4.2%', 'more than 10,000' / '2023', 'March 15'."""
    quantities, dates = [], []
    for match in FIGURE_RE.finditer(text):
        phrase = match.group(0).strip().rstrip(".,")
        bare = re.fullmatch(r"\d+(?:st|nd|rd|th|s)?", phrase)
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
    digits_blanked = FIGURE_RE.sub(lambda m: " " * len(m.group(0)), text)
    return [m.group(0) for m in SPELLED_RE.finditer(digits_blanked)]


def names(text: str, known: frozenset = frozenset()) -> list[str]:
    """Named people, countries and institutions, and the roles that stand for them ('the minister')."""
    found = []
    opening = len(text) - len(text.lstrip(CLOSING + "“‘«("))
    for match in CAPITALIZED_RUN.finditer(text):
        words = [clean_name_word(w) for w in match.group(0).split()]
        at_start = match.start() <= opening
        while words and words[0] in NOT_NAMES | CONNECTORS:
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
        for match in re.finditer(r"(?<=[\w,;:] )([A-Z][\w’'-]+)", text):
            word = match.group(1).removesuffix("'s").removesuffix("’s")
            if word not in NOT_NAMES:
                known.add(word)
    return frozenset(known)


def is_question(text: str) -> bool:
    return text.rstrip(CLOSING).endswith("?")


# Score ------------------------------------------------------------------------


def check_worthiness(text: str, *, caption: bool = False, known_names: frozenset = frozenset()) -> Score:
    """How worth checking one sentence is, from 0 to 1, with the reasons."""
    reasons: list[str] = []
    total = BASE

    def add(amount, label, items=None):
        nonlocal total
        total += amount
        reasons.append(f"{label} ({weight(amount)})" + (f": {quoted(items)}" if items else ""))

    quantities, dates = figures(text)
    spelled = spelled_quantities(text)
    if quantities:
        add(FIGURE, "figure or quantity", quantities + spelled)
    elif spelled:
        add(SPELLED_QUANTITY, "quantity in words", spelled)
    if dates:
        add(DATE, "date", dates)
    attributions = ATTRIBUTION_RE.findall(text)
    if attributions:
        add(ATTRIBUTION, "attribution", [a.lower() for a in attributions])
    named = names(text, known_names)
    if named:
        add(SEVERAL_NAMES if len(set(named)) > 1 else ONE_NAME, "names people, places or institutions", named)
    comparisons = COMPARISON_RE.findall(text)
    if comparisons:
        add(COMPARISON, "comparison or superlative", [c.lower() for c in comparisons])
    causes = CAUSE_RE.findall(text)
    if causes:
        add(CAUSE, "claims a cause", [c.lower() for c in causes])
    has_facts = bool(quantities or spelled or dates or attributions)
    if not reasons:
        reasons.append("nothing to check: no figure, source or name")

    opinions = OPINION_RE.findall(text)
    if opinions and not has_facts:
        add(OPINION, "opinion without a fact", [o.lower() for o in opinions])
    predictions = PREDICTION_RE.findall(text)
    if predictions:
        add(PREDICTION, "looks ahead: a prediction cannot be checked yet", predictions)
    if len(WORD_RE.findall(text)) < SHORT_WORDS:
        add(SHORT, "too short to hold a claim")
    if text.rstrip(CLOSING).endswith(":"):
        add(LEAD_IN, "introduces what follows")
    if caption:
        reasons.append("from an image caption")

    value = min(1.0, max(0.0, total))
    if is_question(text):
        value *= QUESTION_FACTOR
        reasons.append(f"a question, not a claim (×{QUESTION_FACTOR})")
    boilerplate = BOILERPLATE_RE.findall(text)
    if boilerplate and not (quantities or attributions):
        value = min(value, BOILERPLATE_CAP)
        reasons.append(f"boilerplate: {quoted([b.lower() for b in boilerplate])} (at most {BOILERPLATE_CAP})")
    return Score(round(value, 2), reasons)
