"""Adapter protocol v1 over stdio for SICPA didcomm-python. Run by the harness with the virtual environment
it built from requirements.txt (adapter.json); see README.md."""
import sys
import warnings
from pathlib import Path

sys.dont_write_bytecode = True  # the adapter runs from the source tree: leave no __pycache__ in it
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_kits" / "python"))

from didcomm_adapter_kit import serve, with_benchmark  # noqa: E402


def table():
    import authlib.deprecate  # noqa: F401 - it installs an "always" filter for its warnings: let it, then override

    with warnings.catch_warnings():
        # Authlib 1.x announces that authlib.jose moves to joserfc; didcomm-python imports it all the same.
        warnings.simplefilter("ignore")
        from handlers import handlers  # the library's imports, once stdout is protected

    return with_benchmark(handlers())


if __name__ == "__main__":
    if sys.argv[1:]:
        print("usage: main.py (no arguments: the harness speaks protocol v1 on stdin/stdout)", file=sys.stderr)
        sys.exit(2)
    serve(table)
