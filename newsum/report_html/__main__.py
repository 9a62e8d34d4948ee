import sys

from newsum.report_html.cli import main

sys.exit(main())
