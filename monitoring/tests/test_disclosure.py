from monitoring.disclosure import suppress


def test_small_counts_are_hidden_zero_and_larger_ones_stay(settings):
    settings.MONITORING_SUPPRESS_BELOW = 3
    assert suppress({"0401": 0, "0402": 1, "0403": 2, "0404": 3, "0405": None, "0406": 40}) == {
        "0401": 0, "0402": None, "0403": None, "0404": 3, "0405": None, "0406": 40}
    assert suppress({"0402": 4}, threshold=5) == {"0402": None}
