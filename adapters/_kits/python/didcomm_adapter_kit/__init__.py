"""didcomm-conformance adapter kit for Python: serve protocol v1 over stdio (``serve``), say what the agent
cannot do (``Unsupported``), claim capabilities one direction at a time (``Claims``), and offer the optional ``benchmark`` over the
adapter's own pack and unpack (``with_benchmark``). See README.md."""
from .benchmark import benchmark_through, with_benchmark
from .claims import Claims
from .rpc import Unsupported, serve

__all__ = ["Claims", "Unsupported", "benchmark_through", "serve", "with_benchmark"]
