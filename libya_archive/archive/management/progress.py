"""A long command's progress, a line every few seconds: how many articles of how many, how fast."""

import time

EVERY_SECONDS = 5


class Progress:
    """`progress(done, total)` as the services call it, written to a command's output."""

    def __init__(self, stdout, verbosity: int) -> None:
        self.stdout, self.verbosity = stdout, verbosity
        self.started = self.last = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.verbosity >= 1 and (now - self.last >= EVERY_SECONDS or done == total):
            self.last = now
            self.stdout.write(f"{done:,} of {total:,} articles, {done / max(now - self.started, 1e-9):,.0f}/s")

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started
