"""Screens of the workbook."""
