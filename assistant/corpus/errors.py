"""The one error type corpus loading raises: it always says where the problem is."""

from __future__ import annotations


class CorpusError(ValueError):
    """A corpus file is malformed. ``str()`` reads ``file:line: column 'x': what is wrong``."""

    def __init__(
        self, path: str, message: str, *, line: int | None = None, column: str | None = None
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        where = path if line is None else f"{path}:{line}"
        if column is not None:
            where += f": column '{column}'"
        super().__init__(f"{where}: {message}")
