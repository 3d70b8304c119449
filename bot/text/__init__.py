"""Text analysis and the knowledge it reads, below everything that stores or answers.

`analysis` (folding, words, stems, the full-text form), `entities` (tokens, mentions and the
`Resolver` over the gazetteer), `gazetteer` and `countries` (the known entities and their
names), `roles` (offices: "foreign minister of X"), `particles` (the small words of names:
"von der", "bin"; honorifics), `redact` (a URL's password out of what is logged or shown).
Pure functions over text and the files in `data/`; the store, ingestion, answering and
digests all build on them (bot/layers.py).
"""
