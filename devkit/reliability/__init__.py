"""Reliability cases (bad inputs, hostile environments, kill points, signals, pipes) and their runners.

Used by tests/reliability/ and scripts/reliability_report.py, which writes docs/reliability.md.
"""
