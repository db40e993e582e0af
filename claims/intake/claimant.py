"""Who makes a claim: proposed from the sentence and the ones before it.

"X said ...", "according to X", "X accused ...", '"...," X said' and
'"...," said X' name the claimant; a pronoun ("he said") is resolved to the
last person or claimant named in the sentences before. When nobody is named,
the claim is the piece's own.
"""

import re

from claims.intake.lexicon import COUNTRIES, INSTITUTION_WORDS, NOT_NAMES, PEOPLES, TITLES

PIECE_AUTHOR = "the piece's author"
MAX_LENGTH = 200

SPEECH_VERBS = (
    r"said|says|say|told|tells|stated|states|claimed|claims|claim|accused|accuses|announced|announces|reported|"
    r"denied|denies|insisted|insists|argued|argues|warned|warns|estimated|estimates|confirmed|confirms|alleged|"
    r"alleges|testified|wrote|writes|tweeted|posted|added|admitted|acknowledged|revealed|declared|asserted|"
    r"maintained|noted|explained|predicted|promised|boasted|"
    # Ukrainian and Russian: the desk reads pieces in both.
    r"заяви(?:в|ла|ли|л)|сказа(?:в|ла|ли|л)|повідоми(?:в|ла|ли)|сообщи(?:л|ла|ли)|наголоси(?:в|ла|ли)|"
    r"подчеркну(?:л|ла|ли)"
)
SPEECH_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
ACCORDING_TO = re.compile(
    r"\b(?:[Aa]ccording to|[Зз]а (?:даними|словами)|[Пп]о (?:данным|словам))\s+"
    r"(.+?)(?:[,;:.!?\"”]|\s+(?:which|who|that)\b|$)"
)
# Words between a subject and its verb that are not part of the subject: "Ukraine last year said".
TRAILING_ADVERBIAL = re.compile(
    r"(?:\s+(?:last|this|next|on|in|earlier|later)\s+(?:week|month|year|night|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|"
    r"December|\w+day)|\s+(?:all|also|both|initially|previously|repeatedly|publicly|recently|earlier|"
    r"yesterday|today|has|have|had|has also|have also|once|then|first|again|had earlier|separately|"
    r"similarly|however|now|later|falsely|wrongly|reportedly))+$"
)
LEADING_ADVERBIAL = re.compile(
    r"^(?:(?:last|this|next|on|in|earlier|later)\s+(?:week|month|year|night|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|"
    r"December)|yesterday|today|meanwhile|separately|earlier|later)\b,?\s+",
    re.I,
)
# "(Володимир Зеленський)", "[AP]": an aside in brackets is not part of who is speaking, nor a break in it.
BRACKETED_ASIDE = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])")
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "this", "that", "which", "who"}
PERSON_PRONOUNS = {"he", "she"}
CAPITALIZED_RUN = re.compile(r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*")
OPENING_PUNCTUATION = " \"'“”‘’«»()[]—–-,;:"


def propose_claimant(sentence: str, previous: list[str] = (), *, author: str = "") -> str:
    """The claimant of `sentence`; `previous` are the sentences before it, nearest last."""
    found = claimant_in(sentence)
    if found and found.lower() in PRONOUNS:
        found = resolve_pronoun(found.lower(), previous)
    return tidy(found) if found else (author or PIECE_AUTHOR)


def claimant_in(sentence: str) -> str:
    """The claimant named in one sentence, a pronoun to resolve, or ''."""
    according = ACCORDING_TO.search(sentence)
    verb = SPEECH_VERB.search(sentence)
    if according and (not verb or according.start() < verb.start() or not subject_before(sentence, verb)):
        return according.group(1).strip()
    if not verb:
        return ""
    return subject_after(sentence, verb) or subject_before(sentence, verb)


def subject_before(sentence: str, verb: re.Match) -> str:
    """The subject of the speech verb: the last clause before it, or a list of names ("Kyiv, the West and ...")."""
    before = BRACKETED_ASIDE.sub("", sentence[: verb.start()])
    before = re.split(r"[\"”»]\s*,?|\s--\s|\s[—–]\s|[;:()]", before)[-1]
    before = TRAILING_ADVERBIAL.sub("", before.rstrip()).strip(OPENING_PUNCTUATION)
    if not before:
        return ""
    before = LEADING_ADVERBIAL.sub("", before)
    # "3,300 foreigners": a comma inside a figure does not end a clause.
    parts = [part.strip() for part in re.split(r",(?!\d)", before)]
    subject = parts.pop()
    if " and " in subject:
        while parts and is_name_like(parts[-1]):
            subject = f"{parts.pop()}, {subject}"
    subject = re.split(r"\s+(?:who|which|that|whose|where)\s+", subject)[0]
    subject = re.sub(r"^(?:and|but|or|so|yet|while|though|although|because|as|when|if|since)\s+", "", subject)
    words = subject.split()
    if not words or len(words) > 10:
        return ""
    if words[0][0].islower() and words[0] not in ("the", "a", "an") and subject.lower() not in PRONOUNS:
        return ""
    return subject


def subject_after(sentence: str, verb: re.Match) -> str:
    """'"...," said the minister' or '..., said John Smith.': the speaker follows the verb."""
    before = sentence[: verb.start()].rstrip()
    if not before.endswith((",", '"', "”", "’", "'")):
        return ""
    after = re.split(r"[,.;:!?]", sentence[verb.end() :], maxsplit=1)[0].strip()
    words = after.split()
    if not words or len(words) > 8 or not (words[0][0].isupper() or words[0] in ("the", "a", "an")):
        return ""
    return after


def is_name_like(part: str) -> bool:
    words = part.split()
    if not words or len(words) > 4:
        return False
    first = words[1] if words[0] in ("the", "The") and len(words) > 1 else words[0]
    return first[:1].isupper()


def resolve_pronoun(pronoun: str, previous: list[str]) -> str:
    """The person (he, she) or the claimant (they, it, we) the pronoun stands for, from the sentences before."""
    for sentence in reversed(list(previous)[-3:]):
        if pronoun in PERSON_PRONOUNS:
            people = people_in(sentence)
            if people:
                return people[-1]
            continue
        found = claimant_in(sentence)
        if found and found.lower() not in PRONOUNS:
            return found
    return ""


def people_in(sentence: str) -> list[str]:
    """Names of people: 'Russian President Vladimir Putin' -> 'Vladimir Putin'; 'President Putin' -> 'Putin'."""
    people = []
    for match in CAPITALIZED_RUN.finditer(sentence):
        words = [w.removesuffix("'s").removesuffix("’s").rstrip(".,") for w in match.group(0).split()]
        titles = [i for i, word in enumerate(words) if word in TITLES]
        titled = bool(titles)
        if titles:
            words = words[titles[-1] + 1 :]
        while words and (words[0] in NOT_NAMES or words[0] in PEOPLES or words[0] in COUNTRIES):
            words.pop(0)
        if any(w in INSTITUTION_WORDS or w in COUNTRIES or w in PEOPLES for w in words):
            continue
        if len(words) >= 2 or (titled and len(words) == 1):
            people.append(" ".join(words))
    return people


def tidy(claimant: str) -> str:
    claimant = " ".join(claimant.split()).strip(OPENING_PUNCTUATION + ".")
    claimant = re.sub(r"^the\s+(?=[A-Z])", "", claimant)
    claimant = claimant[:1].upper() + claimant[1:]
    return claimant[:MAX_LENGTH].rstrip()


def unify_claimants(claimants: list[str]) -> list[str]:
    """One person or body is one claimant within a piece: each short form becomes the fullest name.

    "Zelenskyy" and "President Volodymyr Zelenskyy" -> "President Volodymyr Zelenskyy"; "Interior
    Ministry" -> "Russia's Interior Ministry". A short form is the end of the longer name, word for word;
    when it ends two different names ("Korea": "North Korea", "South Korea") it is left alone.
    """
    names = {name for name in claimants if is_name_like(name) and name != PIECE_AUTHOR}
    # A longer name can only end with the short one if both end in the same word: compare within those groups,
    # not every name with every other (a long piece has hundreds).
    by_last_word = {}
    for name in names:
        by_last_word.setdefault(name.casefold().split()[-1], []).append(name)
    fullest = {}
    for short in names:
        same_end = by_last_word[short.casefold().split()[-1]]
        longer = [name for name in same_end if name != short and ends_with_words(name, short)]
        if not longer:
            continue
        longest = max(longer, key=lambda name: (len(name.split()), name))
        if all(name == longest or ends_with_words(longest, name) for name in longer):
            fullest[short] = longest
    return [fullest.get(name, name) for name in claimants]


def ends_with_words(name: str, short: str) -> bool:
    words, short_words = name.casefold().split(), short.casefold().split()
    return len(words) > len(short_words) and words[-len(short_words) :] == short_words
