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
syntax. Runs are found by one regular expression made only of two
character classes with ``+`` (no nesting, no backtracking: linear, no
ReDoS), which is about ten times faster than a per-character Python loop
when indexing 100,000 items; ``tests/search`` pins the tokens.
"""

import functools
import operator
import re
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


# Full-width punctuation common in Chinese prose, with its NFKC compatibility
# decomposition (one ASCII character each). Replacing a character by its
# compatibility decomposition never changes the NFKC result, but it lets
# ``unicodedata.normalize`` take its quick path (text already NFKC) for most
# news text instead of decomposing and recomposing every character, which
# made NFKC about half the cost of segmenting an article.
_FULL_WIDTH = tuple((chr(code), chr(code - 0xFEE0)) for code in map(ord, "，：；！？（）％"))


def normalise(text):
    """Simplified script, NFKC, lower case."""
    if not text:
        return ""
    text = str(text)
    for full_width, ascii_char in _FULL_WIDTH:
        if full_width in text:
            text = text.replace(full_width, ascii_char)
    text = unicodedata.normalize("NFKC", text)
    return to_simplified(text).lower()


_HAN_CLASS = "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0002ebef"  # the ranges of is_han
# Group 1: a Han run. Group 2: a run of other letters/digits (``str.isalnum``:
# ``\w`` is exactly isalnum plus the underscore, which is excluded).
_RUNS = re.compile(f"([{_HAN_CLASS}]+)|([^\\W_{_HAN_CLASS}]+)")


def runs(text):
    """Yield (kind, run) with kind "han" or "word" from normalised text."""
    for han, word in _RUNS.findall(text):
        if han:
            yield "han", han
        else:
            yield "word", word


def _bigrams(run):
    return list(map(operator.add, run, run[1:]))


def index_tokens(text):
    """Tokens stored in the index for ``text``."""
    tokens = []
    append, extend = tokens.append, tokens.extend
    for han, word in _RUNS.findall(normalise(text)):
        if word:
            append(word)
        else:
            extend(han)  # unigrams
            if len(han) > 1:
                extend(map(operator.add, han, han[1:]))
    return tokens


@functools.lru_cache(maxsize=4096)
def _segment_for_index(text):
    return " ".join(index_tokens(text))


def segment_for_index(text):
    """Index text for ``text``. Wagtail prepares the same value for several index
    fields (title, autocomplete), so recent results are remembered."""
    if not isinstance(text, str):
        return " ".join(index_tokens(text))
    return _segment_for_index(text)


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
