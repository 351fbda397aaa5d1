"""facilitate: a companion for facilitators of live, participatory workshops."""

__version__ = "0.1.0"
