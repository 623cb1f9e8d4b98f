"""Raw documents as they were published, and their origin records.

``data/raw/`` is never edited: this package reads it (origin records, md5 checks) and nothing
else. It may import ``zjanalysis.paths`` and ``zjanalysis.errors`` only.
"""
