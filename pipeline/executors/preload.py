"""Imported by the local pool's fork server: the tables every task reads, built once before any worker forks.

A fork server can only be told which modules to import (`set_forkserver_preload`), so this module
builds the tables when it is imported. Each worker is forked from the server and shares them
(copy on write) instead of building its own: the language profiles (about 1.6 s of CPU), the
script table of every code point (0.5 s) and the boilerplate lexicon (0.15 s). Without it, every
worker of every build paid for them again, which dominated short builds.
"""

import numpy as np

from pipeline.stages.boilerplate import generic_lexicon
from pipeline.stages.language import profiles
from pipeline.text import scripts_and_kinds

profiles()
scripts_and_kinds(np.zeros(1, np.uint32))
generic_lexicon()
