"""Character classes shared by the cleaner and the damage finder.

Pure Python, no Django: what counts as Han, as Chinese context, and which
characters are common (GB2312 level 1), rarer, or typical of mojibake.
"""

import re
from functools import lru_cache

from script_variants.converter import to_simplified

HAN_RANGES = (
    (0x3007, 0x3007),  # 〇
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)
HAN_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"


def is_han(ch):
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3134F
        or code == 0x3007
    )


def is_cjk_context(ch):
    """Han characters and the punctuation that only appears in CJK text."""
    if is_han(ch):
        return True
    code = ord(ch)
    return (
        0x3000 <= code <= 0x303F  # CJK symbols and punctuation
        or 0xFF01 <= code <= 0xFF65  # full-width forms
        or ch in "“”‘’…—·"
    )


@lru_cache(maxsize=16384)
def gb2312_level(ch):
    """1 or 2 for GB2312 hanzi (after t2s), 0 for GB2312 symbols, None otherwise."""
    try:
        lead = to_simplified(ch).encode("gb2312")[0]
    except UnicodeEncodeError:
        return None
    if 0xB0 <= lead <= 0xD7:
        return 1
    if 0xD8 <= lead <= 0xF7:
        return 2
    return 0


SUSPICIOUS_RANGES = (
    (0x0080, 0x009F),  # C1 controls
    (0x0370, 0x04FF),  # Greek, Cyrillic (GBK rows A6, A7)
    (0x2160, 0x217F),  # Roman numerals
    (0x2460, 0x24FF),  # enclosed alphanumerics, e.g. ⒊
    (0x2500, 0x257F),  # box drawing (GBK row A9)
    (0x3040, 0x30FF),  # kana (GBK rows A4, A5)
    (0x3105, 0x312F),  # bopomofo
    (0x3220, 0x3243),  # parenthesised ideographs
    (0xE000, 0xF8FF),  # private use
    (0xFFFD, 0xFFFD),  # replacement character
)


@lru_cache(maxsize=65536)
def is_suspicious(ch):
    """Characters that rarely occur in Chinese news text but often in mojibake."""
    code = ord(ch)
    if any(low <= code <= high for low, high in SUSPICIOUS_RANGES):
        return True
    if is_han(ch):
        # Rare characters outside GB2312 (checked after t2s) are typical of
        # bytes decoded with the wrong offset or codec.
        return gb2312_level(ch) is None
    return False


def suspicion(text):
    return sum(1 for ch in text if is_suspicious(ch))


_INTERROGATIVE = re.compile("[吗嗎呢么麼什哪谁誰怎几幾何否难難岂豈啥]|多少")
_CLAUSE_END_RE = re.compile("[。！？!?；;\n]")
# A clause longer than this is not a question a reader would ask; the bound keeps lookups constant.
MAX_CLAUSE = 200


def ends_question(text, index):
    """True if the question mark at ``index`` ends a real question (its clause asks something)."""
    segment = text[max(0, index - MAX_CLAUSE) : index]
    last_end = _CLAUSE_END_RE.search(segment[::-1])
    start = len(segment) - last_end.start() if last_end else 0
    return _INTERROGATIVE.search(segment, start) is not None


def _gb2312_hanzi(first_row, last_row):
    chars = []
    for lead in range(first_row, last_row + 1):
        for trail in range(0xA1, 0xFF):
            try:
                chars.append(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


GB2312_LEVEL1 = _gb2312_hanzi(0xB0, 0xD7)
GB2312_HANZI = GB2312_LEVEL1 + _gb2312_hanzi(0xD8, 0xF7)
_GB2312_HANZI_RE = re.compile(f"[{re.escape(GB2312_HANZI)}]")
_HAN_RE = re.compile(f"[{HAN_CLASS}]")
_SUSPICIOUS_RANGES_RE = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in SUSPICIOUS_RANGES) + "]")


def count_common_and_rare(text):
    """(GB2312 hanzi, characters ``is_suspicious`` would flag), counted at C speed.

    Both are counted on the Simplified form, as ``gb2312_level`` reads a character.
    """
    simplified = to_simplified(text)
    common = len(_GB2312_HANZI_RE.findall(simplified))
    rare_han = len(_HAN_RE.findall(simplified)) - common
    return common, rare_han + len(_SUSPICIOUS_RANGES_RE.findall(text))


# Leftover HTML: tags, comments and character references. Bounded repetition, linear to match.
HTML_REMNANT = re.compile(
    r"</?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>\n]{0,300})?/?>"
    r"|<!--|-->"
    r"|&(?:[A-Za-z]{2,10}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
)
