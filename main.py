"""Reintegration Grant Manager: `python main.py` is the same as the `rgm` command."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
