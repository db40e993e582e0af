"""The claimant's own words in a reported sentence: the parts inside quotation marks, nothing else.

"Zelenskyy said more than 150 Chinese nationals ..." is the reporter's sentence,
not the president's words; only a quoted part is his. The sentence itself stays
the claim's context (its span in the piece).
"""

import re

# Straight and typographic double quotes, guillemets, and the low-high pairs of German, Ukrainian and Russian
# („…“ and „…”). Single quotes are left out: ’ is also the apostrophe ("Ukraine’s"), so they cannot be paired.
QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”|«([^»]+)»|„([^“”]+)[“”]')
TRAILING = " ,;:"
JOINER = " … "


def claimant_words(sentence: str) -> str:
    """The quoted parts of `sentence`, joined by an ellipsis; "" when it quotes no one."""
    parts = []
    for match in QUOTED.finditer(sentence):
        words = " ".join(next(group for group in match.groups() if group is not None).split()).rstrip(TRAILING)
        if words:
            parts.append(words)
    return JOINER.join(parts)
