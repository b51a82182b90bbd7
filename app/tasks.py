"""The one way blocking work leaves the GUI thread: a thread pool with callbacks.

``runner.submit(fn, on_success, on_failure)`` runs ``fn`` on a worker thread and calls
exactly one of the callbacks later on the thread that owns the runner (the GUI thread).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


class _Job(QRunnable):
    def __init__(self, runner: TaskRunner, job_id: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._runner, self._id, self._fn = runner, job_id, fn

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # handed to the failure callback, never lost
            self._runner._job_finished.emit(self._id, None, exc)
        else:
            self._runner._job_finished.emit(self._id, result, None)


class TaskRunner(QObject):
    # Emitted from worker threads; Qt queues it to the runner's own (GUI) thread.
    _job_finished = Signal(int, object, object)

    def __init__(self, max_threads: int = 8, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Success | None, Failure | None]] = {}
        self._closed = False
        self._job_finished.connect(self._on_self_job_finished)

    def submit(self, fn: Callable[[], Any], on_success: Success | None = None,
               on_failure: Failure | None = None) -> int:
        job_id = next(self._ids)
        if self._closed:
            return job_id
        self._callbacks[job_id] = (on_success, on_failure)
        self._pool.start(_Job(self, job_id, fn))
        return job_id

    def cancel_callbacks(self, job_id: int) -> None:
        """Forget a job's callbacks: its result is no longer wanted."""
        self._callbacks.pop(job_id, None)

    def pending(self) -> int:
        return len(self._callbacks)

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Drop every callback and wait (bounded) for running jobs; True if all ended."""
        self._closed = True
        self._callbacks.clear()
        return self._pool.waitForDone(timeout_ms)

    @Slot(int, object, object)
    def _on_self_job_finished(self, job_id: int, result: Any, error: Any) -> None:
        if job_id not in self._callbacks:
            return  # cancelled, or the runner shut down
        on_success, on_failure = self._callbacks.pop(job_id)
        if error is None:
            if on_success is not None:
                on_success(result)
        elif on_failure is not None:
            on_failure(error)
        else:
            log.error("background job failed", exc_info=error)
