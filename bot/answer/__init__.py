"""Question understanding, retrieval and ranking, answer composition."""
