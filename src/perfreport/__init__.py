"""perfreport: turn indicator owners' Excel workbooks into a committee's Word performance report."""

__version__ = "0.1.0"
