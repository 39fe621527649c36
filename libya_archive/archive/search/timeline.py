"""When a search's matches were published: a bar for each month from the first to the last,
or for each year when that is more than MAX_MONTHS, over the matches the facets count."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from libya_archive.archive.search.facets import Facets

# Past three years of months the bars grow too thin for a phone: a year each instead.
MAX_MONTHS = 36

# The smallest bar still shows, however tall the tallest (percent of its height).
MIN_HEIGHT = 4


@dataclass(frozen=True)
class Bar:
    start: date
    end: date
    label: str  # "2016-05", or "2016" when bars are years
    count: int
    height: int  # percent of the tallest bar's; 0 for none

    @property
    def top(self) -> int:
        return 100 - self.height


@dataclass(frozen=True)
class Timeline:
    bars: list[Bar]
    by_year: bool
    sampled: bool  # counted over the newest matches only, as the facets are


def timeline_of(facets: Facets | None) -> Timeline | None:
    """The timeline of the matches the facets counted; None when none of them is dated, or
    all fall in one month: one bar, as wide as the chart, says nothing the date facets do not."""
    if facets is None or not facets.months:
        return None
    first, last = facets.months[0][0], facets.months[-1][0]
    by_year = (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS
    counts: Counter[date] = Counter()
    for month, n in facets.months:
        counts[month.replace(month=1) if by_year else month] += n
    tallest = max(counts.values())
    bars = []
    start = first.replace(month=1) if by_year else first
    while start <= last:
        following = start.replace(year=start.year + 1) if by_year else _next_month(start)
        n = counts[start]
        height = max(MIN_HEIGHT, round(100 * n / tallest)) if n else 0
        bars.append(Bar(start, following - timedelta(days=1), f"{start:%Y}" if by_year else f"{start:%Y-%m}", n, height))
        start = following
    return Timeline(bars, by_year, facets.sampled) if len(bars) > 1 else None


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)
