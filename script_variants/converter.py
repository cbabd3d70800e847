"""The one place that converts between Simplified and Traditional script.

Content is stored in Simplified (zh-hans). Every other surface calls
``convert(text, variant)``; nothing else in the project imports OpenCC.
"""

from functools import cache

import opencc

SIMPLIFIED = "zh-hans"
TRADITIONAL = "zh-hant"  # generic Traditional (OpenCC standard forms, e.g. 爲, 啓)
TAIWAN = "zh-tw"  # Taiwan forms and phrases (软件 → 軟體)
HONG_KONG = "zh-hk"  # Hong Kong forms

# variant -> OpenCC configuration; None means the stored text as it is.
# The order is the order of the reader's switch and of the hreflang alternates.
VARIANTS = {
    SIMPLIFIED: None,
    TRADITIONAL: "s2t",
    TAIWAN: "s2twp",
    HONG_KONG: "s2hk",
}
# Every variant that is not the stored Simplified text.
CONVERTED = tuple(v for v, config in VARIANTS.items() if config is not None)


@cache
def _converter(config):
    return opencc.OpenCC(config)


def to_simplified(text):
    """Normalise any Chinese text to Simplified script (OpenCC t2s)."""
    if not text:
        return text
    return _converter("t2s").convert(text)


def convert(text, variant=SIMPLIFIED):
    """Return ``text`` (stored Simplified) in the requested script variant."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown script variant {variant!r}")
    config = VARIANTS[variant]
    if config is None or not text:
        return text
    return _converter(config).convert(text)
