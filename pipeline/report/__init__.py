"""A corpus in pictures and tables: `newscorpus report` (one HTML file) and `newscorpus stats` (the terminal).

`data` aggregates the output folder with DuckDB, `charts` turns the aggregates
into Vega-Lite specs with Altair, `html` renders the self-contained page and
`terminal` the same figures as rich tables.
"""
