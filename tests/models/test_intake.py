import datetime as dt
import math

from support.cases import register

from models.intake import poisson_tail, weekly_intake


def test_poisson_tail_matches_the_direct_sum():
    assert poisson_tail(0, 3.0) == 1.0
    direct = 1 - sum(math.exp(-3.0) * 3.0**i / math.factorial(i) for i in range(5))
    assert abs(poisson_tail(5, 3.0) - direct) < 1e-12
    assert poisson_tail(40, 5.0) < 1e-15 and poisson_tail(40, 5.0) > 0


def test_a_spike_at_one_border_post_is_flagged_with_its_numbers(db, users):
    reg = users["registrar"]
    today = dt.date(2026, 6, 17)  # a Wednesday
    this_monday = dt.date(2026, 6, 15)
    n = 0
    # 14 weeks of steady intake: 5 a week at Gogui, 3 at Kidal (GIN nationals).
    for k in range(1, 15):
        when = dt.datetime.combine(
            this_monday - dt.timedelta(weeks=k), dt.time(10), dt.UTC
        ) + dt.timedelta(days=k % 5)
        register(db, reg, 5, start=n, when=when, border_post="Gogui")
        n += 5
        register(db, reg, 3, start=n, when=when, border_post="Kidal", nationality="GIN")
        n += 3
    # This week: 30 at Gogui (a spike), 4 at Kidal (usual).
    when = dt.datetime.combine(this_monday, dt.time(9), dt.UTC)
    register(db, reg, 30, start=n, when=when, border_post="Gogui")
    register(db, reg, 4, start=n + 30, when=when, border_post="Kidal", nationality="GIN")
    rows = weekly_intake(db, weeks=2, today=today)
    flagged = [(r.dimension, r.value, r.week, r.count) for r in rows if r.flagged]
    assert flagged == [
        ("border_post", "Gogui", this_monday, 30),
        ("nationality", "MLI", this_monday, 30),
    ]
    gogui = next(r for r in rows if r.value == "Gogui" and r.week == this_monday)
    assert gogui.baseline == 5.0 and gogui.p_value < 1e-8
    kidal_last = next(
        r for r in rows if r.value == "Kidal" and r.week == this_monday - dt.timedelta(weeks=1)
    )
    assert (kidal_last.count, kidal_last.flagged) == (3, False)
