"""The contract every per-document stage keeps.

A stage is a small callable: it takes one `Document` and returns it (changed
or not) or a `Reject`. It holds no state across documents except its counters,
so a process pool or a cluster engine can call it anywhere. Options come from
the recipe's `[stages.<name>]` table; an unknown option is an error, not a
silent default.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar

from pipeline.document import Document, Reject


class Stage:
    name: ClassVar[str]
    #: option name -> default value; the recipe may override any of them
    defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, **options: Any) -> None:
        unknown = set(options) - set(self.defaults) - {"enabled"}
        if unknown:
            raise ValueError(f"stage {self.name!r}: unknown option(s) {', '.join(sorted(unknown))}")
        self.options = {**self.defaults, **{k: v for k, v in options.items() if k != "enabled"}}
        self.stats: Counter[str] = Counter()

    def __call__(self, doc: Document) -> Document | Reject:
        raise NotImplementedError

    def count(self, key: str, n: int = 1) -> None:
        if n:
            self.stats[key] += n

    def reject(self, doc: Document, reason: str, message: str) -> Reject:
        self.count(f"rejected_{reason}")
        return Reject(doc.source_path, doc.source_index, reason, message, stage=self.name, id=doc.id or None)
