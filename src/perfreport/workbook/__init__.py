"""The owners' workbook: its schema, reading, writing and rolling forward."""

from perfreport.workbook.reader import WorkbookContent, read_workbook
from perfreport.workbook.rollforward import RolledForward, roll_forward
from perfreport.workbook.writer import new_workbook, write_workbook

__all__ = ["RolledForward", "WorkbookContent", "new_workbook", "read_workbook", "roll_forward", "write_workbook"]
