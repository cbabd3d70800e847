"""Find every character of cleaned wire copy that the cleaner cannot vouch for.

What the cleaner could not repair must reach an editor, never a reader:
replacement characters, runs of question marks standing in for lost text,
private-use and control characters, rare characters typical of mojibake,
Latin letters inside Chinese words, leftover HTML, pinyin glosses and lines
cut short. Each finding quotes the whole damaged passage, never a cut one.

Every pattern here starts at a fixed character class and has bounded or
non-overlapping repetition, so finding damage takes linear time; Python
loops run only over the characters found, not over the text.

Pure Python: no Django imports.
"""

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import rjieba

from wirecopy.chars import GB2312_LEVEL1, HAN_CLASS, HTML_REMNANT, ends_question, gb2312_level, is_han

__all__ = ["OVERFLOW_NOTE", "Damage", "find_damage"]

# Starts the note that closes a file too damaged to list in full.
OVERFLOW_NOTE = "从这里起问题太多"


@dataclass(frozen=True)
class Damage:
    """One damaged passage: ``line`` (1-based) and columns ``start``..``end`` in it."""

    line: int
    start: int
    end: int
    kind: str
    message: str


# Kinds, most telling first: a passage with several kinds is named by the first.
_LABELS = {
    "replacement": "替换字符“{passage}”：原字已丢失，请对照原稿补全",
    "question_run": "连续问号“{passage}”：原文的字（常是人名、地名）已丢失，请对照原稿补全",
    "private_use": "私用区字符“{passage}”：读者无法看到，请对照原稿改正",
    "control": "不可见的控制字符“{passage}”：请删除或对照原稿改正",
    "html": "残留的 HTML 代码“{passage}”：请删除，或改为正文",
    "gloss": "残留的拼音注音“{passage}”：未能自动删除，请核对后删去",
    "mojibake": "疑似乱码“{passage}”：未能自动修复，请对照原稿改正",
    "latin": "汉字中夹杂外文字母“{passage}”：疑似乱码或残留拼音，请对照原稿改正",
    "rare": "生僻字“{passage}”：常见于乱码；若是人名、地名，请对照原稿确认",
    "stray_question": "汉字之间的问号“{passage}”：可能是丢失的字（若确为问句，请改为“？”）",
    "truncated": "段落在“{passage}”处中断，没有句末标点，疑似被截断，请对照原稿补全",
    "leading_punctuation": "段落以标点“{passage}”开头，疑似缺了前文，请对照原稿补全",
}
_PRIORITY = list(_LABELS)
# Kinds that, found together in one passage, mean garbled bytes.
_GARBLE_KINDS = {"mojibake", "latin", "rare"}

# --------------------------------------------------------------------------
# What the cleaner vouches for
# --------------------------------------------------------------------------


# Punctuation and symbols of Chinese news text; everything else needs a look.
_VOUCHED_SYMBOLS = (
    "\t\n\u0020-\u007e"  # printable ASCII (letters are checked in context below)
    "\u00a0\u00a9\u00ae\u00b0\u00b1\u00b7\u00d7\u00f7"  # © ® ° ± · × ÷
    "\u2010-\u2027\u2030\u2032\u2033\u203b"  # dashes, quotes, …, ‰, ′ ″, ※
    "\u2103\u2116\u2122\u2190-\u2193\u2212\u2264\u2265\u25a0\u25a1\u25b2\u25b3\u25cb\u25cf\u2605\u2606"
    "\u2460-\u2473"  # ①-⑳
    "\u3000-\u3003\u3007-\u3011\u3014-\u301f"  # ideographic space, 、。〃 〇 《》「」【】〔〕
    "\uff01-\uff20\uff3b-\uff40\uff5b-\uff65"  # full-width punctuation and digits, not letters
    "\uffe0-\uffe5"  # ￠ ￡ ￢ ￣ ￤ ￥
)
_UNVOUCHED = re.compile(f"[^{_VOUCHED_SYMBOLS}{re.escape(GB2312_LEVEL1)}]+")

_QUESTION_RUN = re.compile("[?？]{2,}")
_STRAY_QUESTION = re.compile(f"(?<=[{HAN_CLASS}])[?？](?=[{HAN_CLASS}])")
_LATIN_IN_WORD = re.compile(f"(?<=[{HAN_CLASS}])[A-Za-z\u00c0-\u024f]{{1,8}}(?=[{HAN_CLASS}])")
_HTML = HTML_REMNANT
# Classic mojibake made of common characters: 锟斤拷 (U+FFFD through GBK), 烫烫/屯屯 (uninitialised memory).
_KNOWN_MOJIBAKE = re.compile("(?:锟斤拷)+|烫烫烫+|屯屯屯+")
_TONED_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = f"[a-zü{_TONED_VOWELS}]{{1,6}}[1-5]?"  # toned, toneless or with a tone number (xie2)
_STRAY_GLOSS = re.compile(f"[(（]{_SYLLABLE}(?:[ ']{_SYLLABLE}){{0,3}}[)）]")

# A line that stops on one of these, alone, stopped mid-sentence.
_DANGLING = frozenset("的和与及在将至对把被从向于或并而但由为以其之等及")
_SENTENCE_END = "。！？…；.!?;"
_CLOSING = "”’」』）)》"
_OPENING_PUNCTUATION = re.compile("^[ \t\u3000]*[，。、；：？！,.;:?!]+")
_HEADING_MAX = 40


def _kind_of(ch):
    code = ord(ch)
    if ch == "\ufffd":
        return "replacement"
    category = unicodedata.category(ch)
    if category == "Co":
        return "private_use"
    if category in ("Cc", "Cf"):
        return "control"
    if is_han(ch):
        return "rare"
    if ch.isalpha() and (code < 0x0250 or 0x1E00 <= code <= 0x1EFF or 0xFF21 <= code <= 0xFF5A):
        return "latin"  # accented or full-width Latin: pinyin left over, Latin-1 mojibake, GBK row A3
    return "mojibake"


@lru_cache(maxsize=4096)
def _dictionary_words(line):
    """Spans of the words a dictionary (jieba) finds in ``line``, with and without guessing."""

    def spans(tokens):
        found, position = [], 0
        for token in tokens:
            found.append((position, position + len(token)))
            position += len(token)
        return found

    return spans(rjieba.cut(line, True)), spans(rjieba.cut(line, False))


def _in_word(spans, column):
    index = bisect.bisect_right(spans, (column, float("inf"))) - 1
    if index < 0:
        return False
    start, end = spans[index]
    return start <= column < end and end - start >= 2


def _in_dictionary_word(line, column, guess=True, reach=10):
    """Whether the character at ``column`` is part of a word, looked up in its neighbourhood."""
    start = max(0, column - reach)
    guessed, known = _dictionary_words(line[start : column + reach + 1])
    return _in_word(guessed if guess else known, column - start)


def _vouched_rare(line, column):
    """A rare character is vouched for when it is part of a word, as in 滇池 or 晏敏."""
    return _in_dictionary_word(line, column, guess=gb2312_level(line[column]) == 2)


# --------------------------------------------------------------------------
# Finding
# --------------------------------------------------------------------------


def _character_findings(text):
    """Runs of characters outside the vouched set: one finding per run, with its kinds."""
    for match in _UNVOUCHED.finditer(text):
        run = match.group(0)
        if len(run) <= 4 and all(is_han(ch) for ch in run):
            # Possibly a rare word (麒麟) or name (晏敏): each character is looked up in context.
            for offset in range(len(run)):
                yield match.start() + offset, match.start() + offset + 1, {"rare"}
        else:
            yield match.start(), match.end(), {_kind_of(ch) for ch in run[:64]}


def _pattern_findings(text):
    for match in _QUESTION_RUN.finditer(text):
        yield match.start(), match.end(), {"question_run"}
    for match in _STRAY_QUESTION.finditer(text):
        # Real questions are yielded without a kind, so that they count towards the cap too.
        stray = not ends_question(text, match.start())
        yield match.start(), match.end(), {"stray_question"} if stray else set()
    for match in _LATIN_IN_WORD.finditer(text):
        letters = match.group(0)
        if not (len(letters) >= 2 and letters.isupper()):  # 卡拉OK厅, 通过APP报名
            yield match.start(), match.end(), {"latin"}
    for pattern, kind in ((_HTML, "html"), (_KNOWN_MOJIBAKE, "mojibake"), (_STRAY_GLOSS, "gloss")):
        for match in pattern.finditer(text):
            yield match.start(), match.end(), {kind}


# Lines that end without closing punctuation, or start with punctuation: candidates for a cut.
_OPEN_ENDED_LINE = re.compile(
    f"(?m)[^\\s{re.escape(_SENTENCE_END + _CLOSING)}：:]$|^[ \t\u3000]*[，。、；：？！,.;:?!]"
)


def _line_findings(line):
    """Lines cut short: they end mid-sentence, or begin with punctuation."""
    stripped = line.rstrip()
    if not stripped:
        return
    match = _OPENING_PUNCTUATION.match(stripped)
    if match:
        yield match.start(), match.end(), {"leading_punctuation"}
    body = stripped.rstrip(_CLOSING)
    if not body or body.endswith(tuple(_SENTENCE_END)) or body.endswith(("：", ":")):
        return
    opened = stripped.count("“") > stripped.count("”")
    # A heading has no clause inside it and never ends on a comma: this is a sentence cut short.
    clipped = body.endswith(("，", "、", ",")) or "，" in body or "。" in body
    dangling = body[-1] in _DANGLING and not _in_dictionary_word(body, len(body) - 1)
    if len(stripped) > _HEADING_MAX or opened or dangling or clipped:
        tail = max(0, len(stripped) - 6)
        yield tail, len(stripped), {"truncated"}


# A file with more findings than this is damaged throughout; the rest is reported as one
# passage, which keeps the work per file bounded whatever the input.
MAX_FINDINGS = 500


# Lines without closing punctuation looked at; more than this is not an article's worth of headings.
MAX_OPEN_LINES = 2000


def _capped(findings, limit=MAX_FINDINGS):
    """The first ``limit`` findings, and where the next one starts (None if there is none)."""
    kept = []
    for finding in findings:
        if len(kept) == limit:
            return kept, finding[0]
        kept.append(finding)
    return kept, None


def find_damage(text):
    """Every damaged passage in ``text`` (cleaned), in reading order, as ``Damage``."""
    line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
    lines = text.split("\n")

    def line_of(position):
        return bisect.bisect_right(line_starts, position) - 1

    found = []
    overflow = None  # first position not examined
    sources = (
        (_character_findings(text), MAX_FINDINGS),
        (_pattern_findings(text), MAX_FINDINGS),
        (_open_ended_lines(text, lines, line_starts), MAX_OPEN_LINES),
    )
    for source, limit in sources:
        kept, next_start = _capped(source, limit)
        found.extend(kept)
        if next_start is not None:
            overflow = next_start if overflow is None else min(overflow, next_start)

    per_line = {}
    for start, end, kinds in found:
        if not kinds or (overflow is not None and start >= overflow):
            continue
        number = line_of(start)
        line = lines[number]
        column = start - line_starts[number]
        end_column = min(end - line_starts[number], len(line))
        if kinds == {"rare"} and _vouched_rare(line, column):
            continue
        per_line.setdefault(number, []).append((column, end_column, kinds))

    damage = []
    for number in sorted(per_line):
        line = lines[number]
        for start, end, kinds in _merge(per_line[number]):
            damage.append(Damage(number + 1, start, end, _kind(kinds), _message(line, start, end, kinds)))
    if overflow is not None:
        number = line_of(overflow)
        damage.append(
            Damage(
                number + 1,
                0,
                len(lines[number]),
                "overflow",
                f"{OVERFLOW_NOTE}（已列出 {len(damage)} 处，其后还有更多），未逐一列出："
                "整篇稿件疑似严重损坏，请对照原稿逐段核对。",
            )
        )
    return damage


def _open_ended_lines(text, lines, line_starts):
    """Findings of ``_line_findings`` for the lines a regex picks out as candidates."""
    seen = -1
    for match in _OPEN_ENDED_LINE.finditer(text):
        number = bisect.bisect_right(line_starts, match.start()) - 1
        if number == seen:
            continue
        seen = number
        line_start = line_starts[number]
        yield line_start, line_start, set()  # counts towards the cap, like every line looked at
        for start, end, kinds in _line_findings(lines[number]):
            yield line_start + start, line_start + end, kinds


# Garbled bytes come in stretches with a plausible character or two inside: these join up.
_STRETCH_KINDS = _GARBLE_KINDS | {"replacement", "private_use", "control"}


def _merge(findings, gap=2):
    """Findings on one line joined into passages.

    Garbled characters at most ``gap`` characters apart are one passage; other
    findings join only what they overlap, so that a tag next to lost text is
    named as what it is.
    """
    merged = []
    for start, end, kinds in sorted(findings, key=lambda finding: finding[:2]):
        if merged:
            last_start, last_end, last_kinds = merged[-1]
            overlapping = start < last_end
            stretch = start - last_end <= gap and kinds <= _STRETCH_KINDS and last_kinds <= _STRETCH_KINDS
            if "truncated" not in kinds | last_kinds and (overlapping or stretch):
                merged[-1] = (last_start, max(last_end, end), last_kinds | kinds)
                continue
        merged.append((start, end, set(kinds)))
    return merged


def _kind(kinds):
    if len(kinds & _GARBLE_KINDS) > 1:
        return "mojibake"
    return min(kinds, key=_PRIORITY.index)


def _visible(text):
    """Control and format characters shown by code point, so the quote is readable."""
    return "".join(
        f"[U+{ord(ch):04X}]" if unicodedata.category(ch) in ("Cc", "Cf") and ch != "\t" else ch for ch in text
    )


# Passages up to this long are quoted whole; a longer one (a paragraph of garbage) by its
# two ends and its length, so that the warning stays readable and says what it leaves out.
_LONGEST_QUOTE = 200


def _quote(passage):
    if len(passage) <= _LONGEST_QUOTE:
        return _visible(passage)
    return f"{_visible(passage[:60])}……（中间还有 {len(passage) - 120} 字）……{_visible(passage[-60:])}"


def _message(line, start, end, kinds, context=8):
    passage = _quote(line[start:end])
    before_start = max(0, start - context)
    after_end = min(len(line), end + context)
    quoted = (
        ("…" if before_start else "")
        + _visible(line[before_start:start])
        + f"【{passage}】"
        + _visible(line[end:after_end])
        + ("…" if after_end < len(line) else "")
    )
    return _LABELS[_kind(kinds)].format(passage=passage) + f"。原文：{quoted}"
