# The product page answers at once; the sales report runs a slow aggregation in the request
# (REPORT_SECONDS, a stand-in for an unindexed aggregation), longer than gunicorn's --timeout: the arbiter kills the worker mid-request.
import logging
import os
import time

from django.http import JsonResponse

log = logging.getLogger("shop")
REPORT_SECONDS = float(os.environ.get("REPORT_SECONDS", "8"))


def product(request, pk):
    return JsonResponse({"id": pk, "name": f"product {pk}", "price": 9.5})


def sales_report(request):
    log.info("building the sales report for %s", request.GET.get("month", "all months"))
    # Stands for the slow query: the sync worker is inside the request and cannot tell the arbiter it lives.
    time.sleep(REPORT_SECONDS)
    return JsonResponse({"total": 0})
