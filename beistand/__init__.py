"""Beistand: a platform for networks of counselling centres."""
