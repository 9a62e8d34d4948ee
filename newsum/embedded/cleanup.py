"""Process-wide cleanup of running servers: an atexit hook, and a SIGTERM handler installed only
while a server runs."""

from __future__ import annotations

import atexit
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsum.embedded.server import EmbeddedServer

SignalHandler = Callable[[int, FrameType | None], Any] | int | None

_running: set[EmbeddedServer] = set()
_registry_lock = threading.Lock()
_previous_sigterm: SignalHandler = None
_sigterm_installed = False


def _stop_all() -> None:
    for server in list(_running):
        server.stop()


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    previous = _previous_sigterm
    _stop_all()  # restores the previous handler once the last server is gone
    if callable(previous):
        previous(signum, frame)
    else:
        # SIG_DFL would kill us without unwinding; SystemExit unwinds (finally blocks, other
        # atexit hooks) and still exits with the status a shell reports for SIGTERM.
        raise SystemExit(128 + signum)


def register(server: EmbeddedServer) -> None:
    with _registry_lock:
        first = not _running
        _running.add(server)
    if first:
        atexit.register(_stop_all)
    _install_sigterm_handler()


def unregister(server: EmbeddedServer) -> None:
    with _registry_lock:
        _running.discard(server)
        last = not _running
    if last:
        atexit.unregister(_stop_all)
        _restore_sigterm_handler()


def _install_sigterm_handler() -> None:
    global _previous_sigterm, _sigterm_installed
    # signal.signal only works in the main thread; elsewhere atexit and PDEATHSIG still apply.
    if _sigterm_installed or threading.current_thread() is not threading.main_thread():
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous == signal.SIG_IGN:
        return  # the process chose to survive SIGTERM (nohup-like); then the server may too
    _previous_sigterm = previous
    signal.signal(signal.SIGTERM, _on_sigterm)
    _sigterm_installed = True


def _restore_sigterm_handler() -> None:
    global _previous_sigterm, _sigterm_installed
    # From another thread it stays installed; with no server left it only does what the
    # previous handler would have done (see _on_sigterm).
    if not _sigterm_installed or threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is _on_sigterm:  # unless someone replaced it since
        restore = _previous_sigterm if _previous_sigterm is not None else signal.SIG_DFL
        signal.signal(signal.SIGTERM, restore)
    _sigterm_installed = False
    _previous_sigterm = None
