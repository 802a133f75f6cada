#!/usr/bin/env python3
"""For schedulers (cron, Windows Task Scheduler): the year-end summary of a folder of registers.

    python scripts/annual_summary.py /data/registri --year 2025 -o /data/kopsavilkums

Runs `erasmus-xl summary --quiet` with the same options; the exit code is the command's
(0 every file read, 1 some skipped — listed on stderr, 2 nothing to summarise).
"""
import sys

from erasmus_xl.cli import app

if __name__ == "__main__":
    sys.exit(app(["summary", "--quiet", *sys.argv[1:]], standalone_mode=True))
