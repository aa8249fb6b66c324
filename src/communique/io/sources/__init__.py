"""Readers that turn files and streams into Articles, one reader per input kind.

``read_inputs(paths, ...)`` yields, in input order, either an :class:`Article` or an
:class:`~communique.core.errors.InputError` naming the file, the line where there is one,
and the reason. A bad input never stops the others.
"""

from communique.io.sources.read import SUPPORTED_EXTENSIONS, ReadOptions, read_inputs, read_stream

__all__ = ["SUPPORTED_EXTENSIONS", "ReadOptions", "read_inputs", "read_stream"]
