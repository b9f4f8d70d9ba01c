# Release 2.4.0 of the shop's views: prices now come from the new price table, which the release forgot to fill
# for most products, so the product page raises KeyError for them (the sales report is unchanged).
import logging
import os
import time

from django.http import JsonResponse

log = logging.getLogger("shop")
REPORT_SECONDS = float(os.environ.get("REPORT_SECONDS", "8"))
PRICES = {1: 9.5}


def product(request, pk):
    return JsonResponse({"id": pk, "name": f"product {pk}", "price": PRICES[pk]})


def sales_report(request):
    log.info("building the sales report for %s", request.GET.get("month", "all months"))
    time.sleep(REPORT_SECONDS)
    return JsonResponse({"total": 0})
