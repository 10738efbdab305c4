"""cfos-plan: a terminal workbook for a community-first open-source transition."""

__version__ = "0.1.0"
