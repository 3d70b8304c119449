"""The statement kinds that take a position, as against describing ("assessment") or none.

One list for every reader of the stored kind: the ranking (a courtesy that takes a position
is no mere courtesy), the digest's significance (a position outweighs an assessment).
"""

POSITION_KINDS = frozenset({"condition", "demand", "offer", "rejection", "warning"})
