from transforms.summaries import execution_rate, execution_rate_markdown


def test_execution_rate_per_unit_and_quarter(sample_frames):
    rates = execution_rate(sample_frames)
    assert set(rates["quarter"]) == {1, 2, 3, 4}
    assert rates["unit_name"].nunique() == 24
    determined = rates[rates["programmed"] > 0]
    assert ((determined["rate"] - determined["executed"] / determined["programmed"]).abs() < 0.001).all()
    text = execution_rate_markdown(sample_frames)
    assert text.startswith("# Execution rate — poi_2017_t4.txt (2017 Q4)")
    assert text.count("\n| ") == 24 + 1  # header + one line per unit
