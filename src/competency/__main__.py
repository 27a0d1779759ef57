"""``python -m competency``: the same command line as ``competency``."""

import sys

from competency.cli import main

if __name__ == "__main__":
    sys.exit(main())
