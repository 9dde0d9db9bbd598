"""Adapter protocol v1 over stdio for didcomm-messaging (Indicio), with the crypto backend named by
``--backend askar|authlib`` (default askar). Run by the harness with the virtual environment it built from
requirements.txt (adapter.json); see README.md."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # the adapter runs from the source tree: leave no __pycache__ in it
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_kits" / "python"))

from didcomm_adapter_kit import serve, with_benchmark  # noqa: E402


def main() -> None:
    backend = "askar"
    args = sys.argv[1:]
    if args[:1] == ["--backend"] and len(args) == 2 and args[1] in ("askar", "authlib"):
        backend = args[1]
    elif args:
        print("usage: main.py [--backend askar|authlib]", file=sys.stderr)
        sys.exit(2)

    def table():
        from handlers import handlers  # the library's imports, once stdout is protected

        return with_benchmark(handlers(backend))

    serve(table)


if __name__ == "__main__":
    main()
