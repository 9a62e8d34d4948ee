"""Multilingual neutral news summarization pipeline."""

__version__ = "0.1.0"
