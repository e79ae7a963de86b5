"""Problems found in the archive's content: values with a place, printed by the CLI and the plugins.

A problem knows the file (relative to the repository), the line where there is one, the field,
what is wrong and how to fix it. Loaders collect every problem they find rather than stopping at
the first, so a contributor sees them all at once.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable, Iterator


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    field: str | None
    message: str
    fix: str

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{place}: {what}\n    fix: {self.fix}"

    def sort_key(self) -> tuple[str, int, str]:
        return (self.file, self.line or 0, self.field or "")


@dataclass
class Problems:
    """An ordered collection of problems, filled by loaders and validators."""

    items: list[Problem] = field(default_factory=list)

    def add(self, file: str, line: int | None, field_name: str | None, message: str, fix: str) -> None:
        self.items.append(Problem(file, line, field_name, message, fix))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self.items, key=Problem.sort_key))

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def report(self) -> str:
        return "\n".join(str(p) for p in self)

    def summary(self, where: str = "the archive's content",
                hint: str = "Run `make check` to see them without building.") -> str:
        """The line that ends a build after the problems themselves: how many, where, what to run."""
        n = len(self)
        return f"{n} problem{'s' if n != 1 else ''} in {where} (listed above). {hint}".strip()


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' Did you mean 'x'?' for the closest of `choices`, or '' when none is close."""
    cutoff = 0.5 if len(word) <= 3 else 0.6  # 'zn' -> 'zh' is a real typo of a short word
    choices = list(choices)
    same = [c for c in choices if c.casefold() == word.casefold() and c != word]  # 'mr-umr' -> 'MR-UMR'
    close = same or difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return f" Did you mean '{close[0]}'?" if close else ""
