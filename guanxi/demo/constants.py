"""Fixed facts of the demo workspace.

Every date in the demo is counted from DEMO_TODAY, never from the clock, so that the same
seed always builds the same workspace. The sales history ends on this day; activities after
it are planned. The UI may of course run later than this day.
"""

from __future__ import annotations

from datetime import date

DEMO_TODAY = date(2026, 11, 27)
DEMO_PASSWORD = "guanxi-demo"  # noqa: S105 - printed for the demo users, never for real ones
SALES_MONTHS = 36
ACTIVITY_DAYS_BACK = 540
ACTIVITY_DAYS_AHEAD = 75

SOUTH_TEAM = "华南大客户组"
EAST_TEAM = "华东大客户组"

FURNITURE_MAKER_CODE = "C100001"
KICKBACK_ACCOUNT_CODE = "C100002"
SHOWCASE_CODES = (FURNITURE_MAKER_CODE, KICKBACK_ACCOUNT_CODE)


def customer_code(index: int) -> str:
    """The ERP key of the index-th demo account (0-based); the showcases are the first two."""
    return f"C{100001 + index}"
