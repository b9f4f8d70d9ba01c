"""The ticketing API: a plain WSGI app under uWSGI, one PostgreSQL connection per worker (psycopg2)."""
import json
import os
import re

import psycopg2

_conn = None
BOOK = re.compile(r"^/events/(\d+)/book$")
SHOW = re.compile(r"^/events/(\d+)$")


def connection():
    # Opened in the worker after the fork (uWSGI's master imports the app before forking unless lazy-apps).
    global _conn
    if _conn is None or _conn.closed:
        _conn = psycopg2.connect(
            host=os.environ["PGHOST"],
            port=os.environ["PGPORT"],
            user=os.environ["PGUSER"],
            password=os.environ["PGPASSWORD"],
            dbname=os.environ["PGDATABASE"],
            application_name="tickets",
        )
    return _conn


def respond(start_response, status, body):
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    method = environ.get("REQUEST_METHOD", "GET")
    conn = connection()
    with conn:
        with conn.cursor() as cur:
            book = BOOK.match(path)
            if book and method == "POST":
                cur.execute("UPDATE events SET free = free - 1 WHERE id = %s RETURNING free", (int(book.group(1)),))
                row = cur.fetchone()
                return respond(start_response, "200 OK", {"event": int(book.group(1)), "free": row[0]})
            show = SHOW.match(path)
            if show:
                cur.execute("SELECT free FROM events WHERE id = %s", (int(show.group(1)),))
                row = cur.fetchone()
                return respond(start_response, "200 OK", {"event": int(show.group(1)), "free": row[0]})
    return respond(start_response, "404 Not Found", {"error": "not found"})
