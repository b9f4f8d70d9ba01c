# Sends the monthly totals tasks to the broker (what the shop's cron job does).
import sys

import django

django.setup()

from shop.tasks import monthly_totals  # noqa: E402

for month in sys.argv[1:]:
    monthly_totals.delay(month)
