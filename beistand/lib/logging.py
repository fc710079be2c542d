"""Logging that cannot carry personal data.

Django's request loggers attach the request object and print the request
line. We drop the request object and cut query strings (a postcode or a
search term is personal data) so that only method, path and status remain.
No IP address is ever formatted: the project's own handlers have no field
for it and the development server's line does not contain one.
"""

import logging
import re

QUERY_STRING = re.compile(r"\?[^\s\"]*")


class RedactRequestFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        if isinstance(record.msg, str) and record.args:
            try:
                record.msg = record.msg % record.args
            except (TypeError, ValueError):
                record.msg = str(record.msg)
            record.args = None
        if isinstance(record.msg, str):
            record.msg = QUERY_STRING.sub("?…", record.msg)
        return True
