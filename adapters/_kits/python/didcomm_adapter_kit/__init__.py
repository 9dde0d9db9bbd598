"""didcomm-conformance adapter kit for Python: serve protocol v1 over stdio (``serve``), say what the agent
cannot do (``Unsupported``), and claim capabilities one direction at a time (``Claims``). See README.md."""
from .claims import Claims
from .rpc import Unsupported, serve

__all__ = ["Claims", "Unsupported", "serve"]
