"""WSGI entry point for gunicorn: `gunicorn beistand.wsgi`."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from beistand.lib.env import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beistand.settings")

try:
    application = get_wsgi_application()
except ConfigError as error:
    sys.stderr.write(f"beistand: configuration error: {error}\n")
    raise SystemExit(2) from None
