"""``python -m fairshift.cli``."""

import sys

from fairshift.cli import main

sys.exit(main())
