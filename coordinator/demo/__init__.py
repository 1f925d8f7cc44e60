"""The demo district: a deterministic synthetic 海珠区 and its loader.

`catalogue` holds the hand-written facts (departments, their items taken
from the source documents, streets, industries); `generate` turns them into
`data/demo/district.json` with `coordinator.seeded.SeededStream` (same bytes
on every machine); `load` puts that file into the database, idempotently.
"""
