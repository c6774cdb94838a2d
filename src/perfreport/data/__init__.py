"""The quarter as data: a table for analysts and dashboards, and comparators worked out from national data.
These use pandas (the ``data`` extra), which the rest of perfreport never imports."""
