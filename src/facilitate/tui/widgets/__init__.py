"""Widgets of the live companion, named by their role."""
