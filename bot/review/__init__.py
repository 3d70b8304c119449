"""Reviewing pending statements as cards: the queue's order, the card each statement makes
(its shape is bot.core.review_card's), what a card's buttons do (bot/commands/review.py runs
them), the review channel of a workspace, and the notifier that posts the outbox's notices
(bot/store/outbox.py) there. Its SQL is in queries.py."""
