"""``python -m proxycert``: the same command line as the ``proxycert`` console script."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
