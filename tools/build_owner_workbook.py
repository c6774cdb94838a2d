"""Build templates/owner-workbook.xlsx, the blank standard workbook sent to indicator owners.

Run: python tools/build_owner_workbook.py
"""

from __future__ import annotations

from shipping import ship

from perfreport.shipped import OWNER_WORKBOOK
from perfreport.workbook import new_workbook

if __name__ == "__main__":
    ship(OWNER_WORKBOOK, new_workbook)
