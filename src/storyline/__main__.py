"""`python -m storyline`: the storyline command."""

import sys

from storyline.cli.main import main

sys.exit(main())
