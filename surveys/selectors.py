"""Reads of step 7 that later steps (the ledger, the federation's view, dashboards) share.

The contract below is what `ledger` builds on; the surveys app (issue 9) fills it in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class SurveyOutcome:
    """The last survey round of one grievance, as the work ledger prints it."""

    level: str | None  # a SatisfactionLevel value; None when unanswered (未答复) or not yet asked
    level_label: str  # "满意", "未答复", … in the active language; "" when no round was opened
    supervisor_name: str  # the 督办人 who signed the result; "" while unsigned
    review: str  # 工会审阅反馈; "" while not reviewed
    rounds: int  # how many rounds were opened (a remedy opens a second one)


@dataclass(frozen=True)
class SatisfactionFigures:
    """Asked, answered and the count at each level, for a period and scope."""

    asked: int = 0
    answered: int = 0
    levels: dict[str, int] = field(default_factory=dict)  # SatisfactionLevel value -> count

    @property
    def satisfied_rate(self) -> float | None:
        """Share of answers at 基本满意 or better; None when nobody answered."""
        if not self.answered:
            return None
        unsatisfied = self.levels.get("unsatisfied", 0)
        return (self.answered - unsatisfied) / self.answered


def outcomes_for(*, grievance_ids: Iterable[int]) -> dict[int, SurveyOutcome]:
    """Last round per grievance, in a fixed number of queries for any batch of ids.

    Grievances without any round are absent from the result.
    """
    return {}


def satisfaction_figures(
    *,
    enterprise_ids: Iterable[int],
    start: date,
    end: date,
    department_id: int | None = None,
) -> dict[int, SatisfactionFigures]:
    """Figures per enterprise for rounds opened in [start, end], optionally for one department."""
    return {}
