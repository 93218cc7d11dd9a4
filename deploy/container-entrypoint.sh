#!/bin/sh
# The container's one command: `web` (gunicorn), `worker`, `migrate`, or any manage.py command.
set -e
case "${1:-web}" in
  web) exec gunicorn klynge.wsgi --bind 0.0.0.0:8000 --workers "${WEB_WORKERS:-3}" \
         --threads "${WEB_THREADS:-2}" --timeout 30 --no-control-socket --preload --access-logfile - ;;
  worker) exec python manage.py db_worker --no-reload --queue-name '*' ;;
  migrate) python manage.py migrate --noinput && exec python manage.py createcachetable ;;
  *) exec python manage.py "$@" ;;
esac
