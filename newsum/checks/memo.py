"""How many texts the checks' per-text caches remember."""

# The checks of one article ask for the numbers, names and sentences of the same source text many
# times (once per summary, translation and figure): remember recent texts instead of rescanning
# them. Two batches of 250 articles are in flight, and an article's summary and translation checks
# are hundreds of other articles' checks apart, so a cache must hold thousands of texts to hit.
RECENT_TEXTS = 4096
