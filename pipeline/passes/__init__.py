"""Corpus-level passes: work that needs every document, done over the work
shards as explicit file-based steps rather than hidden global state."""
