"""The owners' workbook: its schema, reading, writing and rolling forward."""

from perfreport.workbook.reader import WorkbookContent, read_workbook
from perfreport.workbook.rollforward import RolledForward, RolledForwardBy, roll_forward, roll_forward_by
from perfreport.workbook.writer import new_workbook, write_workbook

__all__ = [
    "RolledForward",
    "RolledForwardBy",
    "WorkbookContent",
    "new_workbook",
    "read_workbook",
    "roll_forward",
    "roll_forward_by",
    "write_workbook",
]
