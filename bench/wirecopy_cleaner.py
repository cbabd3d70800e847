"""Wire-copy cleaner on adversarial inputs from 100 KB to 2 MB (the upload limit): seconds each.

``.venv/bin/python bench/wirecopy_cleaner.py [sizes in KB...]``; the target is under 2 s each,
and time growing in step with size (linear), not with its square.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

from wirecopy.cleaner import clean_article, decode_article, split_article

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
    "seed-like text": "質(zhì)量監(jiān)督,活動?;顒訉⒊掷m(xù)。\n",
    "one line per char": "质\n",
}


def run(size_kb):
    rows = []
    for name, unit in PATTERNS.items():
        unit_bytes = len(unit.encode())
        text = unit * max(1, size_kb * 1024 // unit_bytes)
        data = text.encode()
        started = time.perf_counter()
        result = clean_article(decode_article(data))
        split_article(result.text, damaged_lines=result.damaged_lines)
        rows.append((name, len(data), time.perf_counter() - started, len(result.warnings)))
    return rows


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
