"""The statement store: models, engine set-up, migrations, repositories and search."""
