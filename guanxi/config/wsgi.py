import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanxi.config.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 (load every view module now, not on the first request)
# What the app loaded lives as long as the process: keep it out of the garbage collector's
# full passes, which otherwise walk it all (up to 120 ms in a loaded process;
# benchmarks/account_pages.py --gc-freeze, docs/performance.md).
gc.freeze()
