"""Clean wire copy before it becomes a page.

Scraped wire copy arrives damaged: pinyin glosses after characters
(``質(zhì)量``), Traditional script, mojibake and ASCII punctuation in Chinese
text. This module repairs what it can and reports, by line, what it cannot,
so that nothing damaged is published silently.

Pure Python: no Django imports, so it can be used and tested anywhere.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from script_variants.converter import to_simplified

__all__ = [
    "FIX_LABELS",
    "Article",
    "ArticleError",
    "Block",
    "CleanResult",
    "clean_article",
    "decode_article",
    "format_warnings",
    "split_article",
]


class ArticleError(ValueError):
    """The file cannot be read as an article. The message is for editors."""


# Keys of ``CleanResult.fixes``, with the labels shown to editors.
FIX_LABELS = {
    "glosses_removed": "删除拼音注音",
    "mojibake_repaired": "修复乱码",
    "punctuation_normalised": "规范标点",
    "converted_to_simplified": "转为简体字",
}

# --------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------

_HAN_RANGES = (
    (0x3007, 0x3007),  # 〇
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)
_HAN_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"


def _is_han(ch):
    code = ord(ch)
    return any(low <= code <= high for low, high in _HAN_RANGES)


def _is_cjk_context(ch):
    """Han characters and the punctuation that only appears in CJK text."""
    if _is_han(ch):
        return True
    code = ord(ch)
    return (
        0x3000 <= code <= 0x303F  # CJK symbols and punctuation
        or 0xFF01 <= code <= 0xFF65  # full-width forms
        or ch in "“”‘’…—·"
    )


@lru_cache(maxsize=8192)
def _gb2312_level(ch):
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


_SUSPICIOUS_RANGES = (
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


def _is_suspicious(ch):
    """Characters that rarely occur in Chinese news text but often in mojibake."""
    code = ord(ch)
    if any(low <= code <= high for low, high in _SUSPICIOUS_RANGES):
        return True
    if _is_han(ch):
        # Rare characters outside GB2312 (checked after t2s) are typical of
        # bytes decoded with the wrong offset or codec.
        return _gb2312_level(ch) is None
    return False


def _suspicion(text):
    return sum(1 for ch in text if _is_suspicious(ch))


# --------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------

_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) | {0x0B, 0x7F}
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _looks_like_utf16(data):
    """UTF-16 without a BOM: NULs in every other byte, or Chinese when read so."""
    if len(data) < 4 or len(data) % 2:
        return False
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    if max(even_nuls, odd_nuls) > 0.3 * half and min(even_nuls, odd_nuls) < 0.05 * half:
        return True
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        han = sum(1 for ch in text if _is_han(ch) and _gb2312_level(ch))
        if han >= 0.6 * len(text):
            return True
    return False


def _looks_like_chinese(text):
    """Plausible Chinese text rather than bytes decoded with the wrong codec."""
    common = rare = 0
    for ch in text:
        if ch.isspace() or ord(ch) < 0x80:
            continue
        if _is_suspicious(ch):
            rare += 1
        elif _is_han(ch) and _gb2312_level(ch):
            common += 1
    if common == 0 or rare > 0.05 * (common + rare):
        return False
    # Wrong-codec text scatters single ASCII bytes between ideographs.
    scattered = len(re.findall(f"(?<=[{_HAN_CLASS}])[\\x21-\\x7e](?=[{_HAN_CLASS}])", text))
    return scattered <= 0.05 * common


def _is_utf8(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_article(data: bytes) -> str:
    """Decode an article file; raise ``ArticleError`` if it is not usable text.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are accepted. GB18030
    (which covers GBK and GB2312) is tried only when the bytes are not UTF-8,
    and only kept when the result reads as Chinese.
    """
    if not data:
        raise ArticleError("文件为空（0 字节），没有可导入的正文。")

    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ArticleError(
                    f"文件以 {encoding.upper()} 的 BOM 开头，但内容不是有效的 {encoding.upper()}"
                    f"（第 {exc.start} 字节出错）。"
                ) from exc
            break
    else:
        if _looks_like_utf16(data) and (b"\x00" in data or not _is_utf8(data)):
            raise ArticleError("文件疑似不带 BOM 的 UTF-16 编码，无法可靠识别；请另存为 UTF-8 后再导入。")
        if b"\x00" in data:
            raise ArticleError("文件包含 NUL 字节，看起来是二进制文件，不是纯文本稿件。")
        if sum(1 for byte in data if byte in _CONTROL_BYTES) > 0.01 * len(data):
            raise ArticleError("文件包含大量控制字符，看起来是二进制文件，不是纯文本稿件。")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                text = None
            if text is None or not _looks_like_chinese(text):
                raise ArticleError(
                    "无法识别文件编码：既不是有效的 UTF-8，也不像 GB18030/GBK 中文文本。请另存为 UTF-8 后再导入。"
                ) from None

    if "\x00" in text or sum(1 for ch in text if ord(ch) in _CONTROL_BYTES) > 0.01 * len(text):
        raise ArticleError("文件包含大量控制字符，看起来是二进制文件，不是纯文本稿件。")
    if not text.strip():
        raise ArticleError("文件只包含空白字符，没有可导入的正文。")
    return text


# --------------------------------------------------------------------------
# Mojibake
# --------------------------------------------------------------------------

_LOST_BYTE_MARKERS = "?\ufffd"
_INTERROGATIVES = "吗嗎呢么麼什哪谁誰怎几幾何否难難岂豈啥"
_CLAUSE_END = "。！？!?；;\n"
# Longest garbled stretch we try to realign after a lost byte.
_MAX_SHIFTED_CHARS = 80


def _is_question_mark(text, index):
    """True if the '?' at ``index`` ends a real question."""
    start = index
    while start > 0 and text[start - 1] not in _CLAUSE_END:
        start -= 1
    clause = text[start:index]
    return any(ch in _INTERROGATIVES for ch in clause) or "多少" in clause


def _to_fullwidth(ch):
    return chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch


def _shifted_window(text, start):
    """Characters after a lost-byte marker that may be decoded out of step.

    Losing the first byte of a two-byte GBK character leaves its second byte
    to pair with the next character's first byte, and so on until a
    single-byte (ASCII) character puts the decoder back in step. The first
    pair is often a full-width form the scraper folded to ASCII (``；`` →
    ``;``), so an ASCII character there is taken back to full width.
    """
    chars = []
    index = start
    if index < len(text) and "!" <= text[index] <= "~":
        chars.append(_to_fullwidth(text[index]))
        index += 1
    while index < len(text) and len(chars) < _MAX_SHIFTED_CHARS:
        ch = text[index]
        if ch.isspace() or ord(ch) < 0x40:
            break
        chars.append(ch)
        index += 1
    return chars


def _realign(window, lead):
    """Decode the window's GB18030 bytes again, put back in step.

    ``lead`` is the byte that was lost (``None``: unknown, drop its orphan
    second byte instead). Returns (replacement, chars consumed) or None.
    """
    for end in range(len(window), 0, -1):
        try:
            raw = "".join(window[:end]).encode("gb18030")
        except UnicodeEncodeError:
            continue
        try:
            decoded = (bytes([lead]) + raw if lead else raw[1:]).decode("gb18030")
        except UnicodeDecodeError:
            continue
        if not decoded or _suspicion(decoded):
            continue
        if lead:
            # The lost character must be punctuation for us to be sure of it.
            if not unicodedata.category(decoded[0]).startswith("P"):
                continue
            return decoded, end
        return "\ufffd" + decoded, end
    return None


def _repair_lost_bytes(text):
    """Repair GBK text in which one byte was lost and shown as '?' or U+FFFD."""
    out = []
    repaired = 0
    index = 0
    while index < len(text):
        ch = text[index]
        if (
            ch in _LOST_BYTE_MARKERS
            and index > 0
            and _is_cjk_context(text[index - 1])
            and not (ch == "?" and _is_question_mark(text, index))
        ):
            window = _shifted_window(text, index + 1)
            garbled = "".join(window)
            if _suspicion(garbled):
                # Most often the lost character is a full stop or quote (row A1).
                fix = _realign(window, 0xA1) or _realign(window, None)
                if fix:
                    replacement, consumed = fix
                    out.append(replacement)
                    index += 1 + consumed
                    repaired += 1
                    continue
        out.append(ch)
        index += 1
    return "".join(out), repaired


def _is_utf8_cjk_sequence(data):
    lead, cont1, cont2 = data
    return 0xE0 <= lead <= 0xEF and 0x80 <= cont1 <= 0xBF and 0x80 <= cont2 <= 0xBF


def _utf8_run_at(text, index):
    """Longest run of characters from ``index`` whose GBK bytes are UTF-8.

    Returns (GBK characters consumed, decoded text); the run must end where
    both a GBK character and a UTF-8 sequence end.
    """
    data = b""
    checked = 0
    best = (0, "")
    end = index
    while end < len(text):
        try:
            piece = text[end].encode("gb18030")
        except UnicodeEncodeError:
            break
        if len(piece) != 2:
            break
        data += piece
        end += 1
        while checked + 3 <= len(data):
            if not _is_utf8_cjk_sequence(data[checked : checked + 3]):
                return best
            checked += 3
        if checked == len(data):
            try:
                best = (end - index, data.decode("utf-8"))
            except UnicodeDecodeError:
                return best
    return best


def _repair_utf8_read_as_gbk(text):
    """Repair UTF-8 text that was decoded as GBK (``活动`` shown as ``娲诲姩``)."""
    out = []
    repaired = 0
    index = 0
    while index < len(text):
        consumed, decoded = _utf8_run_at(text, index)
        source = text[index : index + consumed]
        if (
            len(decoded) >= 2
            and all(_is_cjk_context(c) for c in decoded)
            and not _suspicion(decoded)
            and any(_gb2312_level(c) != 1 for c in source)
        ):
            out.append(decoded)
            index += consumed
            repaired += 1
        else:
            out.append(text[index])
            index += 1
    return "".join(out), repaired


# One UTF-8 character of Chinese text read as Windows-1252 or Latin-1: a lead
# byte E0-EF and two continuation bytes 80-BF, each shown as a Western character.
_CP1252_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_CP1252_CHARACTER = re.compile(f"[\u00e0-\u00ef][{_CP1252_CONTINUATION}]{{2}}")


def _western_byte(ch):
    try:
        return ch.encode("cp1252")
    except UnicodeEncodeError:
        return ch.encode("latin-1")  # bytes cp1252 leaves undefined, e.g. U+0081


def _repair_utf8_read_as_cp1252(text):
    """Repair UTF-8 text that was decoded as Windows-1252 (``æ˜†`` for ``昆``)."""
    repaired = 0

    def fix(match):
        nonlocal repaired
        try:
            decoded = b"".join(_western_byte(ch) for ch in match.group(0)).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return match.group(0)
        if not _is_cjk_context(decoded):
            return match.group(0)
        repaired += 1
        return decoded

    return _CP1252_CHARACTER.sub(fix, text), repaired


def _repair_mojibake(text):
    text, lost = _repair_lost_bytes(text)
    text, gbk = _repair_utf8_read_as_gbk(text)
    text, cp1252 = _repair_utf8_read_as_cp1252(text)
    return text, lost + gbk + cp1252


# --------------------------------------------------------------------------
# Pinyin glosses
# --------------------------------------------------------------------------

_TONED_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_LETTERS = "a-zü" + _TONED_VOWELS
# Toneless glosses are only removed for common neutral-tone syllables.
_NEUTRAL_SYLLABLES = "de|le|ne|ma|me|men|zi|ba|zhe"
_SYLLABLE = f"[{_PINYIN_LETTERS}]+"
_PINYIN = f"{_SYLLABLE}(?:[ ']{_SYLLABLE}){{0,3}}"
_BRACKETED_PINYIN = f"[(（](?P<pinyin>{_PINYIN})[)）]"
_GLOSS = re.compile(f"(?<=[{_HAN_CLASS}]){_BRACKETED_PINYIN}")
_STRAY_GLOSS = re.compile(_BRACKETED_PINYIN)


def _is_pinyin_gloss(pinyin):
    return any(ch in _TONED_VOWELS for ch in pinyin) or re.fullmatch(_NEUTRAL_SYLLABLES, pinyin)


def _remove_glosses(text):
    removed = 0

    def drop(match):
        nonlocal removed
        if not _is_pinyin_gloss(match.group("pinyin")):
            return match.group(0)
        removed += 1
        return ""

    return _GLOSS.sub(drop, text), removed


# --------------------------------------------------------------------------
# Script
# --------------------------------------------------------------------------


# t2s keeps 著, which is right for zhù (著名) but not for the particle zhe
# (標誌著 → 标志着). These words keep 著; elsewhere it is the particle.
_ZHU_WORDS = (
    "著作|著名|著称|著述|著录|著者|著书|著文|著说|著有|著译|著于|著姓|显著|昭著|卓著|名著|编著|专著|"
    "论著|原著|遗著|巨著|新著|旧著|拙著|合著|译著|土著|撰著|大著|鸿著|杰著|彰著|所著|其著"
)
_ZHE_PARTICLE = re.compile(f"({_ZHU_WORDS})|著")


def _fix_zhe_particle(text):
    return _ZHE_PARTICLE.sub(lambda match: match.group(1) or "着", text)


def _convert_to_simplified(text):
    simplified = _fix_zhe_particle(to_simplified(text))
    changed = sum(1 for old, new in zip(text, simplified, strict=False) if old != new)
    return simplified, changed + abs(len(text) - len(simplified))


# --------------------------------------------------------------------------
# Punctuation
# --------------------------------------------------------------------------

_PROTECTED = re.compile(
    r"(?:https?|ftp)://[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’<>]+"
    r"|www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’<>]*"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
_FULLWIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_DASH_RUN = re.compile(r"-{2,}")


def _protected_positions(text):
    positions = set()
    for match in _PROTECTED.finditer(text):
        positions.update(range(match.start(), match.end()))
    return positions


def _is_stray_question_mark(text, index):
    """A '?' wedged between ideographs that does not end a question."""
    if index == 0 or index + 1 >= len(text):
        return False
    before, after = text[index - 1], text[index + 1]
    if not _is_han(before):
        return False
    if not (_is_han(after) or (after in ";!,:." or _is_suspicious(after))):
        return False
    return not _is_question_mark(text, index)


def _normalise_punctuation(text):
    protected = _protected_positions(text)
    chars = list(text)
    changed = 0

    def neighbour(index):
        # What is already converted counts: a run such as ",,,,中" goes full width in one call
        # (converted marks are CJK context), so that cleaning twice changes nothing more.
        return chars[index] if 0 <= index < len(chars) else ""

    # Left to right, then right to left: the context spreads through a run of marks either way.
    for index in [*range(len(text)), *reversed(range(len(text)))]:
        ch = chars[index]
        if ch not in _FULLWIDTH or index in protected:
            continue
        before, after = neighbour(index - 1), neighbour(index + 1)
        if before.isdigit() and after.isdigit():
            continue  # 1,000 and 10:30
        if ch == ":":
            chinese = bool(before) and _is_cjk_context(before)
        else:
            chinese = (bool(before) and _is_cjk_context(before)) or (bool(after) and _is_cjk_context(after))
        if not chinese:
            continue
        if ch == "?" and _is_stray_question_mark(text, index):
            continue  # possibly a lost character: keep it visible, it is warned about
        chars[index] = _FULLWIDTH[ch]
        changed += 1

    # Parentheses go full width as a pair, when they sit in Chinese text.
    stack = []
    for index, ch in enumerate(text):
        if ch == "\n":
            stack.clear()
        elif ch == "(" and index not in protected:
            stack.append(index)
        elif ch == ")" and stack and index not in protected:
            opening = stack.pop()
            inner = text[opening + 1 : index]
            if any(_is_han(c) for c in inner) or (opening > 0 and _is_han(text[opening - 1])):
                chars[opening], chars[index] = "（", "）"
                changed += 2

    text = "".join(chars)
    protected = _protected_positions(text)

    def dash(match):
        nonlocal changed
        if match.start() in protected:
            return match.group(0)
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if not ((before and _is_cjk_context(before)) or (after and _is_cjk_context(after))):
            return match.group(0)
        changed += 1
        return "——"

    text = _DASH_RUN.sub(dash, text)

    # No spaces after full-width punctuation that continues Chinese text.
    text, spaces = re.subn(r"(?<=[，；：？！])[ \t]+(?=\S)", "", text)
    return text, changed + spaces


# --------------------------------------------------------------------------
# Cleaning
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanResult:
    """The cleaned text, what was fixed and what still needs an editor."""

    text: str
    fixes: dict = field(default_factory=dict)
    # (line number, message in Chinese); line numbers match the input's.
    warnings: list = field(default_factory=list)

    @property
    def total_fixes(self):
        return sum(self.fixes.values())


_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060]")


def _normalise_whitespace(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text).replace("\u00a0", " ")
    # NFC joins combining tone marks (e + U+0300) so glosses are recognised.
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _clean_once(text, fixes):
    text = _normalise_whitespace(text)
    steps = (
        ("mojibake_repaired", _repair_mojibake),
        ("glosses_removed", _remove_glosses),
        ("converted_to_simplified", _convert_to_simplified),
        ("punctuation_normalised", _normalise_punctuation),
    )
    for kind, step in steps:
        text, count = step(text)
        fixes[kind] += count
    return text


def clean_article(text: str) -> CleanResult:
    """Repair glosses, mojibake, script and punctuation; report what is left.

    Cleaning is idempotent: ``clean_article(r.text).text == r.text``. Lines
    are never added or removed, so warning line numbers fit the source file.
    """
    fixes = dict.fromkeys(FIX_LABELS, 0)
    # A fix can expose another (a gloss behind a gloss), so run to a fixed point.
    for _ in range(5):
        cleaned = _clean_once(text, fixes)
        if cleaned == text:
            break
        text = cleaned
    return CleanResult(text=text, fixes=fixes, warnings=_find_damage(text))


_LATIN1_MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf\u2018-\u201e\u20ac\u2122]")


def _find_damage(text):
    warnings = []
    for number, line in enumerate(text.split("\n"), start=1):
        warnings.extend((number, message) for message in _line_damage(line))
    return warnings


def _line_damage(line):
    if "\ufffd" in line:
        excerpt = _excerpt(line, line.index("\ufffd"))
        yield f"有 {line.count(chr(0xFFFD))} 个替换字符“\ufffd”，原字已丢失，请对照原稿补全：{excerpt}"
    controls = [ch for ch in line if unicodedata.category(ch) == "Cc" and ch != "\t"]
    if controls:
        yield f"含有 {len(controls)} 个不可见的控制字符，请删除或核对。"
    for index, ch in enumerate(line):
        if ch == "?" and _is_stray_question_mark(line, index):
            yield f"汉字之间有可疑的问号“?”，可能是丢失的字符（若确为问句，请改为“？”）：{_excerpt(line, index)}"
    for start, end in _suspicious_runs(line):
        yield f"疑似乱码“{line[start:end]}”，未能自动修复，请对照原稿改正：{_excerpt(line, start)}"
    for match in _STRAY_GLOSS.finditer(line):
        if _is_pinyin_gloss(match.group("pinyin")):
            yield f"残留拼音注音“{match.group(0)}”（前面不是汉字，可能是乱码造成）：{_excerpt(line, match.start())}"
    for match in _LATIN1_MOJIBAKE.finditer(line):
        yield f"疑似 UTF-8 被当作西文编码读取的乱码“{match.group(0)}”：{_excerpt(line, match.start())}"


def _suspicious_runs(line):
    """Stretches with two or more suspicious characters close together.

    A lone rare character may be a name (喆, 堃); mojibake comes in runs.
    Replacement characters and controls are reported on their own.
    """
    positions = [
        index
        for index, ch in enumerate(line)
        if ch != "\ufffd" and unicodedata.category(ch) != "Cc" and _is_suspicious(ch)
    ]
    runs = []
    for position in positions:
        if runs and position - runs[-1][-1] <= 3:
            runs[-1].append(position)
        else:
            runs.append([position])
    return [
        (run[0], run[-1] + 1)
        for run in runs
        if len(run) >= 2 or unicodedata.category(line[run[0]]) == "Co"  # private use
    ]


def _excerpt(line, index, width=12):
    start = max(0, index - width)
    end = min(len(line), index + width)
    return ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")


def format_warnings(warnings, filename=None):
    """Warnings as readable lines: ``第 3 行：…`` or ``file.txt:3: …``."""
    if filename:
        return "\n".join(f"{filename}:{number}: {message}" for number, message in warnings)
    return "\n".join(f"第 {number} 行：{message}" for number, message in warnings)


# --------------------------------------------------------------------------
# Structure
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One body block: ``kind`` is ``"heading"`` or ``"paragraph"``."""

    kind: str
    text: str


@dataclass(frozen=True)
class Article:
    """A cleaned article split into the parts of a news page."""

    title: str
    source: str
    author: str
    lead: str
    body: list  # of Block, in order, without the lead

    @property
    def paragraphs(self):
        return [block.text for block in self.body if block.kind == "paragraph"]

    @property
    def headings(self):
        return [block.text for block in self.body if block.kind == "heading"]


_SENTENCE_END = "。！？…；，、.!?;,"
_CLOSING = "”’」』）)"
# 昆明信息港讯 / 本报讯（记者 张三）: a short name, 讯, then a break or a known
# kind of outlet, so that 移动通讯 in a sentence is not taken for a source.
_DATELINE = re.compile(
    r"^(?P<source>[\u4e00-\u9fff]{2,12}?)讯"
    r"(?:(?<=[报网港台社刊]讯)|(?=[\s：:（(]))"
    r"(?:[（(]\s*(?:记者|通讯员)\s*(?P<author>[^）)]{1,30})[）)])?"
    r"[\s：:]*"
)
_HEADING_MAX = 40
_TITLE_MAX = 60


def _is_heading(line):
    """Short lines that do not end a sentence: ``新闻多一点：``, ``活动四：昆明品牌“连连看”``."""
    if len(line) > _HEADING_MAX:
        return False
    if line.endswith(("：", ":")):
        return True
    # A closing quote ends a sentence only after 。 ！ and the like.
    return not line.rstrip(_CLOSING).endswith(tuple(_SENTENCE_END))


def _headline_from(lead):
    sentence = re.split(r"(?<=[。！？])", lead, maxsplit=1)[0].rstrip("。")
    if len(sentence) > _TITLE_MAX:
        sentence = sentence[: _TITLE_MAX - 1] + "…"
    return sentence


def split_article(text: str, title: str | None = None, default_source: str = "") -> Article:
    """Split cleaned text into title, source, author, lead and body blocks.

    A first line that is short and not a sentence is taken as the headline.
    A dateline such as ``昆明信息港讯`` gives the source and is cut from the
    lead. Without a headline, ``title`` is used, else the lead's first
    sentence.
    """
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise ArticleError("稿件没有正文。")

    headline = ""
    if len(lines) > 1 and _is_heading(lines[0]) and not _DATELINE.match(lines[0]):
        headline = lines.pop(0).rstrip("：:")

    source, author = default_source, ""
    lead = lines.pop(0)
    dateline = _DATELINE.match(lead)
    if dateline:
        source = dateline.group("source")
        author = (dateline.group("author") or "").strip()
        lead = lead[dateline.end() :]

    body = []
    for line in lines:
        if _is_heading(line):
            body.append(Block("heading", line.rstrip("：:")))
        else:
            body.append(Block("paragraph", line))

    title = (title or "").strip() or headline or _headline_from(lead)
    return Article(title=title, source=source, author=author, lead=lead, body=body)
