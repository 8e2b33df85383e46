"""``lotsen`` and ``python -m lotsen_app``: the window by default, subcommands for headless work."""

from __future__ import annotations

import sys

from lotsen_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
