"""newscorpus: raw, messy, multilingual news in; a clean, documented research corpus out."""

__version__ = "0.1.0"
