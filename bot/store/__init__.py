"""The statement store: models, engine set-up, migrations, repositories and search; the
store's view of a statement (views.py), the review outbox (outbox.py), exactly-once
delivery claims (delivery.py) and writes that wait for a busy store (busy.py)."""
