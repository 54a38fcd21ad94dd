"""Runs the same task functions on a Ray cluster (`pip install "newscorpus[ray]"`).

Ray only schedules: each call is the plain function a local worker would run,
reading and writing the same files, so the corpus is the same whichever
executor built it. With no address a local Ray is started with `workers` CPUs;
`auto` joins the cluster this machine belongs to; `ray://host:port` connects a
client to a remote head.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any


def _call(fn: Callable[[Any], Any], item: Any) -> Any:
    return fn(item)


class RayExecutor:
    name = "ray"

    def __init__(self, address: str | None = None, workers: int = 0) -> None:
        try:
            import ray
        except ImportError as exc:  # the extra is optional
            from pipeline.executors import ExecutorError

            raise ExecutorError('the Ray executor needs Ray: pip install "newscorpus[ray]"') from exc
        self._ray = ray
        if not ray.is_initialized():
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
            if address:
                options["address"] = address
            elif workers:
                options["num_cpus"] = workers
            ray.init(**options)

    def release(self) -> None:
        """Nothing to give back: Ray manages its workers, and the cluster is the caller's."""

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        ray = self._ray
        remote = ray.remote(num_cpus=1, max_retries=2)(_call)
        fn_ref = ray.put(fn)  # shipped once, not once per item
        pending = [remote.remote(fn_ref, item) for item in items]
        try:
            while pending:
                done, pending = ray.wait(pending, num_returns=1)
                yield ray.get(done[0])
        except BaseException:
            for ref in pending:
                ray.cancel(ref, force=True)
            raise
