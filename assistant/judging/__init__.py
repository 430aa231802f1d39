"""Judging: a verdict from a frame and the figures computed for it. Pure functions, no model,
no I/O: every rule here is unit-tested on hand-made figures."""
