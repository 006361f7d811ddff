"""``python -m scrutiny`` runs the command line."""

import sys

from .cli import main

# Guarded: a reading child process (multiprocessing's spawn) imports this module again
# under another name, and must not run the command line a second time.
if __name__ == "__main__":
    sys.exit(main())
