"""aipolicy: an organisation's AI coding assistant policy as code."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
