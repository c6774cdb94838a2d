"""The HTML edition of the report: one self-contained, accessible page, filled from the same data as Word."""
