"""Chinese-aware segmentation shared by the index and the query side.

Both sides go through the same normalisation (Traditional -> Simplified via
the project's one converter, NFKC so full-width letters and digits become
ASCII, lower case) and the same tokeniser:

* a run of Han characters becomes overlapping bigrams; the index also holds
  the unigrams so that single-character queries match (Kwok, SIGIR 1997:
  bigrams retrieve as well as word segmentation for Chinese);
* a run of letters/digits (any script other than Han) is one token;
* everything else (punctuation, FTS operators, quotes, emoji, control
  characters) separates tokens and is dropped.

The output is space-separated tokens containing only letters, digits and
Han characters, so nothing from user input can reach FTS5 or tsquery
syntax. The tokeniser is a single linear pass: no regular expressions, so
no ReDoS.
"""

import unicodedata

from script_variants.converter import to_simplified

# Upper bound on tokens in one query; longer queries are truncated.
MAX_QUERY_TOKENS = 32


def is_han(char):
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF  # CJK Unified Ideographs
        or 0x3400 <= code <= 0x4DBF  # Extension A
        or 0xF900 <= code <= 0xFAFF  # Compatibility Ideographs
        or 0x20000 <= code <= 0x2EBEF  # Extensions B-F
    )


def normalise(text):
    """Simplified script, NFKC, lower case."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    return to_simplified(text).lower()


def runs(text):
    """Yield (kind, run) with kind "han" or "word" from normalised text."""
    kind, start = None, 0
    for position, char in enumerate(text):
        if is_han(char):
            current = "han"
        elif char.isalnum():
            current = "word"
        else:
            current = None
        if current != kind:
            if kind is not None:
                yield kind, text[start:position]
            kind, start = current, position
    if kind is not None:
        yield kind, text[start:]


def _bigrams(run):
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text):
    """Tokens stored in the index for ``text``."""
    tokens = []
    for kind, run in runs(normalise(text)):
        if kind == "word":
            tokens.append(run)
        else:
            tokens.extend(run)  # unigrams
            tokens.extend(_bigrams(run))
    return tokens


def segment_for_index(text):
    return " ".join(index_tokens(text))


def query_terms(text):
    """Whole query terms after normalisation: Han runs and words, in order.

    Used for highlighting and for the title-match ranking signal.
    """
    return [run for _kind, run in runs(normalise(text))]


def query_tokens(text):
    """Tokens a query must all match (AND semantics), deduplicated."""
    tokens = []
    for kind, run in runs(normalise(text)):
        if kind == "word" or len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(_bigrams(run))
    unique = list(dict.fromkeys(tokens))
    return unique[:MAX_QUERY_TOKENS]


def segment_query(text):
    return " ".join(query_tokens(text))
