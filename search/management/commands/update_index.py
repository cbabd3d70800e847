"""Wagtail's ``update_index`` with a real progress bar.

The stock command prints one dot per chunk of 1,000 objects and never says
how many there are. This keeps its behaviour and options and shows
``[#####-----]  2000/5000  40%`` per model instead.
"""

from django.db import transaction
from modelsearch.management.commands.rebuild_modelsearch_index import Command as StockCommand

BAR_WIDTH = 30


def progress_bar(done, total, width=BAR_WIDTH):
    """Text bar such as ``[######------]  12/30  40%``."""
    if total <= 0:
        return "[" + "-" * width + "]  0/0"
    done = min(done, total)
    filled = width * done // total
    return f"[{'#' * filled}{'-' * (width - filled)}]  {done}/{total}  {100 * done // total}%"


class Command(StockCommand):
    help = "Rebuild the search index (Chinese segmentation applies), with a progress bar."

    # Atomic, like the stock method, so the count and order stay stable.
    @transaction.atomic
    def queryset_chunks(self, qs, chunk_size=1000):
        """Chunks of ``qs`` (ordered by pk) by keyset rather than OFFSET,
        which re-reads every earlier row for each chunk of a 100k-page site."""
        self._progress_total = qs.count()
        last_pk = None
        while True:
            items = list((qs if last_pk is None else qs.filter(pk__gt=last_pk))[:chunk_size])
            if not items:
                break
            yield items
            last_pk = items[-1].pk

    def print_iter_progress(self, iterable):
        done = 0
        interactive = hasattr(self.stdout, "isatty") and self.stdout.isatty()
        for chunk in iterable:
            yield chunk
            done += len(chunk)
            bar = progress_bar(done, getattr(self, "_progress_total", done))
            if interactive:  # redraw in place
                self.write("\r" + " " * 35 + bar, ending="")
            else:  # logs: one line per chunk
                self.write(bar if done == len(chunk) else "\n" + " " * 35 + bar, ending="")
            self.stdout.flush()
