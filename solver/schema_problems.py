"""Problems found in a scenario, each with the path of the offending value.

Paths read like the JSON they point into: `items[2].ratio.B`,
`targets[0].history[1].date`; the empty path is the whole document.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario: where (`items[2].ratio.B`) and what, in English."""

    path: str
    message: str

    def line(self) -> str:
        """`path: message`, the form the CLI prints."""
        return f"{self.path or '(document)'}: {self.message}"


class ScenarioInvalid(ValueError):
    """A scenario that cannot be planned; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        lines = "\n".join(p.line() for p in self.problems)
        super().__init__(f"invalid scenario ({len(self.problems)} problem(s)):\n{lines}")


def path_join(path: str, key: str | int) -> str:
    """`items` + 2 → `items[2]`; `items[2]` + `ratio` → `items[2].ratio`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)
