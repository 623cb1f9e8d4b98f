"""Reading YAML strictly: a key given twice in one mapping is an error, not a silent override;
aliases (``*name``, which can expand a few lines into billions of values) and nesting deeper
than ``MAX_DEPTH`` (which exhausts Python's stack) are refused where they occur.

Used for ``data/raw/origin.yaml`` and the build manifest. Nodes keep their line numbers, so
callers can name the line of each record.
"""

from __future__ import annotations

import yaml


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A mapping that gives one key twice."""


MAX_DEPTH = 20  # our files nest four levels at most


class StrictLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses duplicate keys, aliases and deep nesting."""

    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None,
                None,
                f"alias *{event.anchor} is not allowed: write the value out",
                event.start_mark,
            )
        if self._depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"nested deeper than {MAX_DEPTH} levels", event.start_mark
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                try:
                    key = self.construct_object(key_node, deep=True)
                    hash(key)
                except TypeError:
                    continue  # left to the base class to report
                if key in seen:
                    raise DuplicateKeyError(
                        None,
                        None,
                        f"key '{key}' given twice (first on line {seen[key]})",
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


def compose(text: str) -> yaml.Node | None:
    """The node tree of a YAML document (lines kept); ``yaml.YAMLError`` if it is not YAML."""
    return yaml.compose(text, Loader=StrictLoader)


def construct(node: yaml.Node):
    """The Python value of a node, duplicate keys refused; ``yaml.YAMLError`` or ``ValueError``
    (an impossible date such as 2020-02-30) on bad values."""
    return StrictLoader("").construct_document(node)


def line_of(node: yaml.Node) -> int:
    """The 1-based line a node starts on."""
    return node.start_mark.line + 1


def error_line(err: Exception) -> int | None:
    """The 1-based line a YAML error points at, if any."""
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    return mark.line + 1 if mark else None
