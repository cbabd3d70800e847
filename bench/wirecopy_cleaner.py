"""Wire-copy cleaner on adversarial inputs from 100 KB to 2 MB (the upload limit): CPU seconds each.

``.venv/bin/python bench/wirecopy_cleaner.py [sizes in KB...]``; the target is under 2 s each,
and time growing in step with size (linear), not with its square.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

from wirecopy.cleaner import ArticleError, clean_article, decode_article, split_article

SEED = Path(__file__).resolve().parents[1] / "wirecopy" / "seed" / "000_82f4a8ec1a3a9c5b.txt"
# Each pattern is repeated to the size wanted; each one aims at a step that once was, or could be, slow.
PATTERNS = {
    "ascii letters (e-mail scan)": "a",
    "dots and letters": "a.",
    "unclosed gloss": "质(zhì",
    "question after han": "质?",
    "question runs": "质???",
    "replacement chars": "质\ufffd",
    "lost byte windows": "质?" + "顒訉⒊掷" * 16,
    "utf-8 read as gbk": "昆明市质量月活动".encode().decode("gbk") + "丂",
    "rare han": "镌",
    "comma runs": ",,,,质",
    "nested parens": "((((质))))",
    "html tags": "<p>质</p>",
    "latin in han": "质a",
    "seed-like text": "質(zhì)量監(jiān)督,活動?;顒訉⒊掷m(xù)。",
    "the seed, lines joined": SEED.read_text(encoding="utf-8").replace("\n", ""),
    "short lines": "质量月活动\n",
    "one line per char": "质\n",
}


def run(size_kb):
    rows = []
    for name, unit in PATTERNS.items():
        unit_bytes = len(unit.encode())
        text = unit * max(1, size_kb * 1024 // unit_bytes)
        data = text.encode()
        started = time.process_time()
        result = clean_article(decode_article(data))
        try:
            split_article(result.text, damaged_lines=result.damaged_lines)
            outcome = str(len(result.warnings))
        except ArticleError:
            outcome = "refused"  # a clear error for the editor, nothing saved
        rows.append((name, len(data), time.process_time() - started, outcome))
    return rows


def rows(sizes=(100, 500, 2048)):
    """The ``make reliability`` summary: inputs cleaned, the slowest, and how many took 2 s or more."""
    results = [row for size in sizes for row in run(size)]
    slowest = max(seconds for _, _, seconds, _ in results)
    return [
        ("wire-copy inputs cleaned (100 KB-2 MB)", len(results), None),
        ("slowest, CPU milliseconds", round(slowest * 1000), None),
        ("inputs taking 2 s or more", sum(1 for _, _, seconds, _ in results if seconds >= 2), 0),
    ]


def main():
    sizes = [int(arg) for arg in sys.argv[1:]] or [100, 500, 2048]
    worst = 0.0
    print(f"| {'input':28} | {'bytes':>9} | {'seconds':>7} | warnings |")
    print(f"|{'-' * 30}|{'-' * 11}|{'-' * 9}|----------|")
    for size in sizes:
        for name, size_bytes, seconds, warnings in run(size):
            worst = max(worst, seconds)
            print(f"| {name:28} | {size_bytes:>9} | {seconds:7.2f} | {warnings:>8} |", flush=True)
    print(f"\nslowest: {worst:.2f} s (target: under 2 s)")
    return 0 if worst < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
