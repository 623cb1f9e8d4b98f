"""Extraction of candidate target rows from raw policy documents.

``normalise`` cleans a raw text while keeping a map back to raw offsets; ``quantities`` finds
numbers with units, scales, comparators and ranges (and numbers the scrape stripped);
``statements`` links each quantity to an indicator, kind, year and place. One module per
command: ``extract`` (reviewable candidate rows), ``adding`` (a new raw document and its
origin record), ``curate`` (kept rows appended to the curated table); ``candidates`` is the
table they share (its columns, reading a document, figure keys).

May import ``tables``, ``sources`` and the leaves, never analysis, reports or running.
"""
