"""Claim intake: a piece -> its sentences -> ranked candidate claims. No views here.

reading    plain text, Markdown, HTML and encodings -> body and metadata
fetching   web pages over http(s), with a timeout and a size limit
sentences  the body's sentences and their offsets (pysbd)
scoring    check-worthiness from 0 to 1 with its reasons
claimant   who makes each claim
matching   candidates that resemble claims already in the database
pipeline   the steps together (one function for the desk and the command), and storing a piece with its claims
payload    a pipeline's result signed into the desk's page between reading and saving
"""

from claims.intake.errors import IntakeError

__all__ = ["IntakeError"]
