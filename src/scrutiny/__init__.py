"""Scrutiny: HMICFRS inspection reports in, section 55 responses and tracked findings out."""

__version__ = "0.1.0"
