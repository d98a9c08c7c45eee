"""The working-day clock (feedback deadlines, issue targets, dispute stages): weekends, holidays, time zones, cut-off, deadlines on holidays."""

from datetime import UTC, date, datetime

import pytest

from portal import workdays as clock

DUBLIN = "Europe/Dublin"
HOLIDAYS = ["2026-12-25", "2026-12-28", "2027-01-01"]


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_five_working_days_from_a_monday_morning():
    # Mon 2 Nov 2026 10:00 in Dublin (UTC+0 in winter) -> Mon 9 Nov
    assert clock.due_date(utc(2026, 11, 2, 10), 5, DUBLIN) == date(2026, 11, 9)


def test_weekends_are_skipped():
    # Thu 5 Nov + 3 working days = Tue 10 Nov
    assert clock.due_date(utc(2026, 11, 5, 9), 3, DUBLIN) == date(2026, 11, 10)


def test_submitted_on_a_saturday_starts_on_monday():
    # Sat 7 Nov: receipt Mon 9 Nov; 1 working day -> Tue 10 Nov
    assert clock.receipt_day(utc(2026, 11, 7, 11), DUBLIN) == date(2026, 11, 9)
    assert clock.due_date(utc(2026, 11, 7, 11), 1, DUBLIN) == date(2026, 11, 10)


def test_submitted_after_hours_counts_from_the_next_working_day():
    before = clock.due_date(utc(2026, 11, 3, 16, 59), 1, DUBLIN)
    after = clock.due_date(utc(2026, 11, 3, 17, 1), 1, DUBLIN)
    assert before == date(2026, 11, 4)
    assert after == date(2026, 11, 5)


def test_friday_evening_counts_from_monday():
    assert clock.receipt_day(utc(2026, 11, 6, 18), DUBLIN) == date(2026, 11, 9)


def test_holidays_are_skipped_and_a_deadline_on_a_holiday_moves_on():
    # Tue 22 Dec + 3 working days: Wed 23, Thu 24, (Fri 25 holiday, weekend, Mon 28 holiday) Tue 29
    assert clock.due_date(utc(2026, 12, 22, 10), 3, DUBLIN, HOLIDAYS) == date(2026, 12, 29)
    # without holidays the third day would have been Fri 25 Dec
    assert clock.due_date(utc(2026, 12, 22, 10), 3, DUBLIN) == date(2026, 12, 25)


def test_received_on_a_holiday_starts_after_it():
    assert clock.receipt_day(utc(2026, 12, 25, 10), DUBLIN, HOLIDAYS) == date(2026, 12, 29)


def test_time_zone_decides_the_day():
    # 23:30 UTC on Sunday is already Monday 08:30 in Tokyo, still Sunday in Dublin
    sunday_night = utc(2026, 11, 8, 23, 30)
    assert clock.receipt_day(sunday_night, "Asia/Tokyo") == date(2026, 11, 9)
    assert clock.receipt_day(sunday_night, DUBLIN) == date(2026, 11, 9)  # next working day
    # 16:30 UTC Monday is 17:30 in Paris (after the cut-off) but 16:30 in Dublin (before it)
    monday = utc(2026, 11, 9, 16, 30)
    assert clock.receipt_day(monday, "Europe/Paris") == date(2026, 11, 10)
    assert clock.receipt_day(monday, DUBLIN) == date(2026, 11, 9)


def test_deadline_is_the_end_of_the_local_due_date_in_utc():
    # Summer time: Dublin is UTC+1, so the end of the day is 22:59:59 UTC
    result = clock.deadline(utc(2026, 7, 1, 9), 5, DUBLIN)
    assert result == utc(2026, 7, 8, 22, 59, 59)
    assert result.tzinfo is not None


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        clock.receipt_day(datetime(2026, 11, 2, 10), DUBLIN)


def test_unknown_zone_falls_back_to_utc_and_bad_holidays_are_ignored():
    assert clock.due_date(utc(2026, 11, 2, 10), 1, "Nowhere/City", ["not-a-date"]) == date(2026, 11, 3)


def test_zero_days_is_the_receipt_day():
    assert clock.add_working_days(date(2026, 11, 7), 0) == date(2026, 11, 9)


def test_working_days_between():
    # received Mon 2 Nov, answered Fri 13 Nov: 9 working days
    assert clock.working_days_between(utc(2026, 11, 2, 9), utc(2026, 11, 13, 12), DUBLIN) == 9
    assert clock.working_days_between(utc(2026, 11, 2, 9), utc(2026, 11, 2, 12), DUBLIN) == 0
    assert clock.working_days_between(utc(2026, 12, 22, 9), utc(2026, 12, 29, 9), DUBLIN, HOLIDAYS) == 3


def test_a_deadline_across_new_year_skips_the_public_holidays_of_any_year():
    """A contract in Ireland whose own closure list is empty: feedback on 30 December 2026 with two
    working days is due on Monday 4 January, not on New Year's Day."""
    calendar = clock.HolidayCalendar("IE")
    received = datetime(2026, 12, 30, 10, tzinfo=UTC)
    assert clock.due_date(received, 2, "Europe/Dublin", []) == date(2027, 1, 1)  # the defect
    assert clock.due_date(received, 2, "Europe/Dublin", calendar) == date(2027, 1, 4)
    assert date(2027, 1, 1) in calendar and date(2031, 12, 25) in calendar
    assert clock.due_date(datetime(2030, 12, 31, 10, tzinfo=UTC), 1, "Europe/Dublin", calendar) == date(2031, 1, 2)


def test_a_contract_adds_its_own_closures_and_regions_have_their_own_days():
    scotland = clock.HolidayCalendar("GB", "SCT", closures=["2027-07-14"])
    england = clock.HolidayCalendar("GB", "ENG")
    assert date(2027, 1, 4) in scotland and date(2027, 1, 4) not in england  # 2 January moved
    assert date(2027, 7, 14) in scotland and scotland.name_of(date(2027, 7, 14)) == "Closure"
