"""The owners' workbook: its schema, reading and writing."""

from perfreport.workbook.reader import WorkbookContent, read_workbook
from perfreport.workbook.writer import new_workbook, write_workbook

__all__ = ["WorkbookContent", "new_workbook", "read_workbook", "write_workbook"]
