"""When a search's matches were published: a bar for each month from the first to the last,
for each year when that is more than MAX_MONTHS, or for each day when they all fall in one
month, over the matches the facets count."""

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
    label: str  # "2016-05"; "2016" when bars are years, "2016-05-10" when they are days
    count: int
    height: int  # percent of the tallest bar's; 0 for none

    @property
    def top(self) -> int:
        return 100 - self.height


@dataclass(frozen=True)
class Timeline:
    bars: list[Bar]
    unit: str  # what a bar is: "year", "month" or "day"
    sampled: bool  # counted over the newest matches only, as the facets are


def timeline_of(facets: Facets | None) -> Timeline | None:
    """The timeline of the matches the facets counted; None when none of them is dated, or
    all fall on one day: one bar, as wide as the chart, says nothing the date facets do not."""
    if facets is None or not facets.months:
        return None
    if len(facets.months) == 1:
        return _by_day(facets)
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
        bars.append(Bar(start, following - timedelta(days=1), f"{start:%Y}" if by_year else f"{start:%Y-%m}", n, _height(n, tallest)))
        start = following
    return Timeline(bars, "year" if by_year else "month", facets.sampled)


def _by_day(facets: Facets) -> Timeline | None:
    """A bar a day, from the first day a match was published to the last, in one month."""
    counts = dict(facets.days)
    first, last = facets.days[0][0], facets.days[-1][0]
    tallest = max(counts.values())
    bars = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        n = counts.get(day, 0)
        bars.append(Bar(day, day, day.isoformat(), n, _height(n, tallest)))
    return Timeline(bars, "day", facets.sampled) if len(bars) > 1 else None


def _height(n: int, tallest: int) -> int:
    return max(MIN_HEIGHT, round(100 * n / tallest)) if n else 0


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)
