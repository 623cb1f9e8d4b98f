"""Analyses of the curated tables: series across vintages, trends, attainment, profiles.

Each module takes ids and returns DataFrames or sentences; nothing here draws or writes files.
May import ``tables`` and ``sources``, never reports or running.
"""
