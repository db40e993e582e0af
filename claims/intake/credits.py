"""Photo credits: found at the end of a caption, or in a figure's markup, and taken off the text.

A credit is never part of the body, so it never becomes a sentence or a claim.
"""

import re

CREDIT_WORD = r"(?i:photo(?:graph)?s?|images?|pictures?|pic|credits?|illustrations?|graphics?|foto)"
WIRE_AGENCY = r"(?:AP|AFP|Reuters|Getty Images|EPA(?:-EFE)?|PA(?: Media| Wire)?|dpa|Xinhua|Shutterstock|Alamy)"
# Ending a caption: "(Photo: Jane Roe)", "[Image: NASA]", "(Reuters)", "(AP Photo/Evan Vucci)".
BRACKETED_CREDIT = re.compile(rf"\s*(?:[(\[]\s*{CREDIT_WORD}\b[^()\[\]]*[)\]]|\(\s*{WIRE_AGENCY}\b[^()]*\))\s*$")
# In an image's own caption any trailing [bracket] is its credit: "... each day. [Ana Ruiz/Agency]".
BRACKET_AT_END = re.compile(r"\s*\[[^\[\]]*\]\s*$")
# "Photo: Jane Roe/Agency", "Photograph by Jane Roe", "PICTURE CREDIT: NASA", after a sentence or alone.
LABELLED_CREDIT = re.compile(
    rf"(?:^|(?<=[.!?…\"”’)]))\s*{CREDIT_WORD}(?:\s+(?i:credits?))?(?:\s*:|\s+(?i:by)\b)\s*(\S.*)$"
)
CREDIT_MAX_WORDS = 8
CREDIT_CLASS = re.compile(r"credit|copyright|attribution|byline|photographer|source", re.I)


def captions_into_alt_text(tree) -> None:
    """Put each figure's caption into its image's alt text, where the Markdown output keeps it.

    A credit marked up apart (`<small>`, `<cite>`, a "credit" class) is written as a trailing
    [bracket], which split_credits takes off the caption.
    """
    for figure in tree.iter("figure"):
        caption = figure.find(".//figcaption")
        image = figure.find(".//img")
        if caption is None or image is None:
            continue
        credits = []
        for element in list(caption.iterdescendants()):
            if caption not in element.iterancestors():
                continue  # inside a credit already taken out
            if element.tag in ("small", "cite") or CREDIT_CLASS.search(element.get("class") or ""):
                credits.append(" ".join(element.text_content().split()))
                element.drop_tree()
        text = " ".join(caption.text_content().split())
        text += "".join(f" [{credit}]" for credit in credits if credit)
        if text:
            image.set("alt", text.strip())
        caption.drop_tree()


def split_credits(caption: str, *, image: bool = True) -> tuple[str, list[str]]:
    """The caption without the photo credits that end it, and those credits.

    In an image's caption (`image`) any trailing [bracket] is a credit; in a line of text only
    what names itself one ("Photo: ...", "(Reuters)").
    """
    credits = []
    while match := trailing_credit(caption, image=image):
        credits.insert(0, match.group(0).strip().strip("[]()").strip())
        caption = caption[: match.start()]
    return caption.strip(), [credit for credit in credits if credit]


def trailing_credit(text: str, *, image: bool):
    if image and (match := BRACKET_AT_END.search(text)):
        return match
    if match := BRACKETED_CREDIT.search(text):
        return match
    match = LABELLED_CREDIT.search(text)
    # "Picture by picture, the film was rebuilt over three years." is a sentence, not a credit.
    if match and len(match.group(1).split()) <= CREDIT_MAX_WORDS and not match.group(1).endswith(("!", "?")):
        return match
    return None
