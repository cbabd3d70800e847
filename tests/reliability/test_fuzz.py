"""Property tests (bounded): the import cleaner, the search query normaliser and the script converter
never crash on any input, and each is idempotent.

``RELIABILITY_FUZZ_EXAMPLES`` sets the examples per property (default 150; ``make reliability`` runs more).
"""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from script_variants.converter import SIMPLIFIED, TRADITIONAL, convert, to_simplified
from search.query import MAX_QUERY_LENGTH, normalise_query
from tests.reliability import metrics
from wirecopy.cleaner import clean_article

EXAMPLES = int(os.environ.get("RELIABILITY_FUZZ_EXAMPLES", "150"))
fuzz = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=False)

# What wire copy really looks like: Traditional and Simplified Han, pinyin glosses,
# ASCII and full-width punctuation, mojibake fragments, newlines.
WIRE_PIECES = [
    "質(zhì)量",
    "監(jiān)督",
    "质量月",
    "昆明",
    "活動?;顒訉⒊掷m(xù)",
    "等六大主題活動",
    ",",
    ";",
    "，",
    "。",
    "?",
    "“",
    "”",
    "\n",
    "\r\n",
    " ",
    "\u3000",
    "2022",
    "KMPP2022@126.com",
    "0871-65392426",
    "(",
    ")",
    "锟斤拷",
    "éè",
    "\ufeff",
    "\x00",
    "<script>alert(1)</script>",
]
wire_text = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WIRE_PIECES), max_size=60).map("".join),
    st.lists(st.one_of(st.sampled_from(WIRE_PIECES), st.text(max_size=5)), max_size=40).map("".join),
)
queries = st.one_of(
    st.text(max_size=600),
    st.lists(
        st.sampled_from(["质量", "質量", " ", "\t", "\u200b", "OR", "AND", "*", '"', "(", ")", "-", "\x00", "品牌"]),
        max_size=80,
    ).map("".join),
)


@fuzz
@given(wire_text)
def test_cleaner_never_crashes_and_is_idempotent(text):
    metrics.record("fuzz_cases", 1)
    result = clean_article(text)
    assert isinstance(result.text, str)
    assert clean_article(result.text).text == result.text


@fuzz
@given(wire_text)
def test_cleaner_keeps_the_line_count(text):
    metrics.record("fuzz_cases", 1)
    universal = text.replace("\r\n", "\n").replace("\r", "\n")
    assert clean_article(text).text.count("\n") == universal.count("\n")


@fuzz
@given(queries)
def test_query_normaliser_never_crashes_and_is_idempotent(q):
    metrics.record("fuzz_cases", 1)
    normalised = normalise_query(q)
    assert len(normalised) <= MAX_QUERY_LENGTH
    assert normalised == normalised.strip()
    assert normalise_query(normalised) == normalised


def test_query_normaliser_handles_a_huge_query():
    # CVE-2024-39317 was a ReDoS in query parsing; a megabyte query is cut, not parsed.
    assert len(normalise_query("质量(" * 300_000)) <= MAX_QUERY_LENGTH


@fuzz
@given(wire_text)
def test_converter_never_crashes_and_is_idempotent(text):
    metrics.record("fuzz_cases", 1)
    assert convert(text, SIMPLIFIED) == text
    traditional = convert(text, TRADITIONAL)
    assert convert(traditional, TRADITIONAL) == traditional
    simplified = to_simplified(text)
    assert to_simplified(simplified) == simplified
