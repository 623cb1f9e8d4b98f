"""Running reports: parameters and their checks, one notebook through Papermill, the
manifest and the scheduled build with its index.

The top layer under the CLI: may import every other package of the suite.
"""
