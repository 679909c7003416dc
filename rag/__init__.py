"""rag: local, private question answering over your own documents.

The public names load lazily, so `import rag` (and `rag --help`) stays instant.
"""
__version__ = "0.1.0"
__all__ = ["VectorstoreIndexCreator", "LocalIndex", "open_index"]


def __getattr__(name: str):
    if name in __all__:
        from rag import api

        return getattr(api, name)
    raise AttributeError(f"module 'rag' has no attribute {name!r}")
