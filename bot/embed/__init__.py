"""Dense vectors for statements and questions (issue 14): the embedding models behind one
small interface, the configured one chosen by ATTACHE_EMBEDDER, and the text a statement
is embedded from.

Nothing here imports the store or the answer engine; nothing here downloads anything.
numpy and the model libraries are imported only when a model is loaded.
"""

from bot.embed.base import Embedder
from bot.embed.config import ENV_VAR, configured_embedder, embedder_for
from bot.embed.text import statement_embedding_text

__all__ = [
    "ENV_VAR",
    "Embedder",
    "configured_embedder",
    "embedder_for",
    "statement_embedding_text",
]
