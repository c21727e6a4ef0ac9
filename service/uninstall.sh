#!/bin/sh
# Stops and removes battery-aggregator; keeps its config in /data/setupOptions/BatteryAggregator.
# PREFIX (default empty) relocates every path, for tests.
set -eu
NAME=BatteryAggregator
APP_DIR="${PREFIX:-}/data/$NAME"
SERVICE_LINK="${PREFIX:-}/service/$NAME"
RC_LOCAL="${PREFIX:-}/data/rc.local"
RC_LINE="ln -sfn /data/$NAME/service /service/$NAME # $NAME"

rm -f "$SERVICE_LINK"
# -x: supervise exits once the service is down (svscan will not restart it: the link is gone).
if command -v svc >/dev/null 2>&1 && [ -d "$APP_DIR/service/supervise" ]; then
  svc -dx "$APP_DIR/service" "$APP_DIR/service/log" || true
fi
if [ -f "$RC_LOCAL" ]; then
  grep -vxF "$RC_LINE" "$RC_LOCAL" > "$RC_LOCAL.new" || true
  cat "$RC_LOCAL.new" > "$RC_LOCAL" && rm -f "$RC_LOCAL.new"
fi
rm -rf "$APP_DIR"
echo "removed; the config in ${PREFIX:-}/data/setupOptions/$NAME is kept (delete it by hand if unwanted)"
echo "choose another battery monitor under Settings -> System setup -> Battery monitor"
