"""Probe results kept across sessions. The harness starts an adapter once per suite file, and each start
answers ``describe``: a probe of a second or two each time adds up over a run. With
``DIDCOMM_ADAPTER_CACHE`` set to a folder (adapter.json: ``"env": {"DIDCOMM_ADAPTER_CACHE": "${build}"}``,
the adapter's build folder), the capabilities are computed once and read back afterwards.

The key covers everything that decides the answer: the Python version, every installed distribution and its
version, and the path and contents of each input (the adapter's and the kit's sources, the vectors). A change
to any of them is a new key; without the variable nothing is cached.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from importlib.metadata import distributions
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Iterable

ENV = "DIDCOMM_ADAPTER_CACHE"


def _key(inputs: Iterable[Path]) -> str:
    digest = hashlib.sha256(sys.version.encode())
    for name in sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions()):
        digest.update(f"\0{name}".encode())
    for path in sorted({p.resolve() for p in inputs if p.is_file()}):
        digest.update(f"\0{path}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


async def cached(compute: Callable[[], Awaitable[Dict[str, Any]]], inputs: Iterable[Path]) -> Dict[str, Any]:
    """``compute()``'s result, from the cache folder when one is set and holds it for these ``inputs``."""
    folder = os.environ.get(ENV)
    if not folder:
        return await compute()
    file = Path(folder) / f"capabilities-{_key(inputs)}.json"
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = await compute()
    try:
        # Written aside and renamed: two sessions probing at once never read half a file.
        with tempfile.NamedTemporaryFile("w", dir=folder, prefix=".capabilities-", delete=False, encoding="utf-8") as out:
            json.dump(value, out)
        os.replace(out.name, file)
    except OSError:
        pass  # a read-only cache folder only costs the next session its own probe
    return value


def sources(*folders: Path, patterns: Iterable[str] = ("*.py",)) -> Iterable[Path]:
    """The files under ``folders`` matching ``patterns`` (recursively), as cache inputs."""
    for folder in folders:
        for pattern in patterns:
            yield from folder.rglob(pattern)
