"""Dates with a precision, for history: a year, a month, a day, circa, or a span between two of them.

Syntax (documented for contributors in CONTRIBUTING.md, "时间线 · Timeline"):

    1895            a year                      (YAML may read it as a number: that is fine)
    2006-09         a month of a year
    1895-12-28      a day
    ~1920           circa: "~" before any of the above (~1920, ~1920-05)
    1966/1976       a span: two of the above joined by "/" (ISO 8601 intervals); each end keeps its
    1966-05/1976-10 own precision and may be circa; the end may not come before the start

Sorting: a span sorts by its start; a less precise date sorts before a more precise one inside it
(1895 < 1895-12 < 1895-12-28), so a year's entry heads that year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..languages.dates import MONTHS

_POINT_RE = re.compile(r"^(~)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateSyntaxError(ValueError):
    """A value that is not a date in the syntax above; the message says why, `fix` how to write it."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message, self.fix = message, fix


@dataclass(frozen=True)
class FuzzyDate:
    year: int
    month: int | None = None
    day: int | None = None
    circa: bool = False

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        """A valid HTML datetime value: 1895, 2006-09 or 1895-12-28."""
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def last_day(self) -> dt.date:
        """The last day this date may mean (1966 -> 1966-12-31), for spans and eras."""
        if self.day:
            return dt.date(self.year, self.month or 1, self.day)
        month = self.month or 12
        nxt = dt.date(self.year + (month == 12), month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def zh(self) -> str:
        out = f"{self.year}年"
        if self.month:
            out += f"{self.month}月"
            if self.day:
                out += f"{self.day}日"
        return ("约" if self.circa else "") + out

    def en(self) -> str:
        if self.day:
            out = f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        elif self.month:
            out = f"{MONTHS[self.month - 1]} {self.year}"
        else:
            out = str(self.year)
        return ("c. " if self.circa else "") + out

    def __str__(self) -> str:
        return ("~" if self.circa else "") + self.iso()

    @classmethod
    def of(cls, d: dt.date) -> "FuzzyDate":
        return cls(d.year, d.month, d.day)


@dataclass(frozen=True)
class When:
    """A date, or a span from `start` to `end`."""

    start: FuzzyDate
    end: FuzzyDate | None = None

    def sort_key(self) -> tuple[int, int, int]:
        return self.start.sort_key()

    @property
    def year(self) -> int:
        return self.start.year

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        end = (self.end or self.start).last_day()
        return self.start.first_day() <= last and end >= first

    def parts(self, lang: str) -> list[tuple[str, str | None]]:
        """The date as (text, datetime) pieces, the separator having no datetime:
        zh: 1966年, 2006年9月, 约1920年, 1966—1976年, 1966年5月—1976年10月;
        en: 1966, September 2006, c. 1920, 1966–1976, May 1966 – October 1976."""
        zh = lang.startswith("zh")
        s, e = self.start, self.end
        if e is None:
            return [(s.zh() if zh else s.en(), s.iso())]
        if s.precision == e.precision == "year":
            if zh:
                return [(("约" if s.circa else "") + str(s.year), s.iso()), ("—", None), (e.zh(), e.iso())]
            return [(s.en(), s.iso()), ("–", None), (e.en(), e.iso())]
        if zh:
            return [(s.zh(), s.iso()), ("—", None), (e.zh(), e.iso())]
        return [(s.en(), s.iso()), (" – ", None), (e.en(), e.iso())]

    def zh(self) -> str:
        return "".join(t for t, _ in self.parts("zh"))

    def en(self) -> str:
        return "".join(t for t, _ in self.parts("en"))

    def __str__(self) -> str:
        return str(self.start) + (f"/{self.end}" if self.end else "")


def parse(value: object) -> When:
    """Read a date in the syntax above, or raise DateSyntaxError saying what is wrong and how to fix it."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DateSyntaxError(f"must be a date such as 1895, 2006-09 or 1895-12-28, not {value!r}",
                              "write the date as text: date: 1895-12-28 (or 1895, 2006-09, ~1920, 1966/1976)")
    text = str(value).strip()
    if text.count("/") > 1:
        raise DateSyntaxError(f"'{text}' has more than one '/'",
                              "a span has one start and one end: date: 1966/1976")
    parts = text.split("/")
    points = [_point(p.strip(), text) for p in parts]
    if len(points) == 1:
        return When(points[0])
    start, end = points
    if end.last_day() < start.first_day():
        raise DateSyntaxError(f"'{text}' ends ({end}) before it starts ({start})",
                              f"write the earlier date first: {end}/{start}")
    if end == start:
        raise DateSyntaxError(f"'{text}' starts and ends on the same date", f"write it once: {start}")
    return When(start, end)


def _point(text: str, whole: str) -> FuzzyDate:
    m = _POINT_RE.match(text)
    if not m:
        fix = ("write a year (1895), a month (2006-09), a day (1895-12-28), circa (~1920) "
               "or a span (1966/1976)")
        hint = ""
        if text.endswith("~"):
            hint, fix = " (circa goes before the date)", f"write ~{text[:-1]}"
        elif re.match(r"^\d{1,3}$", text):
            hint, fix = " (a year has four digits)", "write the year with four digits, e.g. 1920"
        raise DateSyntaxError(f"'{whole}' is not a date{hint}", fix)
    circa, year, month, day = m.group(1) == "~", int(m.group(2)), m.group(3), m.group(4)
    if month is not None and not 1 <= int(month) <= 12:
        raise DateSyntaxError(f"'{whole}' is not a real date (the month must be 01 to 12)",
                              "correct the month, for example 2006-09")
    if day is not None:
        try:
            dt.date(year, int(month), int(day))
        except ValueError:
            raise DateSyntaxError(f"'{whole}' is not a real date ({year}-{month} has no day {day})",
                                  f"correct the day, or write the month only: {year}-{month}") from None
    return FuzzyDate(year, int(month) if month else None, int(day) if day else None, circa)
