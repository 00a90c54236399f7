"""Settings of the throughput benchmark (bench/throughput.py): the test settings (force_login, no second factor)
with the database connections kept open between requests, as production keeps them (``CONN_MAX_AGE``)."""

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES

DATABASES["default"]["CONN_MAX_AGE"] = 60
