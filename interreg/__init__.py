"""interreg: a knowledge graph of interregional cooperation from Russian-language news.

Four stages, data flowing one way: `ingest` (documents → facts), `graph`
(facts → a store), `queries` (the canned query catalogue), `viz` (views and report).
"""

__version__ = "0.1.0"

import warnings

# pymorphy2 (under natasha) imports pkg_resources, whose deprecation warning would
# otherwise open every command's output; nothing in this project can act on it.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
