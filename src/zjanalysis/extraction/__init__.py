"""Extraction of candidate target rows from raw policy documents.

``normalise`` cleans a raw text while keeping a map back to raw offsets; ``quantities`` finds
numbers with units, scales, comparators and ranges (and numbers the scrape stripped);
``statements`` links each quantity to an indicator, kind, year and place; ``candidates``
writes reviewable rows and appends the kept ones to the curated table.

May import ``tables``, ``sources`` and the leaves, never analysis, reports or running.
"""
