"""The scoring rules: score, bands (15 and the gaps), review dates by band, movement."""

from datetime import date

import pytest

from portal.risks import scoring


def test_score_is_likelihood_times_impact():
    assert scoring.score(3, 5) == 15
    assert scoring.score(1, 1) == 1
    assert scoring.score(5, 5) == 25


@pytest.mark.parametrize("bad", [0, 6, -1, 2.5, "3", True, None])
def test_ratings_are_whole_numbers_from_1_to_5(bad):
    with pytest.raises(ValueError):
        scoring.score(bad, 3)
    with pytest.raises(ValueError):
        scoring.score(3, bad)


@pytest.mark.parametrize("value, band", [
    (1, "low"), (2, "low"), (3, "low"), (4, "low"),
    (5, "medium"), (6, "medium"), (8, "medium"), (9, "medium"),
    (10, "high"), (12, "high"), (15, "high"), (16, "high"),
    (20, "critical"), (25, "critical"),
])
def test_bands_of_every_possible_score(value, band):
    assert scoring.band(value) == band


def test_fifteen_is_high():
    assert scoring.band(scoring.score(3, 5)) == "high"
    assert scoring.band(scoring.score(5, 3)) == "high"


def test_the_gaps_cannot_be_produced_and_still_have_a_band():
    assert scoring.POSSIBLE_SCORES == (1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25)
    for impossible in (17, 18, 19, 21, 22, 23, 24):
        assert impossible not in scoring.POSSIBLE_SCORES
    assert [scoring.band(n) for n in (17, 18, 19)] == ["high"] * 3
    assert [scoring.band(n) for n in (21, 22, 23, 24)] == ["critical"] * 4


@pytest.mark.parametrize("bad", [0, 26, -3])
def test_scores_outside_1_to_25_are_refused(bad):
    with pytest.raises(ValueError):
        scoring.band(bad)


def test_band_ranges_cover_1_to_25_without_overlap():
    covered = []
    for name in scoring.BANDS:
        covered += list(range(scoring.band_floor(name), scoring.band_ceiling(name) + 1))
    assert covered == list(range(1, 26))


@pytest.mark.parametrize("band, expected", [
    ("critical", date(2026, 2, 15)), ("high", date(2026, 4, 15)),
    ("medium", date(2026, 7, 15)), ("low", date(2027, 1, 15)),
])
def test_next_review_by_band(band, expected):
    assert scoring.next_review(band, date(2026, 1, 15)) == expected


def test_next_review_from_the_31st_falls_on_the_last_day_of_a_short_month():
    assert scoring.next_review("critical", date(2026, 1, 31)) == date(2026, 2, 28)
    assert scoring.next_review("critical", date(2028, 1, 31)) == date(2028, 2, 29)
    assert scoring.next_review("high", date(2026, 11, 30)) == date(2027, 2, 28)


@pytest.mark.parametrize("previous, current, movement", [
    (None, 12, "new"), (9, 12, "up"), (12, 9, "down"), (12, 12, "same"),
])
def test_movement_since_the_last_review(previous, current, movement):
    assert scoring.movement(previous, current) == movement
    assert scoring.MOVEMENT_SYMBOLS[movement] in "↑↓=–"
