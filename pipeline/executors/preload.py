"""Imported by the local pool's fork server: what every task needs, built once before any worker forks.

A fork server can only be told which modules to import (`set_forkserver_preload`), so this module
does its work when it is imported. Each worker is forked from the server and shares what it built
(copy on write) instead of building its own: the language profiles (about 0.3 s of CPU), the
script table of every code point and the boilerplate lexicon (0.15 s each), the signatures'
token classes of every code point (0.15 s), and pandas, which
pyarrow imports at its first conversion of Python objects (0.3 to 0.5 s). Without it, every worker
of every build paid for them again, which dominated short builds. The objects are then frozen out
of the garbage collector's reach, so that a worker's collections neither scan nor copy them.
"""

import gc

import numpy as np
import pyarrow as pa

from pipeline.passes.minhash.body import char_classes
from pipeline.stages.boilerplate import generic_lexicon
from pipeline.stages.language import profiles
from pipeline.text import scripts_and_kinds

profiles()
scripts_and_kinds(np.zeros(1, np.uint32))
generic_lexicon()
char_classes()
pa.array([0])
gc.freeze()
