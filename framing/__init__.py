"""framing: tone and framing analytics of news."""

from ._version import __version__

__all__ = ["__version__"]
