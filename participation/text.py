"""How long a text is as a reader counts it (字数).

A Chinese reader counts every character they see, punctuation included, and
not the spaces or line breaks between them: ``reader_length`` counts the
characters of the NFC-normalised text that are not whitespace, not combining
marks (an accent typed as a separate code point belongs to its letter) and not
invisible format characters (zero-width joiners and spaces, variation
selectors). So "质量 第一。" is 5, and a line break never costs a character.
"""

import unicodedata

INVISIBLE = {"Mn", "Me", "Cf"}


def reader_length(text):
    text = unicodedata.normalize("NFC", text or "")
    return sum(1 for ch in text if not ch.isspace() and unicodedata.category(ch) not in INVISIBLE)
