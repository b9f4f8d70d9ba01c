# A minimal Django project as a small shop runs it under gunicorn: one app, logging to a file
# (LOG_DIR from the environment, so the lab keeps it inside its host tree).
import os

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "lab-only-not-secret")
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"
INSTALLED_APPS = ["django.contrib.contenttypes"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
DATABASES = {}
USE_TZ = True
TIME_ZONE = "UTC"

LOG_DIR = os.environ.get("LOG_DIR", "/var/log/django")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s [%(levelname)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "file": {
            "class": "logging.FileHandler",
            "filename": os.path.join(LOG_DIR, "shop.log"),
            "formatter": "plain",
        },
    },
    "loggers": {
        "django": {"handlers": ["file"], "level": "INFO"},
        "shop": {"handlers": ["file"], "level": "INFO"},
    },
}

# The database behind HAProxy and the Celery broker, when the environment names them (the lab's Celery run).
if os.environ.get("DB_PORT"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.mysql",
            "HOST": os.environ.get("DB_HOST", "127.0.0.1"),
            "PORT": os.environ["DB_PORT"],
            "NAME": os.environ.get("DB_NAME", "app"),
            "USER": os.environ.get("DB_USER", "app"),
            "PASSWORD": os.environ.get("DB_PASSWORD", ""),
            # Persistent connections, as the talk's app had: a task keeps its connection between queries.
            "CONN_MAX_AGE": None,
        }
    }
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_TASK_TIME_LIMIT = 300
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
