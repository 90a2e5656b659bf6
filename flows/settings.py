"""Defaults of the settings the flows take as parameters: the quarterly schedule, the inbox, the lock wait.

They live at the flows' level so that `flows/schedule.py` uses them without importing the CLI;
`poi_warehouse/settings.py` and `poi_warehouse/cli_ops.py` read the environment and the flags over them,
and check what they read. Importing this module does not import Prefect (`poi-etl --help` stays fast).
"""

from __future__ import annotations

DEFAULT_SCHEDULE_CRON = "0 6 20 1,4,7,10 *"  # 06:00 on 20 Jan, 20 Apr, 20 Jul, 20 Oct
DEFAULT_SCHEDULE_TZ = "America/Lima"
DEFAULT_INBOX = "inbox"
DEFAULT_LOCK_WAIT = 120.0  # seconds a load waits for a warehouse another process holds
