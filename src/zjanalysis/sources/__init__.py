"""Raw documents as they were published, and their origin records.

``data/raw/`` is never edited: this package reads it (origin records, md5 checks) and nothing
else; ``yamlfile`` reads YAML strictly (duplicate keys refused, lines kept), for the origin
record and the build manifest. It may import ``zjanalysis.paths`` and ``zjanalysis.errors`` only.
"""
