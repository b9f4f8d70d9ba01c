# The monthly totals task holds one database connection for its whole run: it reads the orders, works on
# them for a while (WORK_SECONDS, a stand-in for rendering and mailing the report), then writes the total.
# Between the two queries the connection is idle — longer than HAProxy's `timeout server`.
import logging
import os
import time

from django.db import connection

from .celery import app

log = logging.getLogger("shop")
WORK_SECONDS = float(os.environ.get("WORK_SECONDS", "5"))


@app.task
def monthly_totals(month):
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM information_schema.tables")
        (n,) = cur.fetchone()
        log.info("monthly totals for %s: %s rows read", month, n)
        time.sleep(WORK_SECONDS)
        cur.execute("SELECT %s", [n])
        return cur.fetchone()[0]
