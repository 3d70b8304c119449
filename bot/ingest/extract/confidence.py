"""How sure the extractor is of a statement's speaker: one ordered scale, named by evidence.

Every attribution strategy (``attribute``, transcript turns, readouts, principals, …) gives
one of these levels, and the thresholds that read confidence later (the pipeline's
auto-approval floor, the headline check in ``core._keep``, the backfill in ``attribute``)
compare against the same names, so a level can move without hunting for its number.
The values are the numbers the store has always kept; only their names are new.
"""

from __future__ import annotations

from enum import Enum


class Confidence(float, Enum):
    """Levels from the strongest evidence to none; a float, so it is stored as a number."""

    # A speech cue touching the quotation: "“…,” Lavrov said" / "Lavrov said: “…”".
    CUE_ADJACENT = 0.9
    # The layout names the speaker: a transcript turn's label, a "— Name" signature, "Name: “…”".
    LABELLED = 0.85
    # A cue before the quotation with words between them; a tweet's signature.
    CUE_BEFORE = 0.8
    # A cue after the quotation with words between them; "This was stated by X".
    CUE_AFTER = 0.75
    # A cue elsewhere in the sentence; a reported clause; a quotation continuing the
    # paragraph's speaker at the start of its sentence; an enumeration's speaker.
    CUE_IN_SENTENCE = 0.7
    # Context close to a cue: the subject before a colon, a first-person standalone
    # paragraph, a quotation run on from the next one's speaker, a readout's verb.
    CONTEXT_CLOSE = 0.65
    # The sentence before names the speaker; a headline's speaker; a release's principal.
    CONTEXT = 0.6
    # A standalone paragraph after a speaker's sentence, with no first person in it.
    CONTEXT_LOOSE = 0.55
    # A plausible guess (the sentence's subject, a continuation mid-sentence): the lowest
    # level the pipeline approves without a reviewer.
    GUESS = 0.5
    # No speaker found (or a label that names none).
    UNATTRIBUTED = 0.3
