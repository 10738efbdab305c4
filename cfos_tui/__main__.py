import sys

from cfos_tui.cli import main

sys.exit(main())
