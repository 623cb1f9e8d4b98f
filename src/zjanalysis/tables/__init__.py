"""The curated tables: column declarations, validation, loading, quote lookup, value display.

Every column is declared once in ``schema``; ``validation`` derives its checks from those
declarations and ``loading`` returns validated DataFrames. May import ``sources`` (and the
leaves ``paths`` and ``errors``), never analysis, reports or running.
"""
