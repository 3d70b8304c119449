"""Reviewing pending statements as cards: the queue's order, the card each statement makes,
and what a card's buttons do (bot/commands/review.py runs them)."""
