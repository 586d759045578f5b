"""kg: Chinese news to a knowledge graph of actors, places and events."""

__version__ = "0.1.0"
