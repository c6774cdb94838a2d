"""The Word edition of the report: filling a docxtpl template, native charts, saving, and the PDF made from it."""
