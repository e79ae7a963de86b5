"""Dates written the way each language writes them: 2026年11月2日, 2 November 2026."""

from __future__ import annotations

import datetime as dt

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def long_date(d: dt.date, lang: str) -> str:
    if lang.startswith("zh"):
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
