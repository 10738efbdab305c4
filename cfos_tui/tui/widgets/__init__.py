"""Widgets and small modals of the workbook."""
