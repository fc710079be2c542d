"""Retention categories of case work (closed cases and what goes with them); registered in apps.ready()."""
