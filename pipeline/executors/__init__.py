"""Executors run tasks; they decide where, never what. Same tasks, same output."""
