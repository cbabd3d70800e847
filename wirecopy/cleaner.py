"""Clean wire copy before it becomes a page.

Scraped wire copy arrives damaged: pinyin glosses after characters
(``質(zhì)量``), Traditional script, mojibake and ASCII punctuation in Chinese
text. This module repairs what it can and reports, by line, what it cannot,
so that nothing damaged is published silently.

Pure Python: no Django imports, so it can be used and tested anywhere.
"""

import bisect
import codecs
import contextlib
import re
import unicodedata
from dataclasses import dataclass, field

from script_variants.converter import to_simplified
from wirecopy.chars import HAN_CLASS as _HAN_CLASS
from wirecopy.chars import HTML_REMNANT, count_common_and_rare, ends_question
from wirecopy.chars import is_cjk_context as _is_cjk_context
from wirecopy.chars import is_han as _is_han
from wirecopy.chars import is_suspicious as _is_suspicious
from wirecopy.chars import suspicion as _suspicion
from wirecopy.damage import find_damage

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
# Decoding
# --------------------------------------------------------------------------

_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) | {0x0B, 0x7F}
_CONTROL_BYTE_STRING = bytes(sorted(_CONTROL_BYTES))
_CONTROL_CHARACTER = re.compile("[" + re.escape(_CONTROL_BYTE_STRING.decode("ascii")) + "]")


def _control_bytes(data):
    return len(data) - len(data.translate(None, _CONTROL_BYTE_STRING))


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
        han, _ = count_common_and_rare(text)
        if han >= 0.6 * len(text):
            return True
    return False


def _looks_like_chinese(text):
    """Plausible Chinese text rather than bytes decoded with the wrong codec."""
    common, rare = count_common_and_rare(text)
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
        if (b"\x00" in data or not _is_utf8(data)) and _looks_like_utf16(data):
            raise ArticleError("文件疑似不带 BOM 的 UTF-16 编码，无法可靠识别；请另存为 UTF-8 后再导入。")
        if b"\x00" in data:
            raise ArticleError("文件包含 NUL 字节，看起来是二进制文件，不是纯文本稿件。")
        if _control_bytes(data) > 0.01 * len(data):
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

    if "\x00" in text or len(_CONTROL_CHARACTER.findall(text)) > 0.01 * len(text):
        raise ArticleError("文件包含大量控制字符，看起来是二进制文件，不是纯文本稿件。")
    if not text.strip():
        raise ArticleError("文件只包含空白字符，没有可导入的正文。")
    return text


# --------------------------------------------------------------------------
# Mojibake
# --------------------------------------------------------------------------

_LOST_BYTE_MARKERS = "?\ufffd"
# Longest garbled stretch we try to realign after a lost byte.
_MAX_SHIFTED_CHARS = 80
_LOST_BYTE = re.compile("[?\ufffd]")
# Text with more candidates than this is garbage throughout: it is flagged, not repaired,
# which keeps the work per file bounded (and cleaning idempotent).
_MAX_REPAIR_CANDIDATES = 2000
# A 2 MB article scraped with ASCII commas has about 50 000 of them; far more is not prose.
_MAX_PUNCTUATION_RUNS = 100_000


def _is_question_mark(text, index):
    """True if the '?' at ``index`` ends a real question."""
    return ends_question(text, index)


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
        if ch.isspace() or ord(ch) < 0x40 or ch in _LOST_BYTE_MARKERS:
            break
        chars.append(ch)
        index += 1
    return chars


def _realign(window, lead):
    """Decode the window's GB18030 bytes again, put back in step.

    ``lead`` is the byte that was lost (``None``: unknown, drop its orphan
    second byte instead). Returns (replacement, chars consumed) or None.

    One pass with an incremental decoder: the longest prefix of the window
    that decodes cleanly, ending on a character boundary, is kept. Once a
    decoding error or a suspicious character appears, no longer prefix can
    be clean, so the scan stops (linear in the window).
    """
    decoder = codecs.getincrementaldecoder("gb18030")()
    pending = b"" if lead is None else bytes([lead])
    skip_first = lead is None
    decoded = []
    best = None
    for consumed, ch in enumerate(window, start=1):
        try:
            raw = ch.encode("gb18030")
        except UnicodeEncodeError:
            break
        if skip_first:
            raw, skip_first = raw[1:], False
        try:
            piece = decoder.decode(pending + raw)
        except UnicodeDecodeError:
            break
        pending = b""
        if _suspicion(piece):
            break
        decoded.append(piece)
        if piece and not decoder.getstate()[0]:  # on a character boundary
            best = (len(decoded), consumed)
    if best is None:
        return None
    pieces, consumed = best
    text = "".join(decoded[:pieces])
    if lead:
        # The lost character must be punctuation for us to be sure of it.
        if not unicodedata.category(text[0]).startswith("P"):
            return None
        return text, consumed
    return "\ufffd" + text, consumed


def _repair_lost_bytes(text):
    """Repair GBK text in which one byte was lost and shown as '?' or U+FFFD."""
    out = []
    repaired = 0
    done = 0  # text before this index is in ``out``
    if text.count("?") + text.count("\ufffd") > _MAX_REPAIR_CANDIDATES:
        return text, 0
    for match in _LOST_BYTE.finditer(text):
        index = match.start()
        if index < done or index == 0:
            continue
        ch = text[index]
        if not _is_cjk_context(text[index - 1]) or (ch == "?" and _is_question_mark(text, index)):
            continue
        window = _shifted_window(text, index + 1)
        if not _suspicion("".join(window)):
            continue
        # Most often the lost character is a full stop or quote (row A1).
        fix = _realign(window, 0xA1) or _realign(window, None)
        if fix:
            replacement, consumed = fix
            out.append(text[done:index])
            out.append(replacement)
            done = index + 1 + consumed
            repaired += 1
    out.append(text[done:])
    return "".join(out), repaired


def _utf8_lead_characters():
    """GBK characters whose first byte is also a UTF-8 lead byte of a CJK character (E0-EF)."""
    chars = set()
    for lead in range(0xE0, 0xF0):
        for trail in (*range(0x40, 0x7F), *range(0x80, 0xFF)):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([lead, trail]).decode("gb18030"))
    return "".join(sorted(chars))


# UTF-8 read as GBK can only start at one of these; a plain regex finds them at C speed.
_UTF8_LEAD_CHARACTER = re.compile(f"[{re.escape(_utf8_lead_characters())}]")


def _utf8_block(text, index):
    """Three GBK characters from ``index`` read back as two UTF-8 characters.

    Returns (decoded, fit) or None when the six bytes are not two UTF-8 CJK sequences.
    """
    piece = text[index : index + 3]
    if len(piece) < 3 or any(ord(ch) < 0x80 for ch in piece):
        return None
    try:
        data = piece.encode("gb18030")
    except UnicodeEncodeError:
        return None
    if len(data) != 6 or not (0xE0 <= data[0] <= 0xEF and 0xE0 <= data[3] <= 0xEF):
        return None
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    fit = all(_is_cjk_context(ch) and not _is_suspicious(ch) for ch in decoded)
    return decoded, fit


def _utf8_stretch(text, index, memo):
    """(characters, all fit) of the longest run of whole blocks from ``index``.

    Blocks are remembered by position, so starts on the same grid share the
    work and the whole text is read in linear time.
    """
    pending = []
    position = index
    while position not in memo:
        block = _utf8_block(text, position)
        if block is None:
            memo[position] = (0, True)
            break
        pending.append((position, block[1]))
        position += 3
    length, fit = memo[position]
    for position, block_fit in reversed(pending):
        length, fit = length + 3, fit and block_fit
        memo[position] = (length, fit)
    return memo[index]


def _repair_utf8_read_as_gbk(text):
    """Repair UTF-8 text that was decoded as GBK (``活动`` shown as ``娲诲姩``).

    Only whole blocks (3 GBK characters = 6 bytes = 2 UTF-8 characters) are
    read back, and only when every character they give is Chinese text.
    """
    out = []
    repaired = 0
    done = 0
    memo = {}
    if len(_UTF8_LEAD_CHARACTER.findall(text)) > _MAX_REPAIR_CANDIDATES:
        return text, 0
    for match in _UTF8_LEAD_CHARACTER.finditer(text):
        index = match.start()
        if index < done:
            continue
        length, fit = _utf8_stretch(text, index, memo)
        if length < 3 or not fit:
            continue
        out.append(text[done:index])
        out.append(text[index : index + length].encode("gb18030").decode("utf-8"))
        done = index + length
        repaired += 1
    out.append(text[done:])
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
# A pinyin syllable has at most six letters (zhuang); the bound keeps matching linear.
_SYLLABLE = f"[{_PINYIN_LETTERS}]{{1,6}}"
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
    if simplified == text:
        return text, 0
    changed = sum(1 for old, new in zip(text, simplified, strict=False) if old != new)
    return simplified, changed + abs(len(text) - len(simplified))


# --------------------------------------------------------------------------
# Punctuation
# --------------------------------------------------------------------------

# URLs and e-mail addresses keep their ASCII punctuation. Each pattern starts at
# a fixed literal and cannot backtrack over the same text twice (linear time).
_URL = re.compile(
    r"(?:https?|ftp)://[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’<>]+"
    r"|www\.[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’<>]*"
)
_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_EMAIL_DOMAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")


def _email_spans(text):
    """(start, end) of each e-mail address, found outward from its '@'.

    Scanning never crosses another '@', so every character is read at most
    twice, whatever the input (a regex tried at every position is quadratic
    on a long run of letters).
    """
    at = text.find("@")
    previous_at = -1
    while at != -1:
        start = at
        while start > previous_at + 1 and text[start - 1] in _EMAIL_LOCAL:
            start -= 1
        end = at + 1
        while end < len(text) and text[end] in _EMAIL_DOMAIN:
            end += 1
        domain = text[at + 1 : end].rstrip(".")
        labels = domain.split(".")
        if start < at and len(labels) >= 2 and all(labels):
            yield start, at + 1 + len(domain)
        previous_at = at
        at = text.find("@", at + 1)


def _protected_positions(text):
    """A mask over ``text``: 1 where a URL, an e-mail address or leftover HTML is."""
    mask = bytearray(len(text))
    spans = [match.span() for match in _URL.finditer(text)]
    spans.extend(_email_spans(text))
    # Leftover HTML is kept exactly as it came, to be flagged: "&nbsp;" must not become "&nbsp；".
    spans.extend(match.span() for match in HTML_REMNANT.finditer(text))
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return mask


_FULLWIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_DASH_RUN = re.compile(r"-{2,}")
_ASCII_MARK_RUN = re.compile("[,;:?!]+")
_TO_FULLWIDTH = str.maketrans(_FULLWIDTH)


def _settle_plain_run(chars, start, end):
    """Two or more of , ; : ! together, none protected: what the mark-by-mark passes would do.

    After Chinese text the whole run goes full width (each converted mark is
    context for the next). Before Chinese text only the marks after the last
    ':' do, since ':' needs Chinese before it.
    """
    before = chars[start - 1] if start else ""
    after = chars[end] if end < len(chars) else ""
    if before and _is_cjk_context(before):
        first = start
    elif after and _is_cjk_context(after):
        run = "".join(chars[start:end])
        first = start + run.rfind(":") + 1
    else:
        return 0
    chars[first:end] = "".join(chars[first:end]).translate(_TO_FULLWIDTH)
    return end - first


_PAREN_OR_BREAK = re.compile("[()\n]")
_HAN_CHARACTER = re.compile(f"[{_HAN_CLASS}]")
_QUESTION_MARKS = "?？"


def _in_question_run(text, index):
    """Part of ``??`` or ``?？``: marks standing in for lost text, never a question."""
    return (index > 0 and text[index - 1] in _QUESTION_MARKS) or (
        index + 1 < len(text) and text[index + 1] in _QUESTION_MARKS
    )


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
    # Runs of marks are independent (plain text between them does not change here), so each
    # run is settled on its own; a long plain run is settled at once.
    # Past this many '?', the file is garbage or a transcript: its '?' are left as they are
    # (and flagged where they sit between characters), which bounds the work.
    skip_question_marks = text.count("?") > _MAX_REPAIR_CANDIDATES
    runs = _ASCII_MARK_RUN.findall(text)
    if len(runs) > _MAX_PUNCTUATION_RUNS:
        return text, 0  # not prose: left as it is, and what sits oddly is flagged
    for run in _ASCII_MARK_RUN.finditer(text):
        start, end = run.span()
        if end - start > 1 and "?" not in run.group(0) and not any(protected[start:end]):
            changed += _settle_plain_run(chars, start, end)
            continue
        for index in [*range(start, end), *reversed(range(start, end))]:
            ch = chars[index]
            if ch not in _FULLWIDTH or protected[index] or (ch == "?" and skip_question_marks):
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
            if ch == "?" and (_in_question_run(text, index) or _is_stray_question_mark(text, index)):
                continue  # possibly lost characters: keep them visible, they are warned about
            chars[index] = _FULLWIDTH[ch]
            changed += 1

    # Parentheses go full width as a pair, when they sit in Chinese text.
    han_positions = None
    stack = []
    parentheses = text.count("(") + text.count(")")
    for match in _PAREN_OR_BREAK.finditer(text) if parentheses <= _MAX_REPAIR_CANDIDATES * 10 else ():
        index, ch = match.start(), match.group(0)
        if ch == "\n":
            stack.clear()
        elif ch == "(" and not protected[index]:
            stack.append(index)
        elif ch == ")" and stack and not protected[index]:
            opening = stack.pop()
            if han_positions is None:
                han_positions = [found.start() for found in _HAN_CHARACTER.finditer(text)]
            has_han = bisect.bisect_left(han_positions, index) > bisect.bisect_right(han_positions, opening)
            if has_han or (opening > 0 and _is_han(text[opening - 1])):
                chars[opening], chars[index] = "（", "）"
                changed += 2

    text = "".join(chars)
    protected = _protected_positions(text)

    def dash(match):
        nonlocal changed
        if protected[match.start()]:
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
    # The same findings as wirecopy.damage.Damage, with columns and kind.
    damage: list = field(default_factory=list)

    @property
    def damaged_lines(self):
        """Line numbers with damage; past an overflow, every line counts as damaged."""
        lines = {found.line for found in self.damage}
        overflow = next((found.line for found in self.damage if found.kind == "overflow"), None)
        if overflow is not None:
            lines.update(range(overflow, self.text.count("\n") + 2))
        return frozenset(lines)

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
    damage = find_damage(text)
    return CleanResult(
        text=text, fixes=fixes, warnings=[(found.line, found.message) for found in damage], damage=damage
    )


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
    """One body block: ``kind`` is ``"heading"`` or ``"paragraph"``; ``line`` is where it was in the file."""

    kind: str
    text: str
    line: int = 0
    damaged: bool = False


@dataclass(frozen=True)
class Article:
    """A cleaned article split into the parts of a news page."""

    title: str
    source: str
    author: str
    lead: str
    body: list  # of Block, in order, without the lead
    title_line: int = 0  # 0: the title was not a line of the file
    lead_line: int = 0
    lead_damaged: bool = False

    @property
    def paragraphs(self):
        return [block.text for block in self.body if block.kind == "paragraph"]

    @property
    def headings(self):
        return [block.text for block in self.body if block.kind == "heading"]

    def place(self, line):
        """Where an editor finds line ``line`` of the file: 标题, 导语 or 正文第 N 段."""
        if line == self.title_line:
            return "标题"
        if line == self.lead_line:
            return "导语"
        for number, block in enumerate(self.body, start=1):
            if block.line == line:
                return f"正文第 {number} 段"
        return f"第 {line} 行"


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
# A news item with more blocks than this is not one article (and would be a page no editor can check).
MAX_PARAGRAPHS = 2000


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


def split_article(
    text: str, title: str | None = None, default_source: str = "", damaged_lines: frozenset = frozenset()
) -> Article:
    """Split cleaned text into title, source, author, lead and body blocks.

    A first line that is short and not a sentence is taken as the headline.
    A dateline such as ``昆明信息港讯`` gives the source and is cut from the
    lead. Without a headline, ``title`` is used, else the lead's first
    sentence. Lines in ``damaged_lines`` (numbers in ``text``) are never
    taken for a heading: a damaged line stays a paragraph, marked damaged.
    """
    lines = [(number, line.strip()) for number, line in enumerate(text.split("\n"), start=1)]
    lines = [(number, line) for number, line in lines if line]
    if not lines:
        raise ArticleError("稿件没有正文。")
    if len(lines) > MAX_PARAGRAPHS:
        raise ArticleError(f"稿件有 {len(lines)} 段，超过 {MAX_PARAGRAPHS} 段，不像一篇新闻稿；请拆分后再导入。")

    def heading(number, line):
        return number not in damaged_lines and _is_heading(line)

    headline, title_line = "", 0
    if len(lines) > 1 and heading(*lines[0]) and not _DATELINE.match(lines[0][1]):
        title_line, headline = lines.pop(0)
        headline = headline.rstrip("：:")

    source, author = default_source, ""
    lead_line, lead = lines.pop(0)
    dateline = _DATELINE.match(lead)
    if dateline:
        source = dateline.group("source")
        author = (dateline.group("author") or "").strip()
        lead = lead[dateline.end() :]

    body = []
    for number, line in lines:
        if heading(number, line):
            body.append(Block("heading", line.rstrip("：:"), number))
        else:
            body.append(Block("paragraph", line, number, damaged=number in damaged_lines))

    title = (title or "").strip() or headline or _headline_from(lead)
    return Article(
        title=title,
        source=source,
        author=author,
        lead=lead,
        body=body,
        title_line=title_line,
        lead_line=lead_line,
        lead_damaged=lead_line in damaged_lines,
    )
