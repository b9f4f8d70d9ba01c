"""
Django settings for shop project.
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', 'django-insecure-change-me')
DEBUG = False
ALLOWED_HOSTS = ['shop.example.com']

INSTALLED_APPS = [
    'django.contrib.admin',
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'orders',
]

# The app talks to the Galera cluster through the local HAProxy.
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.mysql',
        'NAME': 'shop',
        'USER': 'shop',
        'PASSWORD': os.environ.get('DB_PASSWORD', ''),
        'HOST': '127.0.0.1',
        'PORT': '3306',
        # Keep connections open between requests (Celery tasks reuse them too)
        'CONN_MAX_AGE': None,
    }
}

CELERY_BROKER_URL = 'redis://127.0.0.1:6379/0'
CELERY_TASK_ACKS_LATE = True
