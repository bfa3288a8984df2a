"""interreg: a knowledge graph of interregional cooperation from Russian-language news.

Four stages, data flowing one way: `ingest` (documents → facts), `graph`
(facts → a store), `queries` (the canned query catalogue), `viz` (views and report).
"""

__version__ = "0.1.0"
