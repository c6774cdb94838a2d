"""The Key's data items: what each part of an indicator's page means, in the published report's order and
words. Every edition's Key is written from this one list, with the scheme's ratings named in it."""

from __future__ import annotations

from perfreport.rating.scheme import Scheme

# Each item's name and explanation; {ratings} stands for the scheme's ratings, {actions_for} for its worst.
DATA_ITEMS = (
    ("Target / Pro Rata Target", "The indicator's target for the reporting period; where a target covers a longer "
     "period, the part of it due by the end of this one."),
    ("Current Month / Current Period", "The latest figure for the reporting period: for the month, quarter or year, "
     "or a forecast for the year."),
    ("Previous Month / previous period", "The figure reported for the period before."),
    ("Direction for Improvement", "Whether a higher or a lower figure is the better performance."),
    ("Change in Performance", "Whether performance is improving, declining or unchanged: the latest figure "
     "compared with the previous one, taking account of the direction for improvement."),
    ("Statistical Neighbours Mean", "Where given, for comparison: the mean of the councils most like ours "
     "(statistical neighbours), from the latest data available."),
    ("England Mean", "Where given, for comparison: the mean for England, from the latest national data."),
    ("RAG Rating", "How current performance compares with the target: {ratings}. Each is explained below, in its "
     "colours."),
    ("Indicator Description", "How the indicator is measured; where there is a national definition it is "
     "followed, so that the figure can be compared with those of similar councils."),
    ("Commentary", "What lies behind the figures for the reporting period."),
    ("Actions", "What is being done to address under-performance: expected for every indicator rated "
     "{actions_for}, and shown for any other whose owner gives them."),
    ("Useful Links", "Where to find related documents, such as national data and definitions."),
)


def data_items(scheme: Scheme) -> list[dict[str, str]]:
    """The data items with the scheme's ratings named, each with its ``name`` and ``explanation``."""
    ratings, actions_for = ", ".join(s.name for s in scheme.listed), scheme.bands[0].name
    return [{"name": name, "explanation": explanation.format(ratings=ratings, actions_for=actions_for)}
            for name, explanation in DATA_ITEMS]
