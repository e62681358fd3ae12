"""Weekly intake per border post and per nationality, with unusual weeks flagged.

The rule: a week's registrations for one border post (or nationality) are compared with the mean
of the 12 weeks before it, taken as the rate λ of a Poisson count (at least 0.5, so that a post
with no history can still be judged). The week is flagged when it has at least ``MIN_COUNT``
registrations and the chance of that many or more under that rate is below 1 %:
``count >= 10 and P(X >= count | X ~ Poisson(λ)) < 0.01``. Weeks run Monday to Sunday (UTC).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from models.database import Database
from models.entities import Case, Returnee
from models.i18n import N_

HISTORY_WEEKS = 12
P_THRESHOLD = 0.01
MIN_COUNT = 10
MIN_RATE = 0.5
RULE = N_(
    "flagged: at least {min} registrations in the week and P(X >= count) < {p} for a Poisson "
    "count whose rate is the mean of the {weeks} weeks before"
)
DIMENSIONS = ("border_post", "nationality")


@dataclass(frozen=True)
class IntakeWeek:
    dimension: str  # border_post or nationality
    value: str
    week: dt.date  # the Monday
    count: int
    baseline: float  # mean of the 12 weeks before
    p_value: float
    flagged: bool


def poisson_tail(k: int, rate: float) -> float:
    """P(X >= k) for X ~ Poisson(rate), accurate far into the tail."""
    if k <= 0:
        return 1.0
    log_rate = math.log(rate)

    def term(i: int) -> float:
        return math.exp(-rate + i * log_rate - math.lgamma(i + 1))

    if k <= rate:
        return max(0.0, 1.0 - sum(term(i) for i in range(k)))
    total, i = 0.0, k
    while True:
        t = term(i)
        total += t
        if t < total * 1e-15 or i > k + 10_000:
            return total
        i += 1


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly_intake(db: Database, weeks: int = 8, today: dt.date | None = None) -> list[IntakeWeek]:
    """The last ``weeks`` weeks (this one included) per border post and nationality."""
    today = today or dt.date.today()
    last = monday(today)
    first = last - dt.timedelta(weeks=weeks - 1)
    start = first - dt.timedelta(weeks=HISTORY_WEEKS)
    since = dt.datetime.combine(start, dt.time(), dt.UTC)
    counts: dict[str, Counter[tuple[str, dt.date]]] = {d: Counter() for d in DIMENSIONS}
    with db.reading() as s:
        rows = s.execute(
            select(Case.registered_at, Returnee.border_post, Returnee.nationality)
            .join(Returnee, Returnee.id == Case.returnee_id)
            .where(Case.registered_at >= since)
        )
        for at, post, nationality in rows:
            week = monday(at.astimezone(dt.UTC).date())
            counts["border_post"][(post or "-", week)] += 1
            counts["nationality"][(nationality, week)] += 1
    out: list[IntakeWeek] = []
    for dimension in DIMENSIONS:
        values = sorted({v for v, _ in counts[dimension]})
        for value in values:
            for k in range(weeks):
                week = first + dt.timedelta(weeks=k)
                n = counts[dimension][(value, week)]
                history = [
                    counts[dimension][(value, week - dt.timedelta(weeks=j))]
                    for j in range(1, HISTORY_WEEKS + 1)
                ]
                baseline = sum(history) / HISTORY_WEEKS
                p = poisson_tail(n, max(baseline, MIN_RATE))
                out.append(
                    IntakeWeek(
                        dimension, value, week, n, baseline, p, n >= MIN_COUNT and p < P_THRESHOLD
                    )
                )
    return out
