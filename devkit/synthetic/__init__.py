"""Synthetic POI report rows: clean values, lossy rendering to raw tab fields."""

from devkit.synthetic.rows import SAMPLE_RATES, Corruption, clean_row, render_fields, synthetic_rows

__all__ = ["SAMPLE_RATES", "Corruption", "clean_row", "render_fields", "synthetic_rows"]
