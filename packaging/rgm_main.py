"""The bundle's entry point (PyInstaller): the same as the ``rgm`` command and ``main.py``.

It lives outside the program's packages so that they are found where the build installed them
(a runtime-only environment), not in the clone.
"""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
